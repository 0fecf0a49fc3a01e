/**
 * npm and npx (npm 10, as in node:20): what they read, what they put in the
 * layer, and npm's own words when an input is missing.
 */
import { describe, expect, it } from 'vitest';
import npmCatalog from '../../images/calibration/npm-packages.json';
import { node, nodeAlpine, on, packageJson } from './spec-helpers';

/** typescript@5.9.3 as measured (calibration/npm-packages.json); express@4.22.1 is not in the catalog: 178 kB assumed. */
const TYPESCRIPT = 23_625_066;
const EXPRESS = 178_000;
const CACHE = npmCatalog.npmCache;
const cacheAfterCi = (bytes: number, packages: number) => Math.round(CACHE.perByte * bytes + CACHE.perPackage * packages);

const EUSAGE_NO_LOCK = [
  'npm error code EUSAGE',
  'npm error',
  'npm error The `npm ci` command can only install with an existing package-lock.json or',
  'npm error npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or',
  'npm error later to generate a package-lock.json file, then try again.',
].join('\n');
const ENOENT_PACKAGE_JSON = [
  'npm error code ENOENT',
  'npm error syscall open',
  'npm error path /app/package.json',
  'npm error errno -2',
  "npm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '/app/package.json'",
].join('\n');

describe('npm ci', () => {
  it('reads package.json and package-lock.json and prints npm’s summary', () => expect(node('COPY package*.json ./\nRUN npm ci')).toMatchObject({ status: 'ok', output: ['added 2 packages, and audited 3 packages in 1s'] }));
  it('makes node_modules with each package’s measured size (the average for one the catalog lacks)', () => expect(node('COPY package*.json ./\nRUN npm ci').files).toMatchObject({ '/app/node_modules/typescript': TYPESCRIPT, '/app/node_modules/express': EXPRESS }));
  it('says which packages had no measured size', () => expect(node('COPY package*.json ./\nRUN npm ci').notes).toContain("1 package not in Stagecraft's size catalog: 178 kB each assumed"));
  it('writes node_modules/.package-lock.json', () => expect(Object.keys(node('COPY package*.json ./\nRUN npm ci').files)).toContain('/app/node_modules/.package-lock.json'));
  it('leaves its cache in /root/.npm/_cacache, in the layer', () => expect(node('COPY package*.json ./\nRUN npm ci').files['/root/.npm/_cacache']).toBe(cacheAfterCi(TYPESCRIPT + EXPRESS, 2)));
  it('--omit=dev leaves the dev dependencies out', () => expect(Object.keys(node('COPY package*.json ./\nRUN npm ci --omit=dev').files)).not.toContain('/app/node_modules/typescript'));
  it('NODE_ENV=production omits dev dependencies too', () => expect(Object.keys(node('ENV NODE_ENV=production\nCOPY package*.json ./\nRUN npm ci').files)).not.toContain('/app/node_modules/typescript'));
  it('with a cache mount, the cache stays out of the layer', () => expect(nodeAlpine('COPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci')).toMatchObject({ files: expect.not.objectContaining({ '/root/.npm/_cacache': expect.anything() }), notes: expect.arrayContaining(["npm's cache went to the cache mount at /root/.npm, not into the layer"]) }));
  it('without package-lock.json fails with npm’s EUSAGE', () => expect(node('COPY package.json ./\nRUN npm ci')).toMatchObject({ status: 'failed', message: expect.stringContaining(EUSAGE_NO_LOCK) }));
  it('in a folder with neither package.json nor a lockfile, fails with the same EUSAGE (npm ci looks for the lockfile first)', () => expect(node('RUN npm ci')).toMatchObject({ status: 'failed', message: expect.stringContaining(EUSAGE_NO_LOCK) }));
  it('fails when package.json asks for a package the lockfile lacks', () => expect(node('COPY package*.json ./\nRUN npm ci', { files: { 'package.json': packageJson({ dependencies: { express: '^4.21.0', lodash: '^4.17.21' }, devDependencies: { typescript: '^5.6.0' } }) } })).toMatchObject({ status: 'failed', message: expect.stringContaining('`npm ci` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync.') }));
});

describe('npm install', () => {
  it('installs what the lockfile records', () => expect(node('COPY package*.json ./\nRUN npm install').files).toMatchObject({ '/app/node_modules/typescript': TYPESCRIPT, '/app/node_modules/express': EXPRESS }));
  it('keeps packages COPY . . brought in from the host and fetches only the others', () => expect(node('COPY . .\nRUN npm install', { files: { 'node_modules/express/package.json': '{"name":"express","version":"4.22.1"}', 'node_modules/express/index.js': 'module.exports = {};\n' } })).toMatchObject({ files: expect.not.objectContaining({ '/app/node_modules/express': expect.anything() }), notes: expect.arrayContaining(['1 of 2 packages were already in /app/node_modules (copied from the build context) and were kept']) }));
  it('with package names to add is unknown (they are not in the lockfile)', () => expect(node('COPY package*.json ./\nRUN npm install lodash').status).toBe('unknown'));
  it('in a folder without package.json succeeds with nothing to do (npm treats the root as empty)', () => expect(node('RUN npm install')).toMatchObject({ status: 'ok', output: [expect.stringMatching(/^up to date, audited 1 package in /)] }));
  it('with a package.json that is not JSON fails with EJSONPARSE', () => expect(node('COPY package.json ./\nRUN npm install', { files: { 'package.json': '{ name: "app" }' } })).toMatchObject({ status: 'failed', message: expect.stringMatching(/^npm error code EJSONPARSE\n[\s\S]*npm error JSON.parse Note: package.json must be actual JSON, not just JavaScript\.$/) }));
});

describe('npm run', () => {
  it('runs the script with node_modules/.bin on the PATH and keeps what it makes (tsc: dist/server.js, measured 585 B)', () => expect(node('COPY . .\nRUN npm ci\nRUN npm run build')).toMatchObject({ status: 'ok', files: { '/app/dist/server.js': 585 }, output: ['> app@1.0.0 build', '> tsc -p tsconfig.json'] }));
  it('passes the arguments after -- to the script', () => expect(node('COPY . .\nRUN npm ci\nRUN npm run build -- --noEmit')).toMatchObject({ status: 'ok', files: {}, output: ['> app@1.0.0 build', '> tsc -p tsconfig.json --noEmit'] }));
  it('without the script fails with npm’s Missing script', () => expect(node('COPY package.json ./\nRUN npm run build', { files: { 'package.json': packageJson({}) } }).message).toBe('npm error Missing script: "build"\nnpm error\nnpm error To see a list of scripts, run:\nnpm error   npm run'));
  it('npm test without a test script says Missing script: "test"', () => expect(node('COPY package.json ./\nRUN npm test', { files: { 'package.json': packageJson({}) } }).message).toBe('npm error Missing script: "test"\nnpm error\nnpm error To see a list of scripts, run:\nnpm error   npm run'));
  it('without package.json fails with ENOENT', () => expect(node('RUN npm run build')).toMatchObject({ status: 'failed', message: expect.stringContaining(ENOENT_PACKAGE_JSON) }));
  it('without node_modules, dash cannot find tsc (exit 127) and npm reports the failed command (Debian)', () => expect(node('COPY . .\nRUN npm run build').message).toContain('sh: 1: tsc: not found\nnpm error code 127\nnpm error path /app\nnpm error command failed\nnpm error command sh -c tsc -p tsconfig.json'));
  it('without node_modules, BusyBox sh cannot find tsc (exit 127) and npm reports the failed command (Alpine)', () => expect(nodeAlpine('COPY . .\nRUN npm run build').message).toContain('sh: tsc: not found\nnpm error code 127\nnpm error path /app\nnpm error command failed\nnpm error command sh -c tsc -p tsconfig.json'));
  it('a plain project’s failure has no “Lifecycle script … failed” line (npm prints that for workspaces only)', () => expect(node('COPY . .\nRUN npm run build').message).not.toContain('Lifecycle script'));
});

describe('other npm commands', () => {
  it('npm prune --omit=dev whites out the dev packages; their bytes stay in the earlier layer', () => expect(node('COPY package*.json ./\nRUN npm ci\nRUN npm prune --omit=dev').removed).toEqual(['/app/node_modules/typescript']));
  it('npm prune --omit=dev prints npm’s summary with the right plural', () => expect(node('COPY package*.json ./\nRUN npm ci\nRUN npm prune --omit=dev').output[0]).toMatch(/^removed 1 package(,| in )/));
  it('npm cache clean --force in the same RUN keeps the cache out of the layer', () => expect(Object.keys(node('COPY package*.json ./\nRUN npm ci && npm cache clean --force').files)).not.toContain('/root/.npm/_cacache'));
  it('npm cache clean without --force refuses', () => expect(node('COPY package*.json ./\nRUN npm ci && npm cache clean')).toMatchObject({ status: 'failed', message: expect.stringContaining('npm error As of npm@5, the npm cache self-heals from corruption issues') }));
  it('npm start in a RUN is unknown: the server never exits', () => expect(node('COPY . .\nRUN npm start').status).toBe('unknown'));
  it('npm --version changes nothing', () => expect(node('RUN npm --version')).toMatchObject({ status: 'ok', bytes: 0 }));
});

describe('npx', () => {
  it('runs a bin from node_modules/.bin (npx is in every node image)', () => expect(node('COPY . .\nRUN npm ci\nRUN npx tsc -p tsconfig.json')).toMatchObject({ status: 'ok', files: { '/app/dist/server.js': 585 } }));
  it('of a tool that is not installed is unknown (npx would download it)', () => expect(node('COPY . .\nRUN npx eslint .').status).toBe('unknown'));
});

describe('npm in an image without Node', () => {
  it('is not found by dash (Debian)', () => expect(on('debian:bookworm-slim', 'RUN npm ci').message).toBe('/bin/sh: 1: npm: not found'));
  it('is not found by BusyBox sh (Alpine)', () => expect(on('alpine:3.20', 'RUN npm ci').message).toBe('/bin/sh: npm: not found'));
});


describe('npm and files whose text Stagecraft was not given', () => {
  it('a lockfile that is there but was not read makes npm ci unknown, not a missing-lockfile failure', async () => {
    const { simulateBuild } = await import('../simulate');
    const { parseDockerfile } = await import('../../dockerfile/parse');
    const files = [
      { path: 'package.json', size: 40, hash: 'p', text: '{"name":"a","version":"1.0.0","dependencies":{}}' },
      { path: 'package-lock.json', size: 20_000_000, hash: 'l' },
    ];
    const r = simulateBuild(parseDockerfile('FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCMD ["node", "-e", "1"]'), { context: { files } });
    expect(r.problems.filter((p) => p.when === 'build')).toEqual([]);
    expect(r.unknowns.map((u) => u.message).join(' ')).toMatch(/package-lock\.json/);
  });
});

describe('npm install prints what npm prints', () => {
  it('one package added: "added 1 package", singular', async () => {
    const { simulateBuild } = await import('../simulate');
    const { parseDockerfile } = await import('../../dockerfile/parse');
    const lock = JSON.stringify({ name: 'a', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'a', version: '1.0.0', dependencies: { p: '1.0.0' } }, 'node_modules/p': { version: '1.0.0' } } });
    const pkg = '{"name":"a","version":"1.0.0","dependencies":{"p":"1.0.0"}}';
    const files = [{ path: 'package.json', size: pkg.length, hash: 'p', text: pkg }, { path: 'package-lock.json', size: lock.length, hash: 'l', text: lock }];
    const r = simulateBuild(parseDockerfile('FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "-e", "1"]'), { context: { files } });
    expect(r.steps.find((s) => s.label.includes('npm install'))!.output).toContain('added 1 package, and audited 2 packages in 1s');
  });
});
