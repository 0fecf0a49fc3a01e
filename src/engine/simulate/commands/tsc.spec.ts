/**
 * tsc (TypeScript 5.9, from the project's node_modules), run the way projects
 * run it: from an npm script, so node_modules/.bin is on the PATH. A failing
 * script's message starts with tsc's own output, which is what these assert.
 */
import { describe, expect, it } from 'vitest';
import { lockfile, node, packageJson, type Project } from './spec-helpers';

/** A project whose `build` script is `script`; typescript (and express, unless `files` says otherwise) in the lockfile. */
const project = (script: string, files: Record<string, string | null> = {}): Project => ({
  files: { 'package.json': packageJson({ scripts: { build: script }, dependencies: { express: '^4.21.0' }, devDependencies: { typescript: '^5.6.0' } }), ...files },
});
/** Everything copied, npm ci, then the build. */
const build = (script = 'tsc -p tsconfig.json', files: Record<string, string | null> = {}) => node('COPY . .\nRUN npm ci\nRUN npm run build', project(script, files));
/** Only package*.json copied (plus `also`), npm ci, then the build. */
const buildWith = (also: string, script: string, files: Record<string, string | null> = {}) => node(`COPY package*.json ./\n${also}\nRUN npm ci\nRUN npm run build`, project(script, files));

const IMPORTS_EXPRESS = "import express from 'express';\nexpress().listen(3000);\n";
/** typescript only: express is not installed. */
const NO_EXPRESS = { 'package.json': packageJson({ scripts: { build: 'tsc -p tsconfig.json' }, devDependencies: { typescript: '^5.6.0' } }), 'package-lock.json': lockfile({ typescript: '5.9.3!' }) };

describe('tsc: what it reads and makes', () => {
  it('-p tsconfig.json compiles src into outDir, with the measured size of the output', () => expect(build()).toMatchObject({ status: 'ok', files: { '/app/dist/server.js': 585 } }));
  it('keeps the folders under rootDir in outDir', () => expect(Object.keys(build('tsc -p tsconfig.json', { 'src/lib/util.ts': 'export const x = 1;\n' }).files)).toEqual(expect.arrayContaining(['/app/dist/server.js', '/app/dist/lib/util.js'])));
  it('without outDir writes each .js beside its source', () => expect(Object.keys(build('tsc -p tsconfig.json', { 'tsconfig.json': JSON.stringify({ include: ['src'] }) }).files)).toEqual(['/app/src/server.js']));
  it('without -p finds tsconfig.json in the working folder', () => expect(build('tsc').files).toEqual({ '/app/dist/server.js': 585 }));
  it('accepts a tsconfig.json with comments and trailing commas', () => expect(build('tsc', { 'tsconfig.json': '{\n  // output\n  "compilerOptions": { "rootDir": "src", "outDir": "dist", },\n  "include": ["src"],\n}\n' }).files).toEqual({ '/app/dist/server.js': 585 }));
  it('--noEmit checks and writes nothing', () => expect(build('tsc --noEmit')).toMatchObject({ status: 'ok', files: {} }));
  it('"noEmit": true in tsconfig.json writes nothing', () => expect(build('tsc', { 'tsconfig.json': JSON.stringify({ compilerOptions: { noEmit: true }, include: ['src'] }) })).toMatchObject({ status: 'ok', files: {} }));
  it('an imported package with its @types installed compiles', () => expect(build('tsc -p tsconfig.json', { 'src/server.ts': IMPORTS_EXPRESS, 'package-lock.json': lockfile({ express: '4.22.1', typescript: '5.9.3!', '@types/express': '4.17.25!' }) }).status).toBe('ok'));
  it('can be run by its path in node_modules/.bin', () => expect(node('COPY . .\nRUN npm ci\nRUN ./node_modules/.bin/tsc -p tsconfig.json')).toMatchObject({ status: 'ok', files: { '/app/dist/server.js': 585 } }));
  it('a .d.ts file alone is an input: no TS18003, nothing emitted', () => expect(build('tsc -p tsconfig.json', { 'src/server.ts': null, 'src/types.d.ts': 'declare const VERSION: string;\n' })).toMatchObject({ status: 'ok', files: {} }));
});

describe('tsc: how it fails', () => {
  it('-p tsconfig.json without the file: TS5058', () => expect(buildWith('COPY src ./src', 'tsc -p tsconfig.json').message).toMatch(/^error TS5058: The specified path does not exist: 'tsconfig\.json'\.\n/));
  it('-p . in a folder without tsconfig.json: TS5057', () => expect(buildWith('COPY src ./src', 'tsc -p .').message).toMatch(/^error TS5057: Cannot find a tsconfig\.json file at the specified directory: '\.'\.\n/));
  it('no tsconfig.json and no files: prints its version and help, and exits 1', () => expect(buildWith('COPY src ./src', 'tsc')).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Version 5\.9\.3\ntsc: The TypeScript Compiler - Version 5\.9\.3\n\nCOMMON COMMANDS\n/) }));
  it('a tsconfig.json whose include matches nothing: TS18003 with include and exclude (outDir is the default exclude)', () => expect(buildWith('COPY tsconfig.json ./', 'tsc -p tsconfig.json').message).toMatch(/^error TS18003: No inputs were found in config file '\/app\/tsconfig\.json'\. Specified 'include' paths were '\["src"\]' and 'exclude' paths were '\["dist"\]'\.\n/));
  it('TS18003 shows the default include ["**/*"] when tsconfig.json has none', () => expect(buildWith('COPY tsconfig.json ./', 'tsc', { 'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist' } }) }).message).toContain(`error TS18003: No inputs were found in config file '/app/tsconfig.json'. Specified 'include' paths were '["**/*"]' and 'exclude' paths were '["dist"]'.`));
  it('TS18003 shows an explicit exclude as written', () => expect(buildWith('COPY tsconfig.json ./', 'tsc', { 'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist' }, include: ['src/**/*'], exclude: ['node_modules', 'test'] }) }).message).toContain(`Specified 'include' paths were '["src/**/*"]' and 'exclude' paths were '["node_modules","test"]'.`));
  it('importing a package that is not installed: TS2307 at the specifier', () => expect(node('COPY . .\nRUN npm ci\nRUN npm run build', { files: { ...NO_EXPRESS, 'src/server.ts': IMPORTS_EXPRESS } }).message).toMatch(/^src\/server\.ts\(1,21\): error TS2307: Cannot find module 'express' or its corresponding type declarations\.\n/));
  it('TS2307 gives the line and column of the import', () => expect(node('COPY . .\nRUN npm ci\nRUN npm run build', { files: { ...NO_EXPRESS, 'src/server.ts': `// server\n\nimport { Router } from "express";\n` } }).message).toContain('src/server.ts(3,24): error TS2307: Cannot find module \'express\' or its corresponding type declarations.'));
  it('strict, with the package installed but not its types: TS7016', () => expect(build('tsc -p tsconfig.json', { 'src/server.ts': IMPORTS_EXPRESS })).toMatchObject({ status: 'failed', message: expect.stringContaining("src/server.ts(1,21): error TS7016: Could not find a declaration file for module 'express'.") }));
  it('not installed at all: dash cannot find it', () => expect(node('COPY . .\nRUN tsc -p tsconfig.json').message).toBe('/bin/sh: 1: tsc: not found'));
});
