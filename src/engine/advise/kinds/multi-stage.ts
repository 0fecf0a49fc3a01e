/**
 * The multi-stage rewrite: the stage that builds and runs becomes a build stage,
 * and a new runtime stage starts from a small image and copies in only what the
 * program needs — Node: package.json, node_modules and the compiled folder; Go:
 * the binary (and the CA bundle on scratch). Runtime settings move with it.
 */
import { earlierStageNamed } from '../../dockerfile/query';
import type { Instruction, Stage } from '../../dockerfile/types';
import { lookupImage } from '../../images/catalog';
import { join } from '../../simulate/fs';
import { DockerfileEdit } from '../edit';
import { asExecForm } from './exec-form';
import { appendCommand, slimmerVariants } from './util';
import { defineKind, own, shellText, type AdviseInput, type Candidate } from './types';

/** Instructions that describe how the container runs: they belong to the runtime stage. */
const RUNTIME_ONLY = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'USER', 'VOLUME', 'LABEL']);
const GO_BUILD_ENV = /^(CGO_ENABLED|GOOS|GOARCH|GOFLAGS|GOPATH|GOCACHE|GOPROXY|GOPRIVATE|GO111MODULE|GOTOOLCHAIN)$/;

function words(ins: Instruction | undefined): string[] {
  if (!ins) return [];
  if (ins.json) return ins.args.map((a) => a.value);
  return (ins.args[0]?.value ?? '').trim().split(/\s+/).filter(Boolean);
}

/** What the container runs, as the stage's own CMD/ENTRYPOINT say. */
function command(stage: Stage): string[] {
  const cmd = own(stage, 'CMD').at(-1);
  const entrypoint = own(stage, 'ENTRYPOINT').at(-1);
  return [...words(entrypoint), ...words(cmd)];
}

function buildName(input: AdviseInput, stage: Stage): string {
  if (stage.name) return stage.name;
  const taken = new Set(input.file.stages.map((s) => s.name));
  return taken.has('build') ? (taken.has('builder') ? 'compile' : 'builder') : 'build';
}

/** The Node program's entry file, relative to the working directory: `node dist/server.js`, or npm start's. */
function nodeEntry(input: AdviseInput, argv: string[]): string | null {
  const fs = input.fsOf(input.target);
  const wd = input.workdirOf(input.target);
  if (argv[0] === 'node') return argv.slice(1).find((a) => !a.startsWith('-')) ?? null;
  if (argv[0] === 'npm' && (argv[1] === 'start' || (argv[1] === 'run' && argv[2] === 'start'))) {
    try {
      const pkg = JSON.parse(fs.lookup(join(wd, 'package.json'))?.text ?? '') as { scripts?: Record<string, string> };
      const m = /^node\s+(?:-\S+\s+)*(\S+)/.exec(pkg.scripts?.start ?? '');
      return m ? m[1]! : null;
    } catch {
      return null;
    }
  }
  return null;
}

function splitStage(input: AdviseInput, stage: Stage, runtime: string, copies: string[], extra: { workdir?: string; env?: (key: string) => boolean; prune?: boolean }): string | null {
  const name = buildName(input, stage);
  const image = lookupImage(runtime);
  const edit = new DockerfileEdit(input.text);
  const flags = stage.from.flags.map((f) => `${f.text} `).join('');
  if (!stage.name) edit.replace(stage.from, `FROM ${flags}${stage.base} AS ${name}`);
  const moved: string[] = [];
  for (const ins of stage.instructions) {
    if (!ins.name || !RUNTIME_ONLY.has(ins.name)) continue;
    let line = ins.original.trim();
    if ((ins.name === 'CMD' || ins.name === 'ENTRYPOINT') && !image.shell) {
      const exec = asExecForm(ins);
      if (exec === null) return null;
      line = exec;
    }
    moved.push(line);
    edit.remove(ins);
  }
  if (extra.prune) {
    // Only production dependencies for the runtime stage: pruned where the build is done with them.
    const last = [...own(stage, 'RUN')].reverse().find((r) => shellText(r) !== null && /\bnpm\b/.test(shellText(r)!));
    if (!last || /npm\s+prune/.test(shellText(last)!)) return null;
    edit.replace(last, appendCommand(edit.source(last), 'npm prune --omit=dev'));
  }
  const env = own(stage, 'ENV').filter((e) => e.keyValues.every((kv) => extra.env?.(kv.key) ?? true)).map((e) => e.original.trim());
  const lines = [
    '',
    `# Runtime stage: only what the program needs, copied from ${name}.`,
    `FROM ${runtime}`,
    ...env,
    ...(extra.workdir && extra.workdir !== '/' ? [`WORKDIR ${extra.workdir}`] : []),
    ...copies.map((c) => `COPY --from=${name} ${c}`),
    ...moved,
  ];
  const last = stage.instructions.at(-1) ?? stage.from;
  if (stage.index === input.file.stages.length - 1) edit.append(lines.join('\n'));
  else edit.insertAfter(last, lines.join('\n'));
  // The moved lines leave blank lines behind: one blank line between stages is enough.
  return edit.result().replace(/(\r?\n){3,}(?=# Runtime stage)/, '$1$1');
}

export const multiStage = defineKind({
  kind: 'multi-stage',
  lesson: 'copy-from',
  candidates(input) {
    const stage = input.file.stages[input.target];
    if (!stage || earlierStageNamed(input.file, stage.base, stage.index)) return [];
    if (own(stage, 'COPY').some((c) => c.flags.some((f) => f.name === 'from'))) return [];
    const runs = own(stage, 'RUN').map((r) => shellText(r) ?? '');
    const argv = command(stage);
    const wd = input.workdirOf(input.target);
    const fs = input.fsOf(input.target);
    const out: Candidate[] = [];
    const base = lookupImage(stage.base);

    if (runs.some((r) => /\bnpm\s+(ci|install|i|run)\b|\byarn\b/.test(r)) && base.family.startsWith('node')) {
      const entry = nodeEntry(input, argv);
      if (!entry || !entry.includes('/') || entry.startsWith('/')) return out;
      const top = entry.split('/')[0]!;
      if (!fs.exists(join(wd, top))) return out;
      const copies = [
        ...(fs.lookup(join(wd, 'package.json')) ? [`${join(wd, 'package.json')} ./`] : []),
        ...(fs.exists(join(wd, 'node_modules')) ? [`${join(wd, 'node_modules')} ./node_modules`] : []),
        `${join(wd, top)} ./${top}`,
      ];
      const runtime = slimmerVariants(stage.base).find((v) => v.endsWith('-slim')) ?? stage.base;
      const names = copies.map((c) => c.split(' ')[0]!.slice(wd === '/' ? 1 : wd.length + 1)).join(', ');
      const glibc = runtime === stage.base ? '' : ` ${runtime} keeps glibc, like ${stage.base}, so native modules still load.`;
      const devDeps = fs.list(join(wd, 'node_modules')).some((e) => e.category === 'dev-deps');
      const npmCache = fs.list('/root/.npm').some((e) => e.category === 'cache' && e.bytes > 0);
      const parts = [`${stage.base}${base.family === 'node' ? ' with its compilers' : ''}`, 'the sources', ...(npmCache ? ["npm's cache"] : []), ...(devDeps ? ['the devDependencies'] : [])];
      const intro = `The image ships everything the build needed: ${parts.join(', ')}. In a multi-stage build all of that stays in the build stage, which is thrown away; the runtime stage starts from ${runtime} and gets only ${names} with COPY --from.`;
      const plain = splitStage(input, stage, runtime, copies, { workdir: wd });
      if (plain) {
        out.push({
          id: 'multi-stage',
          title: `Split into a build stage and a ${runtime} runtime stage`,
          why: `${intro}${devDeps ? ' node_modules is copied as the build left it, devDependencies included.' : ''}${glibc}`,
          dockerfile: plain,
        });
      }
      // With the devDependencies pruned at the end of the build stage: the runtime stage gets production packages only.
      const pruned = devDeps && copies.some((c) => c.includes('node_modules')) ? splitStage(input, stage, runtime, copies, { workdir: wd, prune: true }) : null;
      if (pruned) {
        out.push({
          id: 'multi-stage',
          title: `Split into a build stage and a ${runtime} runtime stage, with production dependencies only`,
          why: `${intro} \`npm prune --omit=dev\` at the end of the build stage leaves only the packages the app loads at run time, so that is all the runtime stage copies.${glibc}`,
          dockerfile: pruned,
        });
      }
      return out;
    }

    if (runs.some((r) => /\bgo\s+(build|install)\b/.test(r))) {
      const program = argv[0];
      if (!program) return out;
      // A bare name is looked up on the image's PATH, as docker run does.
      const dirs = program.includes('/') ? [wd] : (input.result.image?.config.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':');
      const path = dirs.map((d) => join(d, program)).find((p) => fs.lookup(p)?.binary) ?? join(wd, program);
      const binary = fs.lookup(path);
      if (!binary?.binary) return out;
      const runtime = binary.binary.linkage === 'static' ? 'scratch' : binary.binary.libc === 'musl' ? 'alpine:3.20' : 'gcr.io/distroless/base-debian12';
      const copies = [
        ...(runtime === 'scratch' && fs.lookup('/etc/ssl/certs/ca-certificates.crt') ? ['/etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/'] : []),
        `${path} ${path}`,
      ];
      const text = splitStage(input, stage, runtime, copies, { workdir: program.includes('/') && !program.startsWith('/') ? wd : undefined, env: (k) => !GO_BUILD_ENV.test(k) });
      if (text) {
        out.push({
          id: 'multi-stage',
          title: `Split into a build stage and a ${runtime} runtime stage`,
          why: `A Go program needs its compiler only to build. In a multi-stage build ${stage.base} (the toolchain, the sources, the build cache) stays in the build stage; the image is ${runtime === 'scratch' ? 'empty but for' : `${runtime} plus`} the binary${copies.length > 1 ? ' and the CA certificates HTTPS clients need' : ''}.${binary.binary.linkage === 'static' ? ' The binary is static, so scratch — no shell, no libc — is enough; the command is in exec form since there is no shell to run it.' : ' The binary is dynamically linked, so the runtime image needs its C library.'}`,
          dockerfile: text,
        });
      }
    }
    return out;
  },
});
