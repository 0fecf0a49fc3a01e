import { describe, expect, it } from 'vitest';
import { build } from '../report/spec-fixtures';
import { imageDigest } from '../report/outcome';

const runProblems = (text: string, run?: { cmd?: string[]; entrypoint?: string[] }) =>
  build(text, run ? { run } : {}).problems.filter((p) => p.when === 'run').map((p) => `${p.code}:${p.severity}:${p.line}`);

const APP = `FROM node:20-alpine AS build
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

describe('docker run IMAGE COMMAND: the start checks for the command given', () => {
  it('the command replaces CMD and counts as the image\'s own (no "base image default" problem)', () => {
    const noCmd = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./';
    expect(runProblems(noCmd)).toEqual(['base-default-command:error:null']);
    expect(runProblems(noCmd, { cmd: ['node', '-e', '1'] })).toEqual([]);
  });

  it('the command is checked: a program not on the PATH, a script that is not there; no Dockerfile line is blamed', () => {
    expect(runProblems(APP)).toEqual([]);
    expect(runProblems(APP, { cmd: ['nosuch'] })).toEqual(['missing-executable:error:null']);
    expect(runProblems(APP, { cmd: ['node', 'missing.js'] })).toEqual(['missing-executable:error:null']);
    const r = build(APP, { run: { cmd: ['node', 'missing.js'] } });
    expect(r.problems.find((p) => p.when === 'run')!.message).toContain("Cannot find module '/app/missing.js'");
  });

  it('sh -c runs through the shell: its first command is checked, and a shell builtin needs nothing on the PATH', () => {
    expect(runProblems(APP, { cmd: ['sh', '-c', 'node dist/server.js'] })).toEqual([]);
    expect(runProblems(APP, { cmd: ['sh', '-c', 'echo hi'] })).toEqual([]);
    expect(runProblems(APP, { cmd: ['sh', '-c', 'nosuch --flag'] })).toEqual(['missing-executable:error:null']);
    // scratch has no shell at all.
    expect(runProblems('FROM scratch\nCOPY package.json /', { cmd: ['sh', '-c', 'echo hi'] })).toEqual(['no-shell:error:null']);
  });

  it('--entrypoint replaces ENTRYPOINT and clears CMD; an empty one leaves nothing to start', () => {
    const withEntry = 'FROM alpine:3.20\nCOPY package.json /\nENTRYPOINT ["/nosuch"]\nCMD ["x"]';
    expect(runProblems(withEntry)).toEqual(['missing-executable:error:3']);
    expect(runProblems(withEntry, { entrypoint: ['/bin/sh'] })).toEqual([]);
    expect(runProblems('FROM scratch\nCOPY package.json /\nENTRYPOINT ["/p"]', { entrypoint: [] })).toEqual(['no-command:error:null']);
    // A COMMAND with the image's ENTRYPOINT: the entrypoint runs it, and its line is the one to look at.
    expect(runProblems(withEntry, { cmd: ['y'] })).toEqual(['missing-executable:error:3']);
  });

  it('only the start checks change: the image, its config, its layers and its ID stay those of the build', () => {
    const plain = build(APP);
    const run = build(APP, { run: { cmd: ['nosuch'] } });
    expect(run.image!.config).toEqual(plain.image!.config);
    expect(run.image!.bytes).toBe(plain.image!.bytes);
    expect(run.cacheKeys).toEqual(plain.cacheKeys);
    expect(imageDigest(run)).toBe(imageDigest(plain));
    expect(run.problems.filter((p) => p.when === 'build')).toEqual(plain.problems.filter((p) => p.when === 'build'));
  });
});

describe('shell-form commands', () => {
  it('a shell builtin as the first command of a shell-form CMD is not looked up on the PATH', () => {
    expect(runProblems('FROM alpine:3.20\nCMD echo hello')).toEqual([]);
    expect(runProblems('FROM alpine:3.20\nCMD nosuch')).toEqual(['missing-executable:error:2']);
  });
});
