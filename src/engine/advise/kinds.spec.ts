/**
 * Every kind of suggestion, on small in-memory projects: offered when it applies,
 * not offered when it does not, and every figure it states checked against builds
 * this spec simulates itself — the edited texts applied by hand, the context with a
 * new .dockerignore prepared afresh (not through the driver's withDockerignore), the
 * diff applied by an independent patcher.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse';
import { textEntry, type ContextEntry } from '../context/index';
import { buildOnContext, checkExercise, prepareContext, type PreparedContext } from '../project';
import type { ProjectFacts } from '../simulate/facts';
import type { BuildResult } from '../simulate/types';
import { context as fixtureFiles, facts as fixtureFacts } from '../report/spec-fixtures';
import { unifiedDiff } from './diff';
import { SUGGESTION_KINDS, suggest, type Suggestion, type SuggestionKind, type SuggestReport } from './suggest';

// ---------------------------------------------------------------------------------------------
// Projects and builds

interface Project {
  /** Files added to (or replacing) the fixture project's; `null` removes one. */
  files?: Record<string, string | null>;
  /** Start from no files instead of the fixture project. */
  only?: boolean;
  /** Heavy folders, as a stagecraft.project.json declares them. */
  dirs?: Array<{ path: string; files: number; bytes: number }>;
  facts?: ProjectFacts;
}

const SERVER_TS = "import express from 'express';\nconst app = express();\napp.listen(3000);\n";
/** Not strict: the fixture project has express but not @types/express. */
const TSCONFIG = JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'] });
const GO_FACTS: ProjectFacts = { goBinary: { static: 7_000_000, stripped: 4_800_000, dynamic: 7_100_000, source: 'test' } };

function entries(p: Project): ContextEntry[] {
  const byPath = new Map<string, ContextEntry>();
  if (!p.only) for (const f of fixtureFiles().files) byPath.set(f.path, textEntry(f.path, f.text!));
  for (const [path, text] of Object.entries(p.files ?? {})) {
    if (text === null) byPath.delete(path);
    else byPath.set(path, textEntry(path, text));
  }
  return [...byPath.values()];
}

/** The project's build context, with `dockerignore` in place of its own .dockerignore when given. */
function contextOf(p: Project, dockerignore?: string): PreparedContext {
  const manifest = p.dirs ? { version: 1, dirs: p.dirs, facts: p.facts ?? fixtureFacts } : null;
  const ctx = prepareContext(entries(p), manifest, dockerignore);
  expect(ctx.problems).toEqual([]);
  return manifest ? ctx : { ...ctx, facts: p.facts ?? fixtureFacts };
}

const simulate = (text: string, ctx: PreparedContext): BuildResult => buildOnContext(parseDockerfile(text), ctx);

/** What every lesson holds a file to: it builds, nothing fails at build or run time, nothing is unknown. */
function expectBuildsAndStarts(text: string, ctx: PreparedContext): BuildResult {
  const r = simulate(text, ctx);
  expect(r.image, `does not build: ${r.problems.map((p) => p.message).join(' | ')}`).not.toBeNull();
  expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.message)).toEqual([]);
  expect(r.unknowns.map((u) => u.message)).toEqual([]);
  const goal = checkExercise(text, ctx, { goals: [{ rule: 'runs-cleanly' }] }).goals[0]!;
  expect(goal.met, goal.detail).toBe(true);
  return r;
}

// ---------------------------------------------------------------------------------------------
// An independent unified-diff patcher

const linesOf = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** Applies one file's unified diff (headers and hunks) to `before`; throws where the diff does not fit it. */
function applyUnifiedDiff(before: string, patch: string): string {
  const lines = patch.replace(/\n$/, '').split('\n');
  if (!/^--- (a\/|\/dev\/null)/.test(lines[0] ?? '') || !/^\+\+\+ b\//.test(lines[1] ?? '')) throw new Error(`no ---/+++ header: ${lines.slice(0, 2).join(' / ')}`);
  if (lines[0] === '--- /dev/null' && before !== '') throw new Error('a diff from /dev/null applied to an existing file');
  const src = linesOf(before);
  const out: string[] = [];
  let pos = 0;
  let i = 2;
  while (i < lines.length) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(lines[i]!);
    if (!m) throw new Error(`not a hunk header: ${lines[i]}`);
    const oldStart = Number(m[1]);
    const oldCount = m[2] === undefined ? 1 : Number(m[2]);
    const newStart = Number(m[3]);
    const newCount = m[4] === undefined ? 1 : Number(m[4]);
    // With a count of 0 the start is the line after which the hunk goes.
    const at = oldCount === 0 ? oldStart : oldStart - 1;
    if (at < pos || at > src.length) throw new Error(`hunk ${lines[i]} out of place`);
    out.push(...src.slice(pos, at));
    pos = at;
    const expectedNew = newCount === 0 ? newStart : newStart - 1;
    if (out.length !== expectedNew) throw new Error(`hunk ${lines[i]}: the new text is at line ${out.length + 1}`);
    i++;
    let o = 0;
    let n = 0;
    for (; i < lines.length && !lines[i]!.startsWith('@@'); i++) {
      const l = lines[i]!;
      const text = l.slice(1);
      if (l[0] === ' ' || l[0] === '-') {
        if (src[pos] !== text) throw new Error(`line ${pos + 1} is ${JSON.stringify(src[pos])}, the diff expects ${JSON.stringify(text)}`);
        pos++;
        o++;
        if (l[0] === ' ') {
          out.push(text);
          n++;
        }
      } else if (l[0] === '+') {
        out.push(text);
        n++;
      } else throw new Error(`not a diff line: ${JSON.stringify(l)}`);
    }
    if (o !== oldCount || n !== newCount) throw new Error(`hunk -${oldStart},${oldCount} +${newStart},${newCount} has ${o} old and ${n} new lines`);
  }
  out.push(...src.slice(pos));
  return out.join('\n');
}

/** The diff split by file, in order. */
function diffsByFile(diff: string): string[] {
  return diff.split(/(?=^--- )/m).filter((s) => s.trim() !== '');
}

describe('the diff patcher this spec checks suggestions with', () => {
  it('applies what unifiedDiff writes, and refuses a diff that does not fit the text', () => {
    const before = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "x.js"]\n';
    const after = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm cache clean --force\nCMD ["node", "x.js"]\n';
    const diff = unifiedDiff('Dockerfile', before, after);
    expect(applyUnifiedDiff(before, diff)).toBe(after.replace(/\n$/, ''));
    expect(() => applyUnifiedDiff(before.replace('WORKDIR /app', 'WORKDIR /srv'), diff)).toThrow(/expects/);
    expect(() => applyUnifiedDiff(before, diff.replace('@@ -1,5 +1,5 @@', '@@ -1,4 +1,5 @@'))).toThrow();
    expect(() => applyUnifiedDiff('', '--- /dev/null\n+++ b/x\n@@ -1,1 +1,1 @@\n-\n+a\n')).toThrow();
    expect(applyUnifiedDiff('', '--- /dev/null\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n')).toBe('a\nb');
  });
});

// ---------------------------------------------------------------------------------------------
// Checking a suggestion

/**
 * Everything a suggestion states, checked: the edits start from the file and context
 * given, the edited file builds and starts, its size and the saving are those of builds
 * simulated here, the diff applies and gives the edited texts.
 */
function expectVerified(s: Suggestion, text: string, p: Project, dockerignore?: string): { text: string; dockerignore: string | undefined; result: BuildResult } {
  const ctx = contextOf(p, dockerignore);
  const before = simulate(text, ctx);
  expect(s.before.size).toBe(before.image!.bytes);
  let after = text;
  let ignore = dockerignore;
  expect(s.edits.length).toBeGreaterThan(0);
  for (const e of s.edits) {
    if (e.path === '.dockerignore') {
      expect(e.before).toBe(ctx.dockerignore);
      ignore = e.after;
    } else {
      expect(e.path).toBe('Dockerfile');
      expect(e.before).toBe(text);
      after = e.after;
    }
    expect(e.after).not.toBe(e.before);
  }
  const edited = contextOf(p, ignore);
  const result = expectBuildsAndStarts(after, edited);
  expect(s.after.size).toBe(result.image!.bytes);
  expect(s.after.compressed).toBe(result.image!.compressedBytes);
  expect(s.saves).toBe(before.image!.bytes - result.image!.bytes);
  expect(s.saves).toBeGreaterThanOrEqual(Math.max(100_000, before.image!.bytes * 0.005));
  // The diff: one section per edit, each taking the edit's before to its after.
  const parts = diffsByFile(s.diff);
  expect(parts).toHaveLength(s.edits.length);
  s.edits.forEach((e, i) => {
    expect(parts[i]!.split('\n')[1]).toBe(`+++ b/${e.path}`);
    expect(applyUnifiedDiff(e.before, parts[i]!)).toBe(e.after.replace(/\n$/, ''));
  });
  expect(s.lesson).toBe(SUGGESTION_KINDS.find((k) => k.kind === s.kind)!.lesson);
  return { text: after, dockerignore: ignore, result };
}

function advise(text: string, p: Project = {}, dockerignore?: string): SuggestReport {
  const r = suggest(text, contextOf(p, dockerignore));
  expect(r.verdict, r.message ?? '').toBe('ok');
  // Ranked by saving, biggest first; cache advice apart.
  expect(r.suggestions.map((s) => s.saves)).toEqual([...r.suggestions.map((s) => s.saves)].sort((a, b) => b - a));
  expect(r.suggestions.every((s) => s.kind !== 'cache-order')).toBe(true);
  return r;
}

const ofKind = (r: SuggestReport, kind: SuggestionKind) => r.suggestions.filter((s) => s.kind === kind);

/**
 * The suggestion of a kind (the one whose id starts with `id` when given), verified;
 * every other suggestion of the same kind is verified too.
 */
function offered(kind: SuggestionKind, text: string, p: Project = {}, dockerignore?: string, id?: string) {
  const r = advise(text, p, dockerignore);
  const found = ofKind(r, kind);
  expect(found.length, `${kind} among ${r.suggestions.map((s) => s.id).join(', ') || 'none'}`).toBeGreaterThan(0);
  const checked = found.map((s) => ({ s, ...expectVerified(s, text, p, dockerignore) }));
  const one = id === undefined ? checked : checked.filter((c) => c.s.id.startsWith(id));
  expect(one.map((c) => c.s.id), `${id ?? kind} among ${found.map((s) => s.id).join(', ')}`).toHaveLength(1);
  return { ...one[0]!, report: r };
}

function notOffered(kind: SuggestionKind, text: string, p: Project = {}, dockerignore?: string): SuggestReport {
  const r = advise(text, p, dockerignore);
  expect(ofKind(r, kind).map((s) => s.title)).toEqual([]);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles

const NODE_SINGLE = `FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
EXPOSE 3000
CMD ["node", "dist/server.js"]
`;
const NODE_PROJECT: Project = { files: { 'src/server.ts': SERVER_TS, 'tsconfig.json': TSCONFIG } };

const GO_SINGLE = `FROM golang:1.22
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /server ./cmd/server
EXPOSE 8080
ENTRYPOINT ["/server"]
`;
const GO_PROJECT: Project = { facts: GO_FACTS };

const goTwoStage = (build: string, runtime: string, command = 'ENTRYPOINT ["/server"]') => `FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod ./
COPY cmd ./cmd
RUN ${build}

FROM ${runtime}
COPY --from=build /server /server
${command}
`;

// ---------------------------------------------------------------------------------------------

it('has a describe block below for every kind the driver runs', () => {
  // A new kind fails here until it has specs: offered when it applies, not when it does not.
  const tested: SuggestionKind[] = ['multi-stage', 'copy-artefacts', 'slimmer-base', 'production-deps', 'clean-cache', 'dockerignore', 'named-copy', 'go-static', 'go-strip', 'delete-in-same-layer', 'cache-order'];
  expect(SUGGESTION_KINDS.map((k) => k.kind).sort()).toEqual([...tested].sort());
});

describe('multi-stage', () => {
  it('splits a single-stage Node build into a build stage and a runtime stage that copies only the artefacts', () => {
    const { s, text, result } = offered('multi-stage', NODE_SINGLE, NODE_PROJECT);
    const file = parseDockerfile(text);
    expect(file.stages.length).toBeGreaterThanOrEqual(2);
    const last = file.stages.at(-1)!;
    expect(last.instructions.filter((i) => i.name === 'COPY').every((i) => i.flags.some((f) => f.name === 'from'))).toBe(true);
    // Only the build's artefacts reach the image: no sources, no tsconfig.
    expect(text).not.toMatch(/^COPY --from=\S+ \/app\/src/m);
    expect(result.image!.config.cmd).toEqual(['node', 'dist/server.js']);
    expect(s.title).toMatch(/build stage/);
  });

  it('splits a single-stage Go build into a scratch runtime stage for a static binary', () => {
    const { text, result } = offered('multi-stage', GO_SINGLE, GO_PROJECT);
    const file = parseDockerfile(text);
    expect(file.stages.length).toBeGreaterThanOrEqual(2);
    expect(file.stages.at(-1)!.base).toBe('scratch');
    // The image is the binary (and perhaps the CA bundle): nothing of golang:1.22.
    expect(result.image!.bytes).toBeLessThan(GO_FACTS.goBinary!.static + 1_000_000);
    expect(result.image!.config.entrypoint).toEqual(['/server']);
  });

  it('finds a Go program the command names by its bare name on PATH', () => {
    const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/server ./cmd/server\nCMD ["server"]\n';
    const { text: after, result } = offered('multi-stage', text, GO_PROJECT);
    expect(after).toMatch(/^COPY --from=\S+ \/usr\/local\/bin\/server /m);
    expect(result.image!.bytes).toBeLessThan(GO_FACTS.goBinary!.static + 1_000_000);
  });

  it('gives a dynamically linked Go binary a runtime image with its C library, never scratch', () => {
    const { text } = offered('multi-stage', GO_SINGLE.replace('CGO_ENABLED=0 ', ''), GO_PROJECT);
    expect(parseDockerfile(text).stages.at(-1)!.base).not.toBe('scratch');
  });

  it('is not offered for a file that already has a runtime stage copying from a build stage', () => {
    notOffered('multi-stage', goTwoStage('CGO_ENABLED=0 go build -o /server ./cmd/server', 'scratch'), GO_PROJECT);
  });

  it('is not offered for an image that builds nothing', () => {
    notOffered('multi-stage', 'FROM node:20\nWORKDIR /app\nCOPY server.js ./\nCMD ["node", "server.js"]\n', { files: { 'server.js': 'console.log(1)\n' } });
  });
});

describe('copy-artefacts', () => {
  // A Vite page built in one stage and served by nginx, as lesson 3 has it.
  const WEB: Project = {
    only: true,
    files: {
      'package.json': JSON.stringify({ name: 'web', version: '1.0.0', scripts: { build: 'vite build' }, devDependencies: { typescript: '^5.6.0', vite: '^6.0.0' } }),
      'package-lock.json': JSON.stringify({ name: 'web', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'web', version: '1.0.0' }, 'node_modules/vite': { version: '6.0.0', dev: true }, 'node_modules/typescript': { version: '5.9.3', dev: true } } }),
      'index.html': '<!doctype html>\n<div id="app"></div>\n<script type="module" src="/src/main.ts"></script>\n',
      'src/main.ts': 'document.querySelector("#app")!.textContent = "hi";\n',
      'public/favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    },
    facts: {
      buildOutputs: {
        'dist/index.html': { bytes: 460, source: 'test' },
        'dist/assets/index-4sK2hL9q.js': { bytes: 1_412, source: 'test' },
        'dist/favicon.svg': { bytes: 1_497, source: 'test' },
      },
    },
  };
  const page = (copy: string) => `FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY index.html ./
COPY src ./src
COPY public ./public
RUN npm run build

FROM nginx:alpine
${copy}
`;

  it('copies only the build output from the build stage, not its whole working folder', () => {
    const { text, result } = offered('copy-artefacts', page('COPY --from=build /app /usr/share/nginx/html'), WEB);
    expect(text).toContain('COPY --from=build /app/dist /usr/share/nginx/html');
    const paths = result.image!.layers.flatMap((l) => [...l.entries.keys()]);
    expect(paths).toContain('/usr/share/nginx/html/index.html');
    expect(paths.filter((p) => p.includes('node_modules') || p.includes('/src/'))).toEqual([]);
  });

  it('is not offered when only the output is copied already', () => {
    notOffered('copy-artefacts', page('COPY --from=build /app/dist /usr/share/nginx/html'), WEB);
  });
});

describe('slimmer-base', () => {
  it('moves a Node image to a smaller variant of the same runtime', () => {
    const text = 'FROM node:20\nWORKDIR /app\nCOPY server.js ./\nCMD ["node", "server.js"]\n';
    const { s, text: after } = offered('slimmer-base', text, { files: { 'server.js': 'console.log(1)\n' } });
    expect(parseDockerfile(after).stages[0]!.base).toMatch(/^node:20-(alpine|slim)$/);
    // The other variants that build and start are listed, and they save less.
    for (const a of s.alternatives) expect(a.saves).toBeLessThanOrEqual(s.saves);
  });

  it('runs a static Go binary on scratch, turning a shell-form command into exec form', () => {
    const text = goTwoStage('CGO_ENABLED=0 go build -o /server ./cmd/server', 'alpine:3.20', 'CMD /server');
    const { text: after, result } = offered('slimmer-base', text, GO_PROJECT);
    const final = parseDockerfile(after).stages.at(-1)!;
    expect(['scratch', 'gcr.io/distroless/static-debian12']).toContain(final.base);
    expect(after).toContain('CMD ["/server"]');
    expect(result.image!.config.cmdShell).toBe(false);
  });

  it('never offers scratch or distroless static to a dynamically linked binary', () => {
    const text = goTwoStage('go build -o /server ./cmd/server', 'debian:bookworm');
    const r = advise(text, GO_PROJECT);
    expect(ofKind(r, 'slimmer-base').length).toBeGreaterThan(0);
    for (const s of ofKind(r, 'slimmer-base')) {
      expectVerified(s, text, GO_PROJECT);
      expect(s.edits[0]!.after).not.toMatch(/FROM (scratch|gcr\.io\/distroless\/static)/);
    }
    // Every base the suggestion or its alternatives name keeps a C library.
    const named = r.suggestions.filter((s) => s.kind === 'slimmer-base').flatMap((s) => [s.title, ...s.alternatives.map((a) => a.title)]);
    expect(named.filter((t) => /scratch|distroless\/static/.test(t))).toEqual([]);
  });

  it('keeps a non-root base image’s user when the smaller image would run as root', () => {
    const text = goTwoStage('CGO_ENABLED=0 go build -o /server ./cmd/server', 'cgr.dev/chainguard/static');
    const r = advise(text, GO_PROJECT);
    const s = ofKind(r, 'slimmer-base');
    expect(s.length).toBeGreaterThan(0);
    for (const one of s) {
      const { result } = expectVerified(one, text, GO_PROJECT);
      // chainguard/static runs as nonroot (65532); the edited image must not run as root.
      expect(['', '0', 'root']).not.toContain(result.image!.config.user.split(':')[0]);
    }
  });

  it('is not offered when the smaller variant would not build (apt-get on Alpine)', () => {
    const text = 'FROM node:20-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*\nCOPY server.js ./\nCMD ["node", "server.js"]\n';
    const p: Project = { files: { 'server.js': 'console.log(1)\n' } };
    notOffered('slimmer-base', text, p);
    // Independently: node:20-alpine is smaller, and the same file on it fails to build.
    const ctx = contextOf(p);
    const alpine = simulate(text.replace('FROM node:20-slim', 'FROM node:20-alpine'), ctx);
    expect(alpine.image).toBeNull();
    expect(alpine.problems.some((pr) => pr.when === 'build' && pr.severity === 'error' && pr.line === 3)).toBe(true);
  });

  it('is not offered on scratch, nor on the smallest image the program can run on', () => {
    notOffered('slimmer-base', goTwoStage('CGO_ENABLED=0 go build -o /server ./cmd/server', 'scratch'), GO_PROJECT);
  });
});

describe('production-deps', () => {
  const PREBUILT: Project = { files: { 'dist/server.js': "const express = require('express');\nexpress().listen(3000);\n" } };
  const install = (flags: string) => `FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci${flags}
COPY dist ./dist
CMD ["node", "dist/server.js"]
`;

  it('installs only production dependencies where nothing needs the others', () => {
    const { text } = offered('production-deps', install(''), PREBUILT, undefined, 'production-deps:install:');
    expect(text).toContain('npm ci --omit=dev');
  });

  it('is not offered when the install already leaves devDependencies out', () => {
    notOffered('production-deps', install(' --omit=dev'), PREBUILT);
  });

  it('is not offered in a single stage whose build needs the devDependencies: a prune in a later layer saves nothing', () => {
    // --omit=dev breaks the tsc build; npm prune after it is a later layer than the install.
    const text = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY tsconfig.json ./\nCOPY src ./src\nRUN npm run build\nCMD ["node", "dist/server.js"]\n';
    notOffered('production-deps', text, NODE_PROJECT);
    // And the reason is real: the same prune, tried by hand, leaves the image as big (or bigger).
    const ctx = contextOf(NODE_PROJECT);
    const pruned = simulate(text.replace('RUN npm run build', 'RUN npm run build && npm prune --omit=dev'), ctx);
    expect(pruned.image!.bytes).toBeGreaterThanOrEqual(simulate(text, ctx).image!.bytes);
  });

  it('is not offered where the build would work only thanks to the host’s node_modules that COPY . . brings', () => {
    const text = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/server.js"]\n';
    const host: Project = { ...NODE_PROJECT, dirs: [{ path: 'node_modules/typescript', files: 100, bytes: 20_000_000 }, { path: 'node_modules/express', files: 40, bytes: 2_000_000 }] };
    const r = notOffered('production-deps', text, host);
    expect(r.suggestions.map((s) => s.id).filter((id) => id.startsWith('production-deps:install'))).toEqual([]);
    // With them the edited file builds (the host's tsc) and is smaller; without them it does not build.
    const omit = text.replace('npm ci', 'npm ci --omit=dev');
    const onHost = simulate(omit, contextOf(host));
    expect(onHost.image).not.toBeNull();
    expect(onHost.image!.bytes).toBeLessThan(simulate(text, contextOf(host)).image!.bytes);
    expect(simulate(omit, contextOf(NODE_PROJECT)).image).toBeNull();
  });

  it('prunes in the build stage a runtime stage copies node_modules from', () => {
    const text = `FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM node:20-alpine
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
CMD ["node", "dist/server.js"]
`;
    const { text: after, result } = offered('production-deps', text, NODE_PROJECT);
    expect(after).toMatch(/npm prune --omit=dev/);
    // What is left in the image is production dependencies only.
    const nm = result.image!.layers.flatMap((l) => [...l.entries.values()]).filter((e) => e.path.startsWith('/app/node_modules/'));
    expect(nm.filter((e) => e.category === 'dev-deps')).toEqual([]);
    expect(nm.some((e) => e.path === '/app/node_modules/express')).toBe(true);
  });
});

describe('clean-cache', () => {
  const SERVER: Project = { files: { 'server.js': 'console.log(1)\n' } };
  const withRun = (image: string, run: string) => `FROM ${image}\nWORKDIR /app\nRUN ${run}\nCOPY server.js ./\nCMD ["node", "server.js"]\n`;

  it("removes apt's package lists in the RUN that downloaded them", () => {
    const { text: after } = offered('clean-cache', withRun('node:20-slim', 'apt-get update && apt-get install -y ca-certificates'), SERVER);
    expect(after).toContain('apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*');
    expect(parseDockerfile(after).stages[0]!.instructions.filter((i) => i.name === 'RUN')).toHaveLength(1);
  });

  it('is not offered when the same RUN already removes them', () => {
    notOffered('clean-cache', withRun('node:20-slim', 'apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*'), SERVER);
  });

  it('installs with apk add --no-cache', () => {
    const { text: after } = offered('clean-cache', withRun('node:20-alpine', 'apk add ca-certificates'), SERVER);
    expect(after).toContain('RUN apk add --no-cache ca-certificates');
  });

  it('is not offered when apk add --no-cache is already there', () => {
    notOffered('clean-cache', withRun('node:20-alpine', 'apk add --no-cache ca-certificates'), SERVER);
  });

  it("cleans npm's cache in the RUN that filled it", () => {
    const text = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY dist ./dist\nCMD ["node", "dist/server.js"]\n';
    const { text: after } = offered('clean-cache', text, { files: { 'dist/server.js': "require('express')\n" } });
    expect(after).toContain('RUN npm ci && npm cache clean --force');
  });

  it('is not offered for a RUN with a cache mount (the cache is not in the layer)', () => {
    const text = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY dist ./dist\nCMD ["node", "dist/server.js"]\n';
    notOffered('clean-cache', text, { files: { 'dist/server.js': "require('express')\n" } });
  });

  it("cleans Go's build cache in the RUN that built", () => {
    const { text: after } = offered('clean-cache', GO_SINGLE, GO_PROJECT);
    expect(after).toContain('go clean -cache');
  });
});

describe('dockerignore', () => {
  // node_modules from the host (the install below replaces it), .git and .env.
  const HOST: Project = {
    files: { 'server.js': "const express = require('express');\nexpress().listen(3000);\n", '.env': 'API_KEY=secret\n' },
    dirs: [
      { path: 'node_modules/express', files: 40, bytes: 2_000_000 },
      { path: '.git', files: 300, bytes: 3_000_000 },
    ],
  };
  const COPY_ALL = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev && npm cache clean --force\nCMD ["node", "server.js"]\n';

  // The figure after the edit is the build on the context with the new .dockerignore in it, as
  // prepareContext makes it for the learner's edited file (and as COPY . . then copies it).
  it('leaves node_modules, .git and .env out of the context that COPY . . sends', () => {
    const { s, dockerignore, result } = offered('dockerignore', COPY_ALL, HOST);
    expect(s.edits.map((e) => e.path)).toEqual(['.dockerignore']);
    for (const p of ['node_modules', '.git', '.env']) expect(dockerignore!.split('\n')).toContain(p);
    const paths = result.image!.layers.flatMap((l) => [...l.entries.keys()]);
    expect(paths.filter((p) => p.startsWith('/app/.git') || p === '/app/.env')).toEqual([]);
  });

  it('writes a new .dockerignore as a diff that creates the file', () => {
    // The project has no .dockerignore: the edit starts from '' and the diff is a file creation,
    // which `git apply` and `patch` accept only as `@@ -0,0 +1,N @@` with nothing but + lines.
    const s = ofKind(advise(COPY_ALL, HOST), 'dockerignore')[0]!;
    const e = s.edits.find((x) => x.path === '.dockerignore')!;
    expect(e.before).toBe('');
    const part = diffsByFile(s.diff).find((d) => d.includes('+++ b/.dockerignore'))!;
    expect(part.split('\n')[0]).toBe('--- /dev/null');
    expect(part.split('\n')[2]).toBe(`@@ -0,0 +1,${linesOf(e.after).length} @@`);
    expect(applyUnifiedDiff('', part)).toBe(e.after.replace(/\n$/, ''));
  });

  it('extends an existing .dockerignore, keeping its lines', () => {
    const { dockerignore } = offered('dockerignore', COPY_ALL, HOST, '# mine\n*.md\n');
    expect(dockerignore!.startsWith('# mine\n*.md\n')).toBe(true);
  });

  it('keeps node_modules in the context when the image runs on the host’s copy (nothing installs it)', () => {
    const text = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';
    const { dockerignore } = offered('dockerignore', text, HOST);
    const lines = dockerignore!.split('\n');
    expect(lines).not.toContain('node_modules');
    expect(lines).toEqual(expect.arrayContaining(['.git', '.env']));
    // Independently: leaving node_modules out as well, the container would not start.
    const all = simulate(text, contextOf(HOST, 'node_modules\n.git\n.env\n'));
    expect(all.problems.some((p) => p.code === 'missing-module' && p.severity === 'error')).toBe(true);
  });

  it('is not offered when the .dockerignore already leaves them out', () => {
    notOffered('dockerignore', COPY_ALL, HOST, 'node_modules\n.git\n.env\n');
  });

  it('is not offered when nothing copies the whole context', () => {
    notOffered('dockerignore', 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json server.js ./\nRUN npm ci --omit=dev && npm cache clean --force\nCMD ["node", "server.js"]\n', HOST);
  });
});

describe('named-copy', () => {
  const REPO: Project = {
    files: { 'server.js': "const express = require('express');\nexpress().listen(3000);\n", 'README.md': '# app\n', 'test/server.test.js': 'test()\n' },
    dirs: [{ path: 'docs', files: 20, bytes: 1_500_000 }, { path: '.git', files: 300, bytes: 3_000_000 }],
  };
  const COPY_ALL = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev && npm cache clean --force\nCMD ["node", "server.js"]\n';

  it('copies the paths the build needs instead of the whole context', () => {
    const { text, result } = offered('named-copy', COPY_ALL, REPO);
    expect(text).not.toMatch(/^COPY \. \.$/m);
    const paths = result.image!.layers.flatMap((l) => [...l.entries.keys()]);
    expect(paths).toContain('/app/server.js');
    expect(paths.filter((p) => /^\/app\/(\.git|test|README\.md)/.test(p))).toEqual([]);
  });

  it('is not offered when the COPY names its paths already', () => {
    notOffered('named-copy', COPY_ALL.replace('COPY . .', 'COPY package.json package-lock.json server.js ./'), REPO);
  });
});

describe('go-static', () => {
  it('links statically and moves the binary to an image without a C library', () => {
    const text = goTwoStage('go build -o /server ./cmd/server', 'gcr.io/distroless/base-debian12');
    const { text: after, result } = offered('go-static', text, GO_PROJECT);
    expect(after).toContain('CGO_ENABLED=0 go build');
    const binary = result.image!.layers.flatMap((l) => [...l.entries.values()]).find((e) => e.path === '/server')!;
    expect(binary.binary!.linkage).toBe('static');
  });

  it('is not offered when CGO_ENABLED is already set, on the command or in ENV', () => {
    notOffered('go-static', goTwoStage('CGO_ENABLED=0 go build -o /server ./cmd/server', 'gcr.io/distroless/static-debian12'), GO_PROJECT);
    const env = goTwoStage('go build -o /server ./cmd/server', 'gcr.io/distroless/static-debian12').replace('WORKDIR /src', 'ENV CGO_ENABLED=0\nWORKDIR /src');
    notOffered('go-static', env, GO_PROJECT);
  });
});

describe('go-strip', () => {
  it('strips the binary with -ldflags="-s -w"', () => {
    const text = goTwoStage('CGO_ENABLED=0 go build -o /server ./cmd/server', 'scratch');
    const { text: after, result } = offered('go-strip', text, GO_PROJECT);
    expect(after).toContain('go build -ldflags="-s -w" -o /server');
    const binary = result.image!.layers.flatMap((l) => [...l.entries.values()]).find((e) => e.path === '/server')!;
    expect(binary.binary!.stripped).toBe(true);
  });

  it('is not offered for a build already stripped', () => {
    const r = notOffered('go-strip', goTwoStage('CGO_ENABLED=0 go build -ldflags="-s -w" -o /server ./cmd/server', 'scratch'), GO_PROJECT);
    expect(r.suggestions).toEqual([]);
    expect(r.message).toMatch(/Nothing/);
  });
});

describe('delete-in-same-layer', () => {
  it('moves a later rm into the RUN that made the files', () => {
    const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server\nRUN rm -rf /root/.cache/go-build\nENTRYPOINT ["/server"]\n';
    const { text: after } = offered('delete-in-same-layer', text, GO_PROJECT);
    const runs = parseDockerfile(after).stages[0]!.instructions.filter((i) => i.name === 'RUN');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.original).toMatch(/go build[^\n]*&& rm -rf \/root\/\.cache\/go-build/);
  });

  it('is not offered when the files came from a COPY, not a RUN', () => {
    const text = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN rm -rf docs\nCMD ["node", "server.js"]\n';
    notOffered('delete-in-same-layer', text, { files: { 'server.js': 'console.log(1)\n' }, dirs: [{ path: 'docs', files: 10, bytes: 1_000_000 }] });
  });

  it('is not offered when the delete is already in the same RUN', () => {
    notOffered('delete-in-same-layer', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server && rm -rf /root/.cache/go-build\nENTRYPOINT ["/server"]\n', GO_PROJECT);
  });
});

describe('cache-order', () => {
  it('is cache advice, listed apart: the install stays CACHED after a source change', () => {
    const r = advise(NODE_SINGLE, NODE_PROJECT);
    const advice = r.cache.filter((s) => s.kind === 'cache-order');
    expect(advice).toHaveLength(1);
    const a = advice[0]!;
    expect(a.cache!.cachedAfter).toContain('RUN npm ci');
    expect(a.cache!.cachedBefore).not.toContain('RUN npm ci');
    // The edit copies the manifests and installs before COPY . ., and builds and starts.
    const after = a.edits[0]!.after;
    expect(after.indexOf('RUN npm ci')).toBeLessThan(after.indexOf('COPY . .'));
    expect(after.indexOf('COPY package.json package-lock.json')).toBeLessThan(after.indexOf('RUN npm ci'));
    const ctx = contextOf(NODE_PROJECT);
    const built = expectBuildsAndStarts(after, ctx);
    expect(a.after.size).toBe(built.image!.bytes);
    expect(applyUnifiedDiff(NODE_SINGLE, a.diff)).toBe(after.replace(/\n$/, ''));
    // Checked independently: rebuild both files after touching the source with the first build's cache.
    const touched = (file: string) => {
      const first = simulate(file, ctx);
      const changed = { ...ctx, view: { ...ctx.view, result: { ...ctx.view.result, included: ctx.view.result.included.map((f) => (f.path === a.cache!.changed ? { ...f, hash: `${f.hash}-edited` } : f)) } } };
      return buildOnContext(parseDockerfile(file), changed, { cache: first.cacheKeys }).steps.find((st) => st.label.endsWith('RUN npm ci'))!.cached;
    };
    expect(touched(NODE_SINGLE)).toBe(false);
    expect(touched(after)).toBe(true);
  });

  it('with the host’s node_modules in the context, leaves it out too, or the second COPY would bring it back', () => {
    const host: Project = { ...NODE_PROJECT, dirs: [{ path: 'node_modules/typescript', files: 100, bytes: 20_000_000 }, { path: 'node_modules/express', files: 40, bytes: 2_000_000 }] };
    const r = advise(NODE_SINGLE, host);
    const a = r.cache.find((s) => s.kind === 'cache-order')!;
    expect(a, `cache advice: ${r.cache.map((s) => s.id).join(', ') || 'none'}`).toBeDefined();
    expect(a.edits.map((e) => e.path).sort()).toEqual(['.dockerignore', 'Dockerfile']);
    const ignore = a.edits.find((e) => e.path === '.dockerignore')!.after;
    expect(ignore.split('\n')).toContain('node_modules');
    expect(a.cache!.cachedAfter).toContain('RUN npm ci');
    // Checked on the context with that .dockerignore, prepared afresh: it builds, starts, and
    // the install stays CACHED after a change to the source file named.
    const ctx = contextOf(host, ignore);
    const after = a.edits.find((e) => e.path === 'Dockerfile')!.after;
    const built = expectBuildsAndStarts(after, ctx);
    const changed = { ...ctx, view: { ...ctx.view, result: { ...ctx.view.result, included: ctx.view.result.included.map((f) => (f.path === a.cache!.changed ? { ...f, hash: `${f.hash}-edited` } : f)) } } };
    const again = buildOnContext(parseDockerfile(after), changed, { cache: built.cacheKeys });
    expect(again.steps.find((st) => st.label.endsWith('RUN npm ci'))!.cached).toBe(true);
    // Cache advice does not make the image noticeably bigger, and its figure is the simulator's.
    const before = simulate(NODE_SINGLE, contextOf(host)).image!.bytes;
    expect(built.image!.bytes - before).toBeLessThan(Math.max(100_000, before * 0.005));
    expect(a.after.size).toBe(built.image!.bytes);
  });

  it('is not offered when the manifests are copied first already', () => {
    const text = NODE_SINGLE.replace('COPY . .\nRUN npm ci', 'COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .');
    const r = advise(text, NODE_PROJECT);
    expect(r.cache).toEqual([]);
  });
});
