/**
 * The simulated `docker build`: stages in dependency order (only those the
 * target needs), a layered filesystem per stage, COPY/ADD from the context,
 * another stage or an image, RUN effects from the command table, cache keys,
 * and the checks a real `docker run` would fail at. Total: any parsed
 * Dockerfile gives a result; problems are reported, never thrown.
 */
import { resolveFrom, expandSimple, flag } from '../dockerfile/query';
import type { Dockerfile, Instruction, Stage } from '../dockerfile/types';
import { lookupImage, type ImageInfo } from '../images/catalog';
import type { ProjectFacts } from './facts';
import { basename, join, normalize, StageFs } from './fs';
import { hashParts, Hasher } from './hash';
import { suggest } from '../rules/buildkit/support';
import { utf8Length } from '../dockerfile/words';
import { runEffects } from './run-effects';
import type { BuildProblem, BuildResult, BuildStep, FsEntry, ImageConfig, Layer, StageResult } from './types';

/** A file of the build context, after .dockerignore. */
export interface ContextFile {
  path: string;
  size: number;
  hash: string;
  text?: string;
}

export interface SimulateOptions {
  /** Files sent to the builder (already filtered by .dockerignore). */
  context?: { files: ContextFile[]; bytes?: number };
  /** `--target`: build this stage (name or index) instead of the last one. */
  target?: string;
  /** Cache keys from an earlier build: steps whose key is among them show CACHED. */
  cache?: Iterable<string>;
  facts?: ProjectFacts;
  /** `--build-arg` values. */
  buildArgs?: Record<string, string>;
}

const CA_PATH = '/etc/ssl/certs/ca-certificates.crt';
const CA_BYTES = { glibc: 219_597, musl: 241_000 } as const;

/** Files the simulator knows a base image has, so COPY --from and runtime checks can find them. */
function baseFiles(image: ImageInfo): Map<string, FsEntry> {
  const out = new Map<string, FsEntry>();
  const put = (path: string, e: Partial<FsEntry> = {}) =>
    out.set(path, { path, kind: 'file', bytes: 0, files: 1, hash: hashParts('base', image.resolved ?? image.requested, path), ...e });
  if (image.shell) put('/bin/sh', { mode: 0o755 });
  if (image.caCertificates) {
    put(CA_PATH, {
      bytes: image.libc === 'musl' ? CA_BYTES.musl : CA_BYTES.glibc,
      source: image.libc === 'musl' ? 'Alpine ca-certificates-bundle, 236–240 KiB (calibration; estimate)' : 'Debian /etc/ssl/certs/ca-certificates.crt, measured (calibration)',
      estimated: image.libc === 'musl',
      compressRatio: 0.45,
    });
  }
  if (image.family !== 'scratch') put('/etc/passwd', { bytes: 0 });
  for (const p of Object.values(image.paths)) put(p, { mode: 0o755 });
  return out;
}

/** The image config a base image starts with. */
function baseConfig(image: ImageInfo): ImageConfig {
  const env: Record<string, string> = image.family === 'scratch' ? {} : { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
  let cmd: string[] | null = null;
  let entrypoint: string[] | null = null;
  if (image.family.startsWith('node')) {
    env.NODE_VERSION = image.resolved?.split(':')[1]?.split('-')[0] ?? '';
    cmd = ['node'];
    entrypoint = image.family === 'distroless-nodejs' ? ['/nodejs/bin/node'] : ['docker-entrypoint.sh'];
  } else if (image.family.startsWith('golang')) {
    env.PATH = `/go/bin:/usr/local/go/bin:${env.PATH}`;
    env.GOPATH = '/go';
    cmd = image.family === 'golang-alpine' ? ['/bin/sh'] : ['bash'];
  } else if (image.shell) {
    cmd = ['/bin/sh'];
  }
  return {
    user: image.defaultUser === 'root' ? '' : image.defaultUser,
    workdir: image.family.startsWith('golang') ? '/go' : '/',
    env,
    cmd,
    cmdShell: false,
    entrypoint,
    entrypointShell: false,
    exposed: [],
  };
}

interface StageState {
  stage: Stage;
  fs: StageFs;
  config: ImageConfig;
  image: ImageInfo;
  users: Map<string, number>;
  key: string;
  result: StageResult;
  args: Map<string, string>;
  https: boolean;
}

/** Stages a stage needs: FROM <stage>, COPY --from=<stage>, RUN --mount=from=<stage>. */
function dependencies(file: Dockerfile, stage: Stage): number[] {
  const deps = new Set<number>();
  const ref = (value: string) => {
    const r = resolveFrom(file, value);
    if (r.kind === 'stage' && r.stage.index !== stage.index) deps.add(r.stage.index);
  };
  const base = file.stages.find((s) => s.index < stage.index && s.name === stage.base.toLowerCase());
  if (base) deps.add(base.index);
  for (const ins of stage.instructions) {
    const from = flag(ins, 'from')?.value;
    if (ins.name === 'COPY' && from) ref(from);
    if (ins.name === 'RUN') {
      for (const f of ins.flags.filter((x) => x.name === 'mount')) {
        const m = /(?:^|,)from=([^,]+)/.exec(f.value ?? '');
        if (m?.[1]) ref(m[1]);
      }
    }
  }
  return [...deps];
}

export function simulateBuild(file: Dockerfile, options: SimulateOptions = {}): BuildResult {
  const problems: BuildProblem[] = [];
  const notes: string[] = [];
  const steps: BuildStep[] = [];
  const previous = new Set(options.cache ?? []);
  const contextFiles = options.context?.files ?? [];
  const contextBytes = options.context?.bytes ?? contextFiles.reduce((s, f) => s + f.size, 0);
  const facts = options.facts ?? {};

  // Which stage is the image?
  let target = file.stages.length - 1;
  if (options.target !== undefined) {
    const r = resolveFrom(file, options.target);
    if (r.kind === 'stage') target = r.stage.index;
    else {
      problems.push({ code: 'unknown-target', message: `failed to solve: target stage "${options.target}" could not be found`, explanation: 'There is no stage with that name; --target takes the name after AS.', line: null, when: 'build' });
    }
  }
  const deps = file.stages.map((s) => dependencies(file, s));

  // The stages the target needs, in an order where dependencies come first; cycles are cut.
  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (i: number) => {
    if (state.get(i) === 'done') return;
    if (state.get(i) === 'visiting') {
      problems.push({ code: 'stage-cycle', message: `failed to solve: circular dependency detected on stage: ${file.stages[i]?.name ?? i}`, explanation: 'Stages copy from each other in a circle, so none of them can be built first.', line: (file.stages[i]?.from.startLine ?? 0) + 1, when: 'build' });
      return;
    }
    state.set(i, 'visiting');
    for (const d of deps[i] ?? []) visit(d);
    state.set(i, 'done');
    order.push(i);
  };
  if (file.stages.length > 0) visit(target);

  const states = new Map<number, StageState>();
  const stageResults: StageResult[] = file.stages.map((s, i) => ({
    index: s.index,
    name: s.name,
    base: lookupImage(s.base),
    built: false,
    dependsOn: deps[i] ?? [],
    layers: [],
  }));

  const read = new Set<ContextFile>();
  const globalArgs = new Map<string, string>();
  for (const ins of file.globalArgs) for (const kv of ins.keyValues) globalArgs.set(kv.key, options.buildArgs?.[kv.key] ?? kv.value ?? '');
  let stepNumber = 0;

  for (const i of order) {
    const stage = file.stages[i]!;
    const result = stageResults[i]!;
    result.built = true;
    const baseName = expandSimple(stage.base, globalArgs);
    const parent = file.stages.find((s) => s.index < stage.index && s.name === baseName.toLowerCase());
    const parentState = parent ? states.get(parent.index) : undefined;
    let st: StageState;
    let baseMissing = false;
    if (parentState) {
      st = {
        stage,
        fs: parentState.fs.fork(),
        config: structuredCloneConfig(parentState.config),
        image: parentState.image,
        users: new Map(parentState.users),
        key: hashParts(parentState.key, 'stage', stage.index),
        result,
        args: new Map(),
        https: false,
      };
      result.base = parentState.image;
    } else {
      const image = lookupImage(baseName);
      const typo = stageNameTypo(file, baseName, image);
      if (typo) problems.push(pullDenied(baseName, `FROM ${typo}`, stage.from.startLine + 1));
      baseMissing = typo !== '';
      result.base = image;
      // An image without figures is Stagecraft's gap, not Docker's: a note and estimated sizes, never a failed build.
      if (image.note && !typo) notes.push(`${stage.name ?? `stage ${stage.index}`}: ${image.note}`);
      const fs = new StageFs(baseFiles(image));
      for (const l of image.layers) {
        fs.push({ createdBy: l.createdBy, entries: new Map(), whiteouts: new Set(), bytes: l.bytes, compressedBytes: l.compressedBytes, fromBase: true, empty: l.bytes === 0, estimated: l.estimated, instruction: null });
      }
      st = {
        stage,
        fs,
        config: baseConfig(image),
        image,
        users: new Map(Object.entries(image.users)),
        key: hashParts('from', image.resolved ?? baseName),
        result,
        args: new Map(),
        https: false,
      };
    }
    states.set(i, st);
    const label = stage.name ?? `stage-${stage.index}`;
    const vertexes = stage.instructions.filter((ins) => isVertex(ins)).length + 1;
    let k = 1;
    stepNumber++;
    steps.push({
      number: stepNumber,
      stageIndex: i,
      stageName: stage.name,
      label: `[${label} ${k}/${vertexes}] FROM ${parent ? baseName : imageRef(st.image, baseName)}`,
      instruction: stage.from,
      cached: previous.has(st.key),
      bytes: 0,
      notes: st.image.note && !parent ? [st.image.note] : [],
      seconds: previous.has(st.key) ? 0 : parent ? 0 : Math.min(30, st.image.compressedBytes / 25e6),
      cacheKey: st.key,
      output: [],
    });

    let failed = baseMissing;
    for (const ins of stage.instructions) {
      if (failed) break;
      const r = applyInstruction(file, ins, st, { read, states, stageResults, contextFiles, facts, previous, problems, globalArgs });
      if (r.step) {
        k++;
        stepNumber++;
        steps.push({ ...r.step, number: stepNumber, stageIndex: i, stageName: stage.name, label: `[${label} ${k}/${vertexes}] ${describe(ins)}` });
      }
      if (r.failed) failed = true;
    }
    result.layers = st.fs.layers;
  }

  const final = states.get(target);
  const layers = final?.fs.layers ?? [];
  const bytes = layers.reduce((s, l) => s + l.bytes, 0);
  const compressedBytes = layers.reduce((s, l) => s + l.compressedBytes, 0);
  const firstBuilt = layers.findIndex((l) => !l.fromBase);
  const wastedList = final ? final.fs.wasted(firstBuilt < 0 ? layers.length : firstBuilt) : [];
  const wastedBytes = wastedList.reduce((s, w) => s + w.entry.bytes, 0);
  if (final) runtimeChecks(final, problems, facts);
  return {
    target,
    stages: stageResults,
    steps,
    image: {
      bytes,
      compressedBytes,
      layers,
      config: final?.config ?? baseConfig(lookupImage('scratch')),
      base: final?.image ?? lookupImage('scratch'),
    },
    context: {
      bytes: contextBytes,
      files: contextFiles.length,
      transferredBytes: [...read].reduce((sum, f) => sum + f.size, 0),
      transferredFiles: read.size,
    },
    wasted: {
      bytes: wastedBytes,
      files: wastedList
        .map((w) => ({ path: w.entry.path, bytes: w.entry.bytes, addedIn: w.addedIn, removedIn: w.removedIn }))
        .sort((a, b) => b.bytes - a.bytes),
    },
    efficiency: bytes > 0 ? Math.max(0, 1 - wastedBytes / bytes) : 1,
    problems,
    notes,
    cacheKeys: steps.map((s) => s.cacheKey),
  };
}

function structuredCloneConfig(c: ImageConfig): ImageConfig {
  return { ...c, env: { ...c.env }, cmd: c.cmd ? [...c.cmd] : null, entrypoint: c.entrypoint ? [...c.entrypoint] : null, exposed: [...c.exposed] };
}

function imageRef(image: ImageInfo, written: string): string {
  if (image.family === 'scratch') return 'scratch';
  return written.includes('/') ? written : `docker.io/library/${written}`;
}

/** Instructions BuildKit shows as build steps (the others only change the image config). */
function isVertex(ins: Instruction): boolean {
  return ins.name === 'RUN' || ins.name === 'COPY' || ins.name === 'ADD' || ins.name === 'WORKDIR';
}

function describe(ins: Instruction): string {
  const text = `${ins.name ?? ins.keyword.toUpperCase()} ${ins.flags.map((f) => f.text).join(' ')}${ins.flags.length ? ' ' : ''}${ins.json ? JSON.stringify(ins.args.map((a) => a.value)) : ins.argsText}`;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}

interface ApplyEnv {
  /** Context files a COPY/ADD (or a bind mount) has read: what BuildKit transfers. */
  read: Set<ContextFile>;
  states: Map<number, StageState>;
  stageResults: StageResult[];
  contextFiles: ContextFile[];
  facts: ProjectFacts;
  previous: Set<string>;
  problems: BuildProblem[];
  globalArgs: Map<string, string>;
}

type StepDraft = Omit<BuildStep, 'number' | 'stageIndex' | 'stageName' | 'label'>;

function newLayer(createdBy: string, ins: Instruction): Layer {
  return { createdBy, entries: new Map(), whiteouts: new Set(), bytes: 0, compressedBytes: 0, fromBase: false, empty: true, estimated: false, instruction: ins };
}

function finishLayer(layer: Layer): void {
  let bytes = 0;
  let compressed = 0;
  let estimated = false;
  for (const e of layer.entries.values()) {
    bytes += e.bytes;
    compressed += e.bytes * (e.compressRatio ?? 0.5);
    if (e.estimated) estimated = true;
  }
  layer.bytes = bytes;
  layer.compressedBytes = Math.round(compressed);
  layer.empty = layer.entries.size === 0 && layer.whiteouts.size === 0;
  layer.estimated = estimated;
}

function vars(st: StageState, env: ApplyEnv): Map<string, string> {
  return new Map([...env.globalArgs, ...st.args, ...Object.entries(st.config.env)]);
}

function applyInstruction(file: Dockerfile, ins: Instruction, st: StageState, env: ApplyEnv): { step: StepDraft | null; failed: boolean } {
  const v = vars(st, env);
  const x = (s: string) => expandSimple(s, v);
  const createdBy = createdByText(ins);
  switch (ins.name) {
    case 'ENV':
      for (const kv of ins.keyValues) st.config.env[kv.key] = x(kv.value ?? '');
      return metadata(st, ins, createdBy);
    case 'ARG':
      for (const kv of ins.keyValues) st.args.set(kv.key, env.globalArgs.get(kv.key) ?? x(kv.value ?? ''));
      return { step: null, failed: false };
    case 'USER':
      st.config.user = x(ins.args[0]?.value ?? '');
      return metadata(st, ins, createdBy);
    case 'CMD':
    case 'ENTRYPOINT': {
      const argv = ins.json ? ins.args.map((a) => x(a.value)) : ['/bin/sh', '-c', ins.args[0]?.value ?? ''];
      if (ins.name === 'CMD') {
        st.config.cmd = ins.args.length ? argv : null;
        st.config.cmdShell = !ins.json;
      } else {
        st.config.entrypoint = ins.args.length ? argv : null;
        st.config.entrypointShell = !ins.json;
        st.config.cmd = null; // ENTRYPOINT resets an inherited CMD
      }
      return metadata(st, ins, createdBy);
    }
    case 'EXPOSE':
      st.config.exposed.push(...ins.args.map((a) => x(a.value)));
      return metadata(st, ins, createdBy);
    case 'LABEL':
    case 'HEALTHCHECK':
    case 'STOPSIGNAL':
    case 'VOLUME':
    case 'SHELL':
    case 'ONBUILD':
    case 'MAINTAINER':
      return metadata(st, ins, createdBy);
    case 'WORKDIR': {
      st.config.workdir = join(st.config.workdir, x(ins.args[0]?.value ?? '/'));
      const layer = newLayer(createdBy, ins);
      if (!st.fs.exists(st.config.workdir)) layer.entries.set(st.config.workdir, { path: st.config.workdir, kind: 'dir', bytes: 0, files: 0, hash: 'dir' });
      return commit(st, layer, ins, env, [], [], 0);
    }
    case 'COPY':
    case 'ADD':
      return copy(file, ins, st, env, x, createdBy);
    case 'RUN':
      return run(ins, st, env, createdBy);
    default:
      return { step: null, failed: false };
  }
}

function metadata(st: StageState, ins: Instruction, createdBy: string): { step: null; failed: false } {
  // Metadata instructions add an empty layer to `docker history` but no build step.
  const layer = newLayer(createdBy, ins);
  st.fs.push(layer);
  st.key = hashParts(st.key, ins.original);
  return { step: null, failed: false };
}

function commit(st: StageState, layer: Layer, ins: Instruction, env: ApplyEnv, notes: string[], output: string[], seconds: number, extraKey = ''): { step: StepDraft; failed: boolean } {
  finishLayer(layer);
  st.fs.push(layer);
  st.key = hashParts(st.key, ins.original, extraKey);
  const cached = env.previous.has(st.key);
  return {
    step: { instruction: ins, cached, bytes: layer.bytes, notes, seconds: cached ? 0 : seconds, cacheKey: st.key, output: cached ? [] : output },
    failed: false,
  };
}

function createdByText(ins: Instruction): string {
  const flags = ins.flags.map((f) => f.text).join(' ');
  const args = ins.json ? JSON.stringify(ins.args.map((a) => a.value)) : ins.argsText;
  const body = `${ins.name ?? ins.keyword} ${flags}${flags ? ' ' : ''}${args}`.replace(/\s+/g, ' ').trim();
  if (ins.name === 'RUN') return `RUN /bin/sh -c ${ins.argsText} # buildkit`.replace(/\s+/g, ' ');
  if (ins.name === 'COPY' || ins.name === 'ADD') return `${body} # buildkit`;
  return body;
}

/** Paths of the context a COPY source names (a file, a directory's files, or a glob). */
function contextMatches(files: ContextFile[], source: string): ContextFile[] {
  const src = normalize(source).slice(1);
  if (src === '') return files;
  if (/[*?[]/.test(src)) {
    const re = new RegExp(`^${src.split('/').map((seg) => seg.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('/')}(/.*)?$`);
    return files.filter((f) => re.test(f.path));
  }
  return files.filter((f) => f.path === src || f.path.startsWith(`${src}/`));
}

function copy(file: Dockerfile, ins: Instruction, st: StageState, env: ApplyEnv, x: (s: string) => string, createdBy: string): { step: StepDraft | null; failed: boolean } {
  const layer = newLayer(createdBy, ins);
  const args = ins.args.map((a) => x(a.value));
  const sources = args.slice(0, -1);
  const destArg = args[args.length - 1] ?? '.';
  const dest = join(st.config.workdir, destArg);
  const destIsDir = destArg.endsWith('/') || destArg === '.' || sources.length > 1 || sources.some((s) => /[*?[]/.test(s));
  const fromValue = flag(ins, 'from')?.value ?? null;
  const chown = flag(ins, 'chown')?.value ?? undefined;
  const chmod = flag(ins, 'chmod')?.value ?? undefined;
  const notes: string[] = [];
  // The cache key covers every copied path and content hash, in the (deterministic) order copied.
  const hasher = new Hasher();
  const heredocNames = new Set(ins.heredocs.map((h) => h.name));
  const mode = chmod ? parseInt(chmod, 8) : undefined;
  const destPrefix = dest === '/' ? '/' : `${dest}/`;

  const place = (rel: string, e: Omit<FsEntry, 'path'>, single: boolean, sourceName: string) => {
    // Context and stage paths are already clean, so a plain join is enough here.
    const target = single ? (destIsDir ? join(dest, sourceName) : dest) : destPrefix + rel;
    layer.entries.set(target, entryOf(target, e, chown ?? e.owner, mode ?? e.mode));
    hasher.add(target).add(e.hash);
  };

  for (const h of ins.heredocs) {
    const bytes = utf8Length(h.content);
    place(h.name, { kind: 'file', bytes, files: 1, hash: hashParts(h.content), text: h.content, compressRatio: 0.4 }, true, h.name);
  }

  if (fromValue) {
    const ref = resolveFrom(file, x(fromValue));
    let sourceFs: StageFs | null = null;
    if (ref.kind === 'stage') {
      const src = env.states.get(ref.stage.index);
      if (!src) {
        notes.push(`stage ${ref.stage.name ?? ref.stage.index} was not built (it copies from this one, or from a cycle)`);
      } else sourceFs = src.fs;
    } else if (ref.kind === 'image') {
      const image = lookupImage(ref.image);
      const typo = stageNameTypo(file, ref.image, image);
      if (typo) {
        env.problems.push(pullDenied(ref.image, `--from=${typo}`, ins.startLine + 1));
        return { step: commit(st, layer, ins, env, notes, [], 0).step, failed: true };
      }
      sourceFs = new StageFs(baseFiles(image));
      if (image.note) notes.push(image.note);
    } else {
      notes.push(ref.kind === 'variable' ? '--from cannot use a variable' : `no stage with index ${ref.index}`);
    }
    for (const s of sources) {
      if (!sourceFs) break;
      const srcPath = normalize(s);
      const entries = sourceFs.list(srcPath);
      if (entries.length === 0) {
        if (ref.kind === 'image') {
          notes.push(`size effect unknown: ${s} from ${fromValue} (Stagecraft does not know that image's files)`);
          continue;
        }
        env.problems.push({
          code: 'copy-from-missing-path',
          message: `failed to solve: failed to compute cache key: failed to calculate checksum of ref: "${s}": not found`,
          explanation: `Stage ${fromValue} has no ${s} at that point of the build, so there is nothing to copy.`,
          line: ins.startLine + 1,
          when: 'build',
        });
        return { step: commit(st, layer, ins, env, notes, [], 0).step, failed: true };
      }
      const single = entries.length === 1 && entries[0]!.path === srcPath;
      // From an image Stagecraft knows only a few files (shell, CA bundle, toolchain binaries), not whole folders.
      const partial = ref.kind === 'image' && !single;
      if (partial) notes.push(`size effect partly unknown: Stagecraft knows only ${entries.length === 1 ? '1 file' : `${entries.length} files`} of ${fromValue} under ${s}, so this layer's size is a lower bound`);
      for (const e of entries) {
        const rel = e.path === srcPath ? basename(srcPath) : e.path.slice(srcPath === '/' ? 1 : srcPath.length + 1);
        place(rel, partial ? { ...e, estimated: true } : e, single, basename(srcPath)); // entryOf takes every field but the path
      }
    }
    return commit(st, layer, ins, env, notes, [], 0.2 + layer.entries.size / 5000, hasher.digest());
  }

  // The same COPY on the same context places the same entries: reuse them while the learner types.
  const memoKey = ins.heredocs.length === 0 ? JSON.stringify([ins.name, sources, dest, destIsDir, chown ?? null, chmod ?? null]) : null;
  const memo = memoKey === null ? undefined : contextCopyMemo.get(env.contextFiles)?.get(memoKey);
  if (memo) {
    // Shared, not copied: a layer's entries are never changed after its instruction is done
    // (a RUN writes only into its own new layer).
    layer.entries = memo.entries;
    for (const f of memo.read) env.read.add(f);
    notes.push(...memo.notes);
    return commit(st, layer, ins, env, notes, [], 0.1 + layer.entries.size / 5000, memo.digest);
  }
  const read: ContextFile[] = [];
  for (const s of sources) {
    if (heredocNames.has(s.replace(/^<<-?/, '').replace(/["']/g, ''))) continue;
    if (/^<<-?/.test(s)) continue;
    if (ins.name === 'ADD' && /^(https?|git):\/\//.test(s)) {
      notes.push(`size effect unknown: ADD ${s} (remote sources are not fetched)`);
      continue;
    }
    const matches = contextMatches(env.contextFiles, s);
    if (matches.length === 0) {
      env.problems.push({
        code: 'missing-source',
        message: `failed to solve: failed to compute cache key: failed to calculate checksum of ref: "/${normalize(s).slice(1)}": not found`,
        explanation: `${s} is not in the build context: it does not exist, or .dockerignore excludes it.`,
        line: ins.startLine + 1,
        when: 'build',
      });
      return { step: commit(st, layer, ins, env, notes, [], 0).step, failed: true };
    }
    const src = normalize(s).slice(1);
    const glob = /[*?[]/.test(s);
    const single = matches.length === 1 && matches[0]!.path === src && !glob;
    for (const f of matches) {
      env.read.add(f);
      read.push(f);
      const rel = glob ? basename(f.path) : src === '' ? f.path : f.path === src ? basename(src) : f.path.slice(src.length + 1);
      if (ins.name === 'ADD' && /\.(tar|tar\.gz|tgz|tar\.bz2|tar\.xz)$/.test(f.path)) notes.push(`ADD would unpack ${f.path}; its unpacked size is not known, so its archive size is used`);
      place(rel, { kind: 'file', bytes: f.size, files: 1, hash: f.hash, text: f.text, compressRatio: ratioFor(f.path) }, single, basename(src || '.'));
    }
  }
  const digest = hasher.digest();
  if (memoKey !== null) {
    let perContext = contextCopyMemo.get(env.contextFiles);
    if (!perContext) contextCopyMemo.set(env.contextFiles, (perContext = new Map()));
    // A handful of COPY lines per Dockerfile; start over rather than grow without bound as the learner edits them.
    if (perContext.size >= 32) perContext.clear();
    perContext.set(memoKey, { entries: layer.entries, read, notes: [...notes], digest });
  }
  return commit(st, layer, ins, env, notes, [], 0.1 + layer.entries.size / 5000, digest);
}

/** Entries are never changed once made, so a memoised COPY can hand out the same objects again. */
const contextCopyMemo = new WeakMap<ContextFile[], Map<string, { entries: Map<string, FsEntry>; read: ContextFile[]; notes: string[]; digest: string }>>();

/**
 * The stage name that an unknown, untagged image reference is one or two typos away from,
 * or ''. BuildKit takes anything that is not a stage for an image, so `--from=biuld`
 * becomes a pull from Docker Hub that fails.
 */
function stageNameTypo(file: Dockerfile, ref: string, image: ImageInfo): string {
  if (/[:@/.$]/.test(ref) || image.resolved) return '';
  const names = file.stages.flatMap((s) => (s.name ? [s.name] : []));
  return suggest(ref.toLowerCase(), names);
}

function pullDenied(ref: string, meant: string, line: number): BuildProblem {
  const name = ref.toLowerCase();
  return {
    code: 'image-not-found',
    message: `failed to solve: ${name}: failed to resolve source metadata for docker.io/library/${name}:latest: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    explanation: `No stage is called ${ref}, so BuildKit looks for an image of that name on Docker Hub, and there is none. Did you mean ${meant}?`,
    line,
    when: 'build',
  };
}

/** Entries always have the same fields in the same order, which keeps property access fast. */
function entryOf(path: string, e: Omit<FsEntry, 'path'>, owner: string | undefined, mode: number | undefined): FsEntry {
  return {
    path,
    kind: e.kind,
    bytes: e.bytes,
    files: e.files,
    hash: e.hash,
    mode,
    owner,
    compressRatio: e.compressRatio,
    text: e.text,
    binary: e.binary,
    source: e.source,
    estimated: e.estimated,
  };
}

const COMPRESSED = /\.(gz|tgz|zip|png|jpe?g|webp|woff2?|pack|idx)$/;

/** Compressed ÷ uncompressed by kind of file (calibration: ~0.2 for node_modules, ~1 for archives). */
function ratioFor(path: string): number {
  if (path.startsWith('node_modules/') || path.includes('/node_modules/')) return 0.215;
  return COMPRESSED.test(path) ? 1 : 0.35;
}

function run(ins: Instruction, st: StageState, env: ApplyEnv, createdBy: string): { step: StepDraft; failed: boolean } {
  const layer = newLayer(createdBy, ins);
  st.fs.push(layer);
  const notes: string[] = [];
  const cacheMounts = ins.flags
    .filter((f) => f.name === 'mount' && /(^|,)type=cache(,|$)/.test(f.value ?? ''))
    .map((f) => normalize(/(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1] ?? '/'));
  for (const f of ins.flags.filter((x) => x.name === 'mount' && /(^|,)type=bind(,|$)/.test(x.value ?? '') && !/(^|,)from=/.test(x.value ?? ''))) {
    const source = /(?:^|,)(?:source|src)=([^,]+)/.exec(f.value ?? '')?.[1] ?? '.';
    for (const c of contextMatches(env.contextFiles, source)) env.read.add(c);
  }
  let failed = false;
  const scriptParts: string[] = [];
  if (ins.json) {
    scriptParts.push(ins.args.map((a) => a.value).join(' '));
  } else {
    const only = ins.heredocs.length > 0 && /^(\d*<<-?\S+\s*)+$/.test(ins.argsText.trim());
    scriptParts.push(only ? ins.heredocs.map((h) => h.content).join('\n') : ins.argsText);
    if (!st.image.shell && !st.fs.lookup('/bin/sh')) {
      env.problems.push({
        code: 'no-shell',
        message: `failed to solve: process "/bin/sh -c ${ins.argsText}" did not complete successfully: runc run failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory`,
        explanation: `${st.image.family === 'scratch' ? 'scratch' : st.image.requested} has no shell, and the shell form of RUN runs its command through /bin/sh. Do this work in a builder stage, or use the JSON form with a program the image has.`,
        line: ins.startLine + 1,
        when: 'build',
      });
      failed = true;
    }
  }
  const user = st.config.user;
  if (!failed && user && !/^\d+(:\d+)?$/.test(user) && !st.users.has(user.split(':')[0]!)) {
    env.problems.push(unknownUser(user, ins.startLine + 1, 'build'));
    failed = true;
  }
  let output: string[] = [];
  let seconds = 0.3;
  if (!failed) {
    const effect = runEffects(scriptParts.join('\n'), {
      fs: st.fs,
      layer,
      workdir: st.config.workdir,
      env: new Map([...env.globalArgs, ...st.args, ...Object.entries(st.config.env)]),
      image: st.image,
      cacheMounts,
      facts: env.facts,
      users: st.users,
    });
    notes.push(...effect.notes);
    output = effect.output;
    seconds += effect.seconds;
    if (effect.failure) {
      env.problems.push({ code: 'missing-executable', message: effect.failure.message, explanation: effect.failure.explanation, line: ins.startLine + 1, when: 'build' });
      failed = true;
    }
  }
  st.fs.layers.pop();
  // BuildKit keys a RUN by its parent and its text; what it reads was fixed by the steps before.
  const done = commit(st, layer, ins, env, notes, output, seconds);
  return { step: done.step, failed };
}

function unknownUser(user: string, line: number | null, when: 'build' | 'run'): BuildProblem {
  const name = user.split(':')[0];
  return {
    code: 'unknown-user',
    message: when === 'run'
      ? `docker: Error response from daemon: unable to find user ${name}: no matching entries in passwd file.`
      : `failed to solve: unable to find user ${name}: no matching entries in passwd file`,
    explanation: `The image has no user called ${name}. Create it first (useradd/adduser), use a user the base image ships (node images have "node"), or give a numeric id such as 65532.`,
    line,
    when,
  };
}

/** What `docker run` would do with the final image. */
function runtimeChecks(st: StageState, problems: BuildProblem[], facts: ProjectFacts): void {
  const c = st.config;
  const line = (name: string) => {
    const ins = [...st.stage.instructions].reverse().find((i) => i.name === name);
    return ins ? ins.startLine + 1 : null;
  };
  if (c.user && !/^\d+(:\d+)?$/.test(c.user) && !st.users.has(c.user.split(':')[0]!)) {
    if (!problems.some((p) => p.code === 'unknown-user')) problems.push(unknownUser(c.user, line('USER'), 'run'));
  }
  const argv = [...(c.entrypoint ?? []), ...(c.cmd ?? [])];
  const shellForm = (c.entrypoint ? c.entrypointShell : c.cmdShell) && argv[0] === '/bin/sh';
  const where = c.entrypoint ? 'ENTRYPOINT' : 'CMD';
  if (argv.length === 0) return;
  if (shellForm && !st.fs.lookup('/bin/sh')) {
    problems.push({
      code: 'no-shell',
      message: 'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown.',
      explanation: `The shell form of ${where} runs its command through /bin/sh, and this image has no shell. Write ${where} in JSON form: ${where} ["/server"].`,
      line: line(where),
      when: 'run',
    });
    return;
  }
  const program = shellForm ? (argv[2] ?? '').trim().split(/\s+/)[0] ?? '' : argv[0]!;
  if (program === '' || program === 'docker-entrypoint.sh') {
    checkScriptArgument(st, argv, problems, line(where));
    return;
  }
  const resolved = resolveProgram(st, program);
  if (!resolved) {
    const absolute = program.includes('/');
    problems.push({
      code: 'missing-executable',
      message: absolute
        ? `docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${program}": stat ${program}: no such file or directory: unknown.`
        : `docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown.`,
      explanation: absolute
        ? `${where} runs ${program}, but the image has no such file. Check the path you copied it to.`
        : `${where} runs ${program}, but no directory on the image's PATH has it. It may live only in a builder stage.`,
      line: line(where),
      when: 'run',
    });
    return;
  }
  if (resolved.binary?.linkage === 'dynamic' && (st.image.libc === 'none' || st.image.libc !== resolved.binary.libc)) {
    problems.push({
      code: 'dynamic-binary-without-libc',
      message: `exec ${resolved.path}: no such file or directory`,
      explanation: `${resolved.path} is dynamically linked (built with cgo) and needs ${resolved.binary.libc}'s loader, which ${st.image.family === 'scratch' ? 'scratch' : st.image.requested} does not have. The file exists, but the kernel cannot find the program that loads it. Build with CGO_ENABLED=0 for a static binary.`,
      line: line(where),
      when: 'run',
    });
  }
  if (facts.makesHttpsCalls && resolved.binary && !st.fs.lookup(CA_PATH)) {
    problems.push({
      code: 'no-ca-certificates',
      message: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
      explanation: `This program calls HTTPS services, and the image has no CA certificates to check them with. Copy ${CA_PATH} from the builder stage.`,
      line: line(where),
      when: 'run',
    });
  }
  checkScriptArgument(st, argv, problems, line(where));
}

function resolveProgram(st: StageState, program: string): FsEntry | null {
  if (program.includes('/')) return st.fs.lookup(join(st.config.workdir, program));
  const path = st.config.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  for (const dir of path.split(':')) {
    const e = st.fs.lookup(`${dir}/${program}`);
    if (e) return e;
  }
  const known = st.image.paths[program];
  return known ? st.fs.lookup(known) : null;
}

/** `node dist/server.js`: the script must exist. */
function checkScriptArgument(st: StageState, argv: string[], problems: BuildProblem[], line: number | null): void {
  const i = argv.findIndex((a) => a === 'node' || a.endsWith('/node'));
  const script = i >= 0 ? argv.slice(i + 1).find((a) => !a.startsWith('-')) : undefined;
  if (!script) return;
  const path = join(st.config.workdir, script);
  if (!st.fs.lookup(path) && !st.fs.lookup(`${path}.js`) && !st.fs.list(path).length) {
    problems.push({
      code: 'missing-executable',
      message: `Error: Cannot find module '${path}'`,
      explanation: `The container starts node with ${script}, but the image has no ${path}. The build output may have stayed in the builder stage: copy it with COPY --from.`,
      line,
      when: 'run',
    });
  }
}

