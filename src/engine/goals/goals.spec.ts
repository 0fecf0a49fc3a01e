import { checkExercise, prepareContext } from '../project';
import { context } from '../report/spec-fixtures';
import { describe, expect, it } from 'vitest';
import { checkDockerfile } from '../index';
import { evaluateGoals, validateGoals, type GoalSpec } from './index';
import type { BuildFacts } from './types';

const goal = (text: string, spec: GoalSpec, build: BuildFacts | null = null) => checkDockerfile(text, { goals: [spec], build }).goals[0]!;

const TWO_STAGE = `FROM node:20 AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY src ./src
RUN npm run build

FROM node:20-alpine AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=builder /app/dist ./dist
USER node
CMD ["node", "dist/server.js"]
`;

describe('static goals', () => {
  it('stage-count', () => {
    expect(goal(TWO_STAGE, { rule: 'stage-count', options: { min: 2 } }).met).toBe(true);
    const one = goal('FROM node:20', { rule: 'stage-count', options: { min: 2 } });
    expect(one).toMatchObject({ met: false, detail: 'It has 1 stage (2 needed).', title: 'The Dockerfile has at least 2 stages' });
  });

  it('stage-named, with a hint when only the casing differs', () => {
    expect(goal(TWO_STAGE, { rule: 'stage-named', options: { name: 'builder' } }).met).toBe(true);
    expect(goal('FROM a AS Builder', { rule: 'stage-named', options: { name: 'builder' } })).toMatchObject({
      met: false,
      detail: 'Stage 0 is named Builder; write it as builder.',
    });
    expect(goal('FROM a', { rule: 'stage-named', options: { name: 'builder' } }).detail).toBe('No stage has a name yet (FROM image AS name).');
  });

  it('final-base-matches follows stage chains and global ARG defaults', () => {
    const spec = { rule: 'final-base-matches', options: { pattern: 'node:*-alpine' } };
    expect(goal(TWO_STAGE, spec).met).toBe(true);
    expect(goal('FROM node:20', spec)).toMatchObject({ met: false, detail: 'The final stage starts from node:20, which does not match node:*-alpine.' });
    expect(goal('FROM node:20-alpine AS base\nFROM base', spec).met).toBe(true);
    expect(goal('ARG V=20\nFROM node:${V}-alpine', spec).met).toBe(true);
    expect(goal('FROM golang:1.22 AS b\nFROM scratch', { rule: 'final-base-matches', options: { pattern: 'scratch' } }).met).toBe(true);
  });

  it('final-copies-from wants the stage by name', () => {
    const spec = { rule: 'final-copies-from', options: { path: '/app/dist', stage: 'builder' } };
    expect(goal(TWO_STAGE, spec).met).toBe(true);
    expect(goal(TWO_STAGE.replace('--from=builder /app/dist', '--from=builder /app/dist/'), spec).met).toBe(true);
    expect(goal(TWO_STAGE.replace('--from=builder', '--from=0'), spec)).toMatchObject({
      met: false,
      detail: 'Line 11 copies /app/dist from stage 0; refer to it by its name, --from=builder.',
    });
    expect(goal('FROM a AS builder\nFROM b\nCOPY /x /y', spec).met).toBe(false);
  });

  it('no-copy-all-in-final', () => {
    expect(goal(TWO_STAGE, { rule: 'no-copy-all-in-final' }).met).toBe(true);
    expect(goal('FROM node:20\nCOPY . .', { rule: 'no-copy-all-in-final' })).toMatchObject({ met: false, detail: 'Line 2 copies the whole build context into the final image.' });
    // Copying everything in a builder stage is that stage's business.
    expect(goal('FROM a AS b\nCOPY . .\nFROM c\nCOPY --from=b /out /out', { rule: 'no-copy-all-in-final' }).met).toBe(true);
  });

  it('final-user-non-root judges the built image: root, numbers, names that exist there', () => {
    const ctx = prepareContext(context().files);
    const g = (text: string) => checkExercise(text, ctx, { goals: [{ rule: 'final-user-non-root' }] }).goals[0]!;
    expect(g('FROM node:20-alpine\nUSER node\nCMD ["node"]').met).toBe(true);
    expect(g('FROM node:20-alpine\nUSER root\nCMD ["node"]').met).toBe(false);
    expect(g('FROM alpine:3.20\nUSER 0:0\nCMD ["/bin/sh"]').met).toBe(false);
    expect(g('FROM alpine:3.20\nCMD ["/bin/sh"]')).toMatchObject({ met: false, detail: 'The image has no USER of its own, so the container runs as root.' });
    expect(g('FROM scratch\nCOPY package.json /p\nUSER 65532\nENTRYPOINT ["/p"]').met).toBe(true);
    expect(g('FROM node:20-alpine\nUSER node\nUSER root\nCMD ["node"]').met).toBe(false);
    // scratch has no /etc/passwd: a name cannot be found there.
    expect(g('FROM scratch\nCOPY package.json /p\nUSER nobody\nENTRYPOINT ["/p"]').met).toBe(false);
    // USER is inherited from the stage the final one is built FROM.
    expect(g('FROM node:20-alpine AS base\nUSER node\nFROM base\nCMD ["node"]').met).toBe(true);
  });

  it('final-env, inherited through FROM <stage>', () => {
    const spec = { rule: 'final-env', options: { name: 'NODE_ENV', value: 'production' } };
    expect(goal(TWO_STAGE, spec).met).toBe(true);
    expect(goal('FROM a AS base\nENV NODE_ENV=production\nFROM base', spec).met).toBe(true);
    expect(goal('FROM a\nENV NODE_ENV=development', spec).detail).toBe('Line 2 sets NODE_ENV=development, not production.');
  });

  it('deps-before-source', () => {
    expect(goal(TWO_STAGE, { rule: 'deps-before-source' }).met).toBe(true);
    expect(goal('FROM node:20\nCOPY . .\nRUN npm ci', { rule: 'deps-before-source' })).toMatchObject({
      met: false,
      detail: 'Line 2 copies . . before the install on line 3: any change there re-runs the install.'.replace('. . before', '. before'),
    });
    expect(goal('FROM node:20\nRUN npm ci\nCOPY package.json .', { rule: 'deps-before-source' }).met).toBe(false);
    expect(goal('FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .', { rule: 'deps-before-source' }).met).toBe(true);
  });

  it('no-rule-findings accepts rule ids and Docker references', () => {
    expect(goal('FROM a as b', { rule: 'no-rule-findings', options: { rules: ['from-as-casing'] } }).met).toBe(false);
    expect(goal('FROM a as b', { rule: 'no-rule-findings', options: { rules: ['FromAsCasing'] } }).met).toBe(false);
    expect(goal('FROM a AS b', { rule: 'no-rule-findings', options: { rules: ['FromAsCasing'] } }).met).toBe(true);
  });

  it('no-errors', () => {
    expect(goal('FROM a\nCOPY x', { rule: 'no-errors' }).met).toBe(false);
    expect(goal('FROM a', { rule: 'no-errors' }).met).toBe(true);
  });
});

describe('build goals', () => {
  const facts = (over: Partial<BuildFacts> = {}): BuildFacts => ({
    built: true,
    failure: null,
    unknowns: [],
    runUser: { user: 'node', exists: true },
    caCertificates: false,
    goBinaries: [],
    testsRun: () => null,
    imageBytes: 138_000_000,
    baselineImageBytes: 1_280_000_000,
    wastedBytes: 0,
    contextBytes: 1_200_000,
    contextHas: (p) => p === 'src/server.ts',
    imageHas: (p) => p === '/app/dist/server.js',
    cachedAfterChange: (file, step) => (step === 'npm ci' ? file === 'src/server.ts' : null),
    problems: [],
    ...over,
  });

  it('are pending until a build has run', () => {
    expect(goal('FROM a', { rule: 'image-size-under', options: { mb: 300 } })).toMatchObject({ met: false, pending: true });
  });

  it('compare sizes in decimal megabytes', () => {
    expect(goal('FROM a', { rule: 'image-size-under', options: { mb: 150 } }, facts())).toMatchObject({ met: true, detail: 'The image is 138MB.' });
    expect(goal('FROM a', { rule: 'image-size-under', options: { mb: 138 } }, facts()).met).toBe(false);
    expect(goal('FROM a', { rule: 'smaller-than-baseline', options: { factor: 8 } }, facts())).toMatchObject({ met: true, detail: '138MB against 1.28GB: 9.3× smaller.' });
    expect(goal('FROM a', { rule: 'wasted-under', options: { mb: 1 } }, facts({ wastedBytes: 85_000_000 })).met).toBe(false);
    expect(goal('FROM a', { rule: 'context-size-under', options: { mb: 5 } }, facts()).met).toBe(true);
  });

  it('check paths in the context and the image, and the cache', () => {
    expect(goal('FROM a', { rule: 'path-absent', options: { path: '.env', in: 'context' } }, facts()).met).toBe(true);
    expect(goal('FROM a', { rule: 'path-absent', options: { path: 'src/server.ts', in: 'context' } }, facts()).met).toBe(false);
    expect(goal('FROM a', { rule: 'cached-after-change', options: { file: 'src/server.ts', step: 'npm ci' } }, facts()).met).toBe(true);
    expect(goal('FROM a', { rule: 'cached-after-change', options: { file: 'src/server.ts', step: 'go build' } }, facts()).detail).toBe('No step runs “go build”.');
  });

  it('judge no image when the build failed: not met, naming the line', () => {
    const failed = facts({ built: false, failure: { line: 3, message: 'npm error The `npm ci` command can only install with an existing package-lock.json' } });
    for (const g of [{ rule: 'image-size-under', options: { mb: 300 } }, { rule: 'runs-cleanly' }, { rule: 'wasted-under', options: { mb: 1 } }, { rule: 'path-absent', options: { path: '/app/.env', in: 'image' } }, { rule: 'final-user-non-root' }, { rule: 'smaller-than-baseline', options: { factor: 2 } }]) {
      const r = goal('FROM a', g, failed);
      expect(r.met, g.rule).toBe(false);
      expect(r.detail, g.rule).toMatch(/^Not met: the build failed at line 3/);
    }
    // The context is sent before any step runs: its goals still judge it.
    expect(goal('FROM a', { rule: 'context-size-under', options: { mb: 5 } }, failed).met).toBe(true);
  });

  it('say "unknown" rather than "ok" when a step could not be simulated', () => {
    const r = goal('FROM a', { rule: 'runs-cleanly' }, facts({ unknowns: ['Stagecraft cannot tell whether line 4 succeeds: make build.'] }));
    expect(r).toMatchObject({ met: false, unknown: true });
  });
});

describe('more goals', () => {
  it('runs-cleanly', () => {
    const facts = { built: true, failure: null, unknowns: [], runUser: { user: '', exists: true }, caCertificates: false, goBinaries: [], testsRun: () => null, imageBytes: 1, baselineImageBytes: null, wastedBytes: 0, contextBytes: 0, contextHas: () => false, imageHas: () => false, cachedAfterChange: () => null };
    expect(goal('FROM a', { rule: 'runs-cleanly' }, { ...facts, problems: [] }).met).toBe(true);
    expect(goal('FROM a', { rule: 'runs-cleanly' }, { ...facts, problems: [{ message: 'exec /server: no such file or directory', when: 'run', line: 7, severity: 'error' }] })).toMatchObject({
      met: false,
      detail: 'docker run fails (line 7): exec /server: no such file or directory',
    });
  });

  it('stage-skipped', () => {
    const text = 'FROM a AS deps\nFROM deps AS build\nFROM build AS test\nRUN npm test\nFROM b AS runtime\nCOPY --from=build /x /x';
    expect(goal(text, { rule: 'stage-skipped', options: { name: 'test' } }).met).toBe(true);
    expect(goal(text, { rule: 'stage-skipped', options: { name: 'deps' } })).toMatchObject({ met: false, detail: 'The final stage needs deps (it copies from it or builds on it), so every build runs it.' });
    expect(goal(text, { rule: 'stage-skipped', options: { name: 'nope' } }).met).toBe(false);
  });
});

describe('goal specs', () => {
  it('are validated: unknown ids and bad options are named', () => {
    expect(validateGoals([{ rule: 'stage-count', options: { min: 2 } }])).toEqual([]);
    expect(validateGoals([{ rule: 'stage-cuont' }])[0]).toMatch(/^goal 1: unknown goal "stage-cuont"/);
    expect(validateGoals([{ rule: 'stage-count', options: { min: 'two' } }])).toEqual(['goal 1 (stage-count): "min" must be a number ≥ 1']);
    expect(validateGoals([{ rule: 'path-absent', options: { path: '.env', in: 'disk' } }])).toEqual(['goal 1 (path-absent): "in" must be "context" or "image"']);
    expect(validateGoals([{ rule: 'no-errors', options: { x: 1 } }])).toEqual(['goal 1 (no-errors): unknown option "x"; allowed: none']);
  });

  it('evaluate without throwing, even when misconfigured', () => {
    const { file, diagnostics } = checkDockerfile('FROM a');
    expect(evaluateGoals([{ rule: 'nope' }, { rule: 'stage-count', options: {} }], { file, diagnostics })).toEqual([
      { id: 'nope', title: 'nope', kind: 'static', met: false, detail: 'Unknown goal "nope".' },
      { id: 'stage-count', title: 'stage-count', kind: 'static', met: false, detail: 'This goal is misconfigured: "min" must be a number ≥ 1.' },
    ]);
  });
});
