import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse';
import { build, context, facts } from '../report/spec-fixtures';
import { simulateBuild } from './simulate';

const SERVER = "import express from 'express';\nconst app = express();\napp.listen(3000);\n";
const BUILD = `FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build
`;
/** Not strict: the fixture project has express but not @types/express (strict tsc would stop with TS7016). */
const TSCONFIG = JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'] });
const run = (text: string, files: Record<string, string> = { 'src/server.ts': SERVER }) =>
  simulateBuild(parseDockerfile(text), { context: context({ 'tsconfig.json': TSCONFIG, ...files }), facts });
const codes = (text: string, files?: Record<string, string>) => run(text, files).problems.map((p) => `${p.code}:${p.severity}`);

describe('docker run: what the container starts', () => {
  it('no ENTRYPOINT or CMD at all: "no command specified"', () => {
    const r = build('FROM scratch\nCOPY package.json /p');
    expect(r.problems).toMatchObject([{ code: 'no-command', when: 'run', message: 'docker: Error response from daemon: no command specified.' }]);
  });

  it('the base image default (node\'s prompt) does not start the app', () => {
    expect(codes('FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./')).toEqual(['base-default-command:error']);
    // A CMD set in a stage the final one is built FROM counts as the Dockerfile's own.
    expect(codes('FROM node:20-alpine AS base\nCMD ["node", "-e", "1"]\nFROM base')).toEqual([]);
  });

  it('node FILE needs the file and the packages it requires, where Node searches', () => {
    const noModules = `${BUILD}\nFROM node:20-alpine\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCMD ["node", "dist/server.js"]`;
    const r = run(noModules);
    expect(r.problems).toMatchObject([{ code: 'missing-module', when: 'run', severity: 'error' }]);
    expect(r.problems[0]!.message).toContain("Error: Cannot find module 'express'\nRequire stack:\n- /app/dist/server.js");
    const withModules = noModules.replace('COPY --from=build /app/dist ./dist', 'COPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist');
    expect(run(withModules).problems).toEqual([]);
    // node_modules one folder up is found too (Node walks up from the file's folder).
    const parent = noModules.replace('COPY --from=build /app/dist ./dist', 'COPY --from=build /app/node_modules /node_modules\nCOPY --from=build /app/dist ./dist');
    expect(run(parent).problems).toEqual([]);
  });

  it('the node images run CMD ["dist/server.js"] through docker-entrypoint.sh as node dist/server.js', () => {
    const text = `${BUILD}\nFROM node:20-alpine\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCMD ["dist/server.js"]`;
    expect(codes(text)).toEqual(['missing-module:error']);
  });

  it('npm start needs package.json and its start script, and is flagged as PID 1', () => {
    const base = `${BUILD}\nFROM node:20-alpine\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist\n`;
    expect(run(`${base}CMD ["npm", "start"]`).problems[0]!.message).toContain("npm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '/app/package.json'");
    expect(codes(`${base}COPY package.json ./\nCMD ["npm", "start"]`)).toEqual(['npm-start-pid1:warning']);
    const noStart = JSON.stringify({ name: 'app', version: '1.0.0', scripts: { build: 'tsc -p tsconfig.json' } });
    expect(run(`${base}COPY package.json ./\nCMD ["npm", "start"]`, { 'src/server.ts': SERVER, 'package.json': noStart }).problems[0]!.message).toContain('npm error Missing script: "start"');
    // The start script's own command is checked too.
    expect(codes(`${BUILD}\nFROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nCOPY --from=build /app/dist ./dist\nCMD npm start`)).toEqual(['missing-module:error']);
  });

  it('a shell-form command needs /bin/sh; exec form does not', () => {
    expect(codes('FROM scratch\nCOPY package.json /p\nCMD /p')).toEqual(['no-shell:error']);
  });

  it('HTTPS needs CA certificates where Go looks: the bundle file or the folder', () => {
    const go = (certs: string) => simulateBuild(parseDockerfile(`FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod ./\nCOPY cmd ./cmd\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server\nFROM scratch\nCOPY --from=build /server /server\n${certs}ENTRYPOINT ["/server"]`), { context: context(), facts: { ...facts, makesHttpsCalls: true } }).problems.map((p) => p.code);
    expect(go('')).toEqual(['no-ca-certificates']);
    expect(go('COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n')).toEqual([]);
    expect(go('COPY --from=build /etc/ssl/certs /etc/ssl/certs\n')).toEqual([]);
  });

  it('nginx serves /usr/share/nginx/html/index.html, else its welcome page', () => {
    const web = 'FROM alpine:3.20 AS build\nWORKDIR /app\nCOPY src ./src\nRUN mkdir -p dist && touch dist/index.html\n';
    expect(codes(`${web}FROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html`)).toEqual([]);
    expect(codes(`${web}FROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html/dist`)).toEqual(['nginx-welcome-page:error']);
  });

  it('a command Stagecraft cannot see into is unknown, not missing', () => {
    const r = build('FROM alpine:3.20\nRUN make install\nCMD ["/usr/local/bin/tool"]');
    expect(r.problems).toEqual([]);
    expect(r.unknowns.map((u) => u.line)).toEqual([2, 3]);
  });
});

describe('docker run: the userland an image ships', () => {
  it('BusyBox on alpine and coreutils on Debian have sleep', () => {
    expect(codes('FROM alpine:3.20\nCMD ["sleep", "1"]')).toEqual([]);
    expect(codes('FROM debian:bookworm-slim\nCMD ["sleep", "1"]')).toEqual([]);
  });
  it('the full node image has curl and git (buildpack-deps); the slim one has neither', () => {
    expect(codes('FROM node:20\nCMD ["curl", "-f", "http://localhost:3000/"]')).toEqual([]);
    expect(codes('FROM node:20-slim\nCMD ["git", "--version"]')).toEqual(['missing-executable:error']);
  });
  it('scratch has no userland, and a typo is still not found', () => {
    expect(codes('FROM scratch\nCMD ["sleep", "1"]')).toEqual(['missing-executable:error']);
    expect(codes('FROM node:20\nCMD ["nodee", "x.js"]')).toEqual(['missing-executable:error']);
  });
});
