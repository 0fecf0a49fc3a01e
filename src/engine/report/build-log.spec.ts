import { describe, expect, it } from 'vitest';
import { buildLog, buildLogEvents, SIMULATED_NOTE } from './build-log';
import { imageDigest } from './outcome';
import { build, context, facts, GOLDEN } from './spec-fixtures';
import { simulateBuild } from '../simulate/simulate';
import { parseDockerfile } from '../dockerfile/parse';

const numbers = (log: string) => [...new Set([...log.matchAll(/^#(\d+) /gm)].map((m) => Number(m[1])))];

describe('buildLog', () => {
  const text = GOLDEN['node-single-stage']!;
  const log = buildLog(build(text), { dockerfile: text, tag: 'app' });

  it('says first that the build is simulated, then prints BuildKit’s internal steps', () => {
    const lines = log.split('\n');
    expect(lines[0]).toBe(SIMULATED_NOTE);
    expect(lines[0]).toMatch(/simulated/);
    expect(log).toContain('#1 [internal] load build definition from Dockerfile\n#1 transferring dockerfile: 100B done\n#1 DONE 0.0s\n');
    expect(log).toContain('#2 [internal] load metadata for docker.io/library/node:20\n');
    expect(log).toContain('#3 [internal] load .dockerignore\n#3 transferring context: 2B done\n');
    expect(log).toContain('#4 [internal] load build context\n#4 transferring context: 620B done\n');
  });

  it('numbers vertices in order, one block each, separated by a blank line', () => {
    expect(numbers(log)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(log).toContain('#4 DONE 0.0s\n\n#5 [1/5] FROM docker.io/library/node:20\n');
    expect(log).toContain('#8 [4/5] RUN npm install\n#8 0.664 added 2 packages, and audited 3 packages in 1s\n');
    expect(log).toMatch(/#9 \[5\/5\] RUN npm run build\n#9 \d\.\d{3} > app@1\.0\.0 build\n#9 \d\.\d{3} > tsc -p tsconfig.json\n#9 DONE 4\.3s\n/);
  });

  it('ends with the export and a digest derived from the cache keys', () => {
    const r = build(text);
    expect(log).toContain(`#10 exporting to image\n#10 exporting layers\n#10 exporting layers 0.4s done\n#10 writing image ${imageDigest(r)} done\n#10 naming to docker.io/library/app:latest done\n#10 DONE`);
    expect(imageDigest(r)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(imageDigest(build(text))).toBe(imageDigest(r));
    expect(imageDigest(build(text.replace('npm install', 'npm ci')))).not.toBe(imageDigest(r));
    // Only the config changes (no layer does): Docker's image ID is the config's digest, so it changes too.
    expect(imageDigest(build(`${text}CMD ["node", "other.js"]\n`))).not.toBe(imageDigest(r));
    expect(imageDigest(build(`${text}EXPOSE 8080\n`))).not.toBe(imageDigest(r));
  });

  it('shows CACHED steps on a rebuild, and a changed source re-runs what follows', () => {
    const first = build(text);
    const again = buildLog(build(text, { cache: first.cacheKeys }));
    expect(again).toContain('#6 [2/5] WORKDIR /app\n#6 CACHED\n');
    expect(again).toContain('#8 [4/5] RUN npm install\n#8 CACHED\n');
    expect(again).toContain('exporting layers done\n');
    const changed = buildLog(simulateBuild(parseDockerfile(GOLDEN['node-multi-stage']!), { context: context({ 'src/server.ts': 'changed\n' }), facts, cache: build(GOLDEN['node-multi-stage']!).cacheKeys }));
    expect(changed).toContain('[builder 4/7] RUN npm ci\n#8 CACHED');
    expect(changed).toMatch(/\[builder 6\/7\] COPY src \.\/src\n#10 DONE/);
  });

  it('marks Stagecraft’s own notes', () => {
    const out = buildLog(build('FROM alpine:3.20\nRUN make install'));
    expect(out).toContain('#5 [2/2] RUN make install\n#5 [stagecraft] effect unknown: make install\n#5 DONE');
  });

  it('uses stage names only in multi-stage files, shows one FROM per image, and none for scratch', () => {
    const go = buildLog(build(GOLDEN['go-static-scratch']!));
    expect(go).toContain('[build 1/5] FROM docker.io/library/golang:1.22\n');
    expect(go).toContain('[stage-1 1/1] COPY --from=build /server /server\n');
    expect(go).not.toContain('FROM scratch');
    expect(go.match(/load metadata for/g)).toHaveLength(1);
    const node = buildLog(build(GOLDEN['node-multi-stage']!));
    expect(node.match(/ FROM docker\.io\/library\/node:20-alpine\n/g)).toHaveLength(1);
    expect(node).toContain('[runtime 2/5] WORKDIR /app');
    const two = buildLog(build('FROM node:20 AS a\nRUN echo a\nFROM alpine:3.20\nCOPY --from=a /etc/passwd /p'));
    expect(two).toContain('load metadata for docker.io/library/node:20\n');
    expect(two).toContain('load metadata for docker.io/library/alpine:3.20\n');
    expect(two).not.toContain('load build context');
  });

  it('numbers a stage built FROM another stage from its first instruction', () => {
    const out = buildLog(build('FROM alpine:3.20 AS base\nRUN echo a\nFROM base AS test\nRUN echo b'));
    expect(out).toContain('[test 1/1] RUN echo b\n');
    expect(out).not.toContain('FROM base');
  });

  it('leaves out stages the target does not need', () => {
    const out = buildLog(build(`${GOLDEN['node-multi-stage']}\nFROM alpine:3.20 AS unused\nRUN echo never`, { target: 'runtime' }));
    expect(out).not.toContain('unused');
    expect(out).not.toContain('echo never');
  });

  it('pads step numbers once a stage has ten steps', () => {
    const many = `FROM alpine:3.20\n${Array.from({ length: 10 }, (_, i) => `RUN echo ${i}`).join('\n')}`;
    const out = buildLog(build(many));
    expect(out).toContain('[ 1/11] FROM docker.io/library/alpine:3.20\n');
    expect(out).toContain('[11/11] RUN echo 9\n');
  });

  it('stops at a build error: ERROR on the step, BuildKit’s error block, no export', () => {
    const t = GOLDEN['missing-copy-source']!;
    const out = buildLog(build(t), { dockerfile: t });
    expect(out).toContain('#9 [5/6] COPY public ./public\n#9 ERROR: failed to calculate checksum of ref: "/public": not found\n------\n > [5/6] COPY public ./public:\n------\nDockerfile:5\n--------------------\n');
    expect(out).toContain('   5 | >>> COPY public ./public\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref: "/public": not found');
    expect(out).not.toContain('exporting');
    expect(out).not.toContain('] COPY src ./src');
  });

  it('reports a failing RUN program with its output and exit code', () => {
    const t = 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci';
    const out = buildLog(build(t), { dockerfile: t });
    expect(out).toMatch(/#8 \d\.\d{3} npm error The `npm ci` command can only install/);
    expect(out).toContain('#8 ERROR: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1\n');
    expect(out).toContain(' > [4/4] RUN npm ci:\n');
    expect(out).toContain('ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1\n');
  });

  it('without the Dockerfile text, shows just the failing instruction', () => {
    const out = buildLog(build('FROM alpine:3.20\nCOPY nope.txt /x'));
    expect(out).toContain('Dockerfile:2\n--------------------\n   2 | >>> COPY nope.txt /x\n--------------------\n');
  });

  it('fails before any step for an unknown --target', () => {
    const out = buildLog(build(GOLDEN['node-multi-stage']!, { target: 'nope' }));
    expect(numbers(out)).toEqual([0, 1]);
    expect(out.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to solve: target stage "nope" could not be found');
  });

  it('streams as events whose lines make up the log', () => {
    for (const t of Object.values(GOLDEN)) {
      const r = build(t);
      const events = buildLogEvents(r, { dockerfile: t, tag: 'app' });
      expect(`${events.flatMap((e) => e.lines).join('\n')}\n`).toBe(buildLog(r, { dockerfile: t, tag: 'app' }));
      const steps = events.filter((e) => e.kind === 'step');
      expect(steps.map((e) => e.stepNumber)).toEqual([...steps.map((e) => e.stepNumber)].sort((a, b) => a! - b!));
      for (const e of steps) expect(r.steps[e.step!]).toBeDefined();
    }
    const failed = buildLogEvents(build(GOLDEN['missing-copy-source']!));
    expect(failed.at(-1)).toMatchObject({ kind: 'error', stepNumber: null, failed: true });
    expect(failed.at(-2)).toMatchObject({ kind: 'step', failed: true });
  });
});
