/**
 * vite build (Vite 6): reads index.html at the project root and the modules
 * it loads, writes dist/ (the sizes the project measured) and copies public/.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectFacts } from '../facts';
import { lockfile, node, on, packageJson, type Project } from './spec-helpers';

const FACTS = {
  buildOutputs: {
    'dist/index.html': { bytes: 460, source: 'measured vite build' },
    'dist/assets/index-4sK2hL9q.js': { bytes: 1_412, source: 'measured vite build' },
    'dist/favicon.svg': { bytes: 1_497, source: 'copied from public/' },
  },
};
const FILES = {
  'package.json': packageJson({ scripts: { build: 'vite build', dev: 'vite' }, devDependencies: { vite: '^6.0.0' } }),
  'package-lock.json': lockfile({ vite: '6.0.0!' }),
  'index.html': '<!doctype html>\n<div id="app"></div>\n<script type="module" src="/src/main.ts"></script>\n',
  'src/main.ts': 'document.querySelector("#app")!.textContent = "hi";\n',
  'public/favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};
/** vite and rollup with both native binaries, as npm records them (npm installs the one that fits the image). */
const ROLLUP_LOCK = JSON.stringify({
  name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0' },
    'node_modules/vite': { version: '6.0.0', dev: true },
    'node_modules/rollup': { version: '4.28.0', dev: true },
    'node_modules/@rollup/rollup-linux-x64-gnu': { version: '4.28.0', dev: true, optional: true, os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
    'node_modules/@rollup/rollup-linux-x64-musl': { version: '4.28.0', dev: true, optional: true, os: ['linux'], cpu: ['x64'], libc: ['musl'] },
  },
});
const app = (files: Record<string, string | null> = {}, facts: ProjectFacts = FACTS): Project => ({ only: true, files: { ...FILES, ...files }, facts });
/** package*.json first, npm ci, then `copy` (the rest of the project), then `run`. */
const vite = (copy: string, run = 'npm run build', project = app()) => node(`COPY package*.json ./\nRUN npm ci\n${copy}\nRUN ${run}`, project);

describe('vite build', () => {
  it('writes dist/: index.html, the hashed bundle and public/’s files, with the measured sizes', () => expect(vite('COPY . .')).toMatchObject({ status: 'ok', files: { '/app/dist/index.html': 460, '/app/dist/assets/index-4sK2hL9q.js': 1_412, '/app/dist/favicon.svg': 1_497 } }));
  it('copies public/ only when public/ is in the image', () => expect(Object.keys(vite('COPY index.html ./\nCOPY src ./src').files)).toEqual(['/app/dist/index.html', '/app/dist/assets/index-4sK2hL9q.js']));
  it('without index.html: Rollup cannot resolve the entry module', () => expect(vite('COPY src ./src')).toMatchObject({ status: 'failed', message: expect.stringMatching(/error during build:\nCould not resolve entry module "index\.html"\./) }));
  it('with index.html but not the module it loads: Rollup cannot resolve the import', () => expect(vite('COPY index.html ./').message).toContain('[vite]: Rollup failed to resolve import "/src/main.ts" from "/app/index.html".'));
  it('a script from a CDN is not looked for in the image', () => expect(vite('COPY index.html ./', 'npm run build', app({ 'index.html': '<script src="https://cdn.example.com/lib.js"></script>' })).status).toBe('ok'));
  it('a node_modules copied from a glibc host into Alpine lacks Rollup’s musl binary', () => expect(on('node:20-alpine', 'COPY . .\nRUN npm run build', app({ 'node_modules/vite/package.json': '{}', 'node_modules/rollup/package.json': '{}', 'node_modules/@rollup/rollup-linux-x64-gnu/package.json': '{}' })).message).toContain('Error: Cannot find module @rollup/rollup-linux-x64-musl. npm has a bug related to optional dependencies (https://github.com/npm/cli/issues/4828).'));
  it('npm ci inside Alpine installs the musl binary, and the build works', () => expect(on('node:20-alpine', 'COPY package*.json ./\nRUN npm ci\nCOPY index.html ./\nCOPY src ./src\nRUN npm run build', app({ 'package-lock.json': ROLLUP_LOCK })).status).toBe('ok'));
  it('without node_modules, dash cannot find vite', () => expect(node('COPY . .\nRUN npm run build', app()).message).toMatch(/^sh: 1: vite: not found\n/));
  it('is unknown when the project records no measured output', () => expect(vite('COPY . .', 'npm run build', app({}, { buildOutputs: {} })).status).toBe('unknown'));
  it('the dev server (vite) in a RUN is unknown: it never exits', () => expect(vite('COPY . .', 'npm run dev').status).toBe('unknown'));
});
