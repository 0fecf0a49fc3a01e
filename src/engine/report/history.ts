/**
 * `docker history` for the simulated image (docker/cli
 * cli/command/formatter/history.go): IMAGE, CREATED, CREATED BY, SIZE, COMMENT,
 * newest layer first.
 *
 * CREATED BY is written the way BuildKit records it today (BuildKit is the
 * default builder since Docker Engine 23), not in the classic builder's
 * `/bin/sh -c #(nop)  CMD ["node"]` form:
 *
 *   RUN /bin/sh -c npm ci # buildkit        (RUN, COPY, ADD end in "# buildkit")
 *   COPY /app/dist ./dist # buildkit        (COPY --from: the flag is not recorded)
 *   WORKDIR /app
 *   ENV NODE_ENV=production
 *   CMD ["node" "dist/server.js"]           (Go's %q of the argument list)
 *   EXPOSE map[3000/tcp:{}]
 *
 * and every built row has the COMMENT `buildkit.dockerfile.v0`. IMAGE is the
 * image ID on the newest row and `<missing>` below it: BuildKit keeps no
 * intermediate images. Base-image rows use the catalog's CREATED BY text.
 */
import type { BuildResult, Layer } from '../simulate/types';
import type { Instruction } from '../dockerfile/types';
import { humanSize } from './human-size';
import { built, imageDigest, layerStages, splitTag } from './outcome';
import { goQuoteList } from '../go/quote';
import { ellipsis, humanDuration, tabwrite, truncateId } from './text';

export interface HistoryOptions {
  /** `--no-trunc`: full image ID and CREATED BY. */
  noTrunc?: boolean;
  /** How long ago the build ran, for CREATED of the built rows. Default 10 s. */
  secondsAgo?: number;
  /** CREATED of the base image's rows. Stagecraft does not know when a base image was built; default "2 months ago". */
  baseCreated?: string;
  /** The tag `docker history` was asked about, for the "No such image" error of a failed build. Default `app:latest`. */
  tag?: string;
}

export interface HistoryRow {
  /** BuildKit's CREATED BY text, untruncated. */
  createdBy: string;
  bytes: number;
  /** `bytes` as `docker history` prints it. */
  size: string;
  /** Stage that made the layer (`builder`, `stage-1`); null for base-image layers. */
  stage: string | null;
  base: boolean;
  /** The size is an estimate (base-image layers from compressed sizes, packages Stagecraft assumed). */
  estimated: boolean;
  /** A metadata-only entry (ENV, CMD…): no filesystem change. */
  empty: boolean;
  /** `buildkit.dockerfile.v0` for built rows, empty for base rows. */
  comment: string;
  /** 1-based Dockerfile line of the instruction, for built rows. */
  line: number | null;
  /** The instruction as written (one line), for built rows. */
  instruction: string | null;
}

export const BUILDKIT_COMMENT = 'buildkit.dockerfile.v0';

/** `EXPOSE 3000 53/udp 8000-8001` → Go's %v of the port set: `map[3000/tcp:{} 53/udp:{} 8000/tcp:{} 8001/tcp:{}]`. */
function exposeText(ins: Instruction): string {
  const ports = new Set<string>();
  for (const a of ins.args) {
    const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(a.value);
    if (!m) {
      ports.add(a.value);
      continue;
    }
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    const proto = (m[3] ?? 'tcp').toLowerCase();
    for (let p = from; p <= to && p - from < 1000; p++) ports.add(`${p}/${proto}`);
  }
  return `EXPOSE map[${[...ports].sort().map((p) => `${p}:{}`).join(' ')}]`;
}

/** BuildKit's history text for an instruction (frontend/dockerfile/dockerfile2llb: commitToHistory). */
export function buildkitCreatedBy(layer: Layer, workdir = '/'): string {
  const ins = layer.instruction;
  if (!ins || !ins.name) return layer.createdBy ?? '';
  const values = ins.args.map((a) => a.value);
  switch (ins.name) {
    case 'RUN': {
      const cmd = ins.json ? values.join(' ') : `/bin/sh -c ${ins.heredocs.length && /^(\d*<<-?\S+\s*)+$/.test(ins.argsText.trim()) ? ins.heredocs.map((h) => h.content).join('\n').replace(/\n$/, '') : ins.argsText}`;
      return `RUN ${cmd} # buildkit`;
    }
    case 'COPY':
    case 'ADD': {
      const flags = ['parents', 'chown', 'chmod'].flatMap((f) => ins.flags.filter((x) => x.name === f).map((x) => (x.value === null ? `--${f}` : `--${f}=${x.value}`)));
      const heredocs = new Set(ins.heredocs.map((h) => h.name));
      const sources = values.slice(0, -1).filter((v) => !/^<<-?/.test(v) && !heredocs.has(v));
      const inline = ins.heredocs.map((h) => `<<${h.name}`);
      return [ins.name, ...flags, ...sources, ...inline, values[values.length - 1] ?? ''].join(' ') + ' # buildkit';
    }
    case 'WORKDIR':
      return `WORKDIR ${workdir}`;
    case 'ENV':
    case 'LABEL':
      return [ins.name, ...ins.keyValues.map((kv) => `${kv.key}=${kv.value ?? ''}`)].join(' ');
    case 'CMD':
    case 'ENTRYPOINT': {
      const argv = ins.json ? values : ['/bin/sh', '-c', ins.argsText];
      return `${ins.name} ${goQuoteList(argv)}`;
    }
    case 'EXPOSE':
      return exposeText(ins);
    case 'USER':
    case 'STOPSIGNAL':
    case 'MAINTAINER':
      return `${ins.name} ${ins.argsText}`;
    case 'VOLUME':
    case 'SHELL':
      return `${ins.name} [${values.join(' ')}]`;
    default:
      return layer.createdBy ?? ins.original ?? '';
  }
}

function joinPath(base: string, p: string): string {
  const parts = (p.startsWith('/') ? p : `${base}/${p}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** The image's history rows, newest first, as `docker history` lists them. */
export function historyRows(result: BuildResult): HistoryRow[] {
  const layers = result.image?.layers ?? [];
  const stages = layerStages(result);
  const rows: HistoryRow[] = [];
  let workdir = '/';
  for (const layer of layers) {
    const ins = layer.instruction;
    // BuildKit records no history entry for ONBUILD.
    if (!layer.fromBase && ins?.name === 'ONBUILD') continue;
    if (!layer.fromBase && ins?.name === 'WORKDIR') workdir = joinPath(workdir, ins.args[0]?.value ?? '/');
    const bytes = Math.max(0, layer.bytes || 0);
    rows.push({
      createdBy: layer.fromBase ? layer.createdBy ?? '' : buildkitCreatedBy(layer, workdir),
      bytes,
      size: humanSize(bytes),
      stage: layer.fromBase ? null : stages.get(layer) ?? null,
      base: !!layer.fromBase,
      estimated: !!layer.estimated,
      empty: !!layer.empty,
      comment: layer.fromBase ? '' : BUILDKIT_COMMENT,
      line: !layer.fromBase && ins ? ins.startLine + 1 : null,
      instruction: !layer.fromBase && ins ? (ins.original ?? '').replace(/\s+/g, ' ').trim() : null,
    });
  }
  return rows.reverse();
}

/** The `docker history` table. A failed build has no image, so Docker answers with its error. */
export function historyTable(result: BuildResult, opts: HistoryOptions = {}): string {
  if (!built(result)) {
    const { repository, tag } = splitTag(opts.tag ?? 'app:latest');
    return `Error response from daemon: No such image: ${repository}:${tag}\n`;
  }
  const rows = historyRows(result);
  const id = imageDigest(result);
  const builtAgo = `${humanDuration(opts.secondsAgo ?? 10)} ago`;
  const baseAgo = opts.baseCreated ?? '2 months ago';
  const table: string[][] = [['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT']];
  rows.forEach((r, i) => {
    const createdBy = r.createdBy.replace(/\t/g, ' ').replace(/\r?\n/g, ' ');
    table.push([
      i === 0 ? (opts.noTrunc ? id : truncateId(id)) : '<missing>',
      r.base ? baseAgo : builtAgo,
      opts.noTrunc ? createdBy : ellipsis(createdBy, 45),
      r.size,
      r.comment,
    ]);
  });
  const notes: string[] = [];
  const baseRows = rows.filter((r) => r.base);
  if (baseRows.some((r) => r.estimated)) {
    const base = result.image?.base;
    const name = base?.requested ?? 'the base image';
    const total = baseRows.reduce((s, r) => s + r.bytes, 0);
    notes.push(
      base && base.resolved === null
        ? `* Stagecraft: there are no figures for the base image ${name}; its size, ${humanSize(total)}, is assumed.`
        : `* Stagecraft: per-layer sizes of the base image (${name}, the <missing> rows with no COMMENT) are estimates; together they make its published size, ${humanSize(total)}.`,
    );
  }
  const estimatedBuilt = rows.filter((r) => !r.base && r.estimated);
  if (estimatedBuilt.length) {
    const names = estimatedBuilt.map((r) => ellipsis(r.instruction ?? r.createdBy, 80));
    notes.push(`* Stagecraft: the size${names.length > 1 ? 's' : ''} of ${names.join(', ')} ${names.length > 1 ? 'are estimates' : 'is an estimate'}.`);
  }
  return `${tabwrite(table)}\n${notes.map((n) => `${n}\n`).join('')}`;
}
