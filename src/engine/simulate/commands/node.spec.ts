/**
 * `node FILE` in a RUN (Node 20): the script must exist and every package it
 * requires must be in a node_modules folder on the way up; what the script
 * then does is not simulated.
 */
import { describe, expect, it } from 'vitest';
import { alpine, debian, lockfile, node } from './spec-helpers';

const REQUIRES_EXPRESS = { 'server.js': "const express = require('express');\nexpress().listen(3000);\n" };

describe('node', () => {
  it('a script that is not in the image: Cannot find module, with its absolute path', () => expect(node('RUN node missing.js')).toMatchObject({ status: 'failed', message: expect.stringContaining("Error: Cannot find module '/app/missing.js'") }));
  it('the error carries MODULE_NOT_FOUND and an empty require stack', () => expect(node('RUN node missing.js').message).toMatch(/code: 'MODULE_NOT_FOUND',\n {2}requireStack: \[\]\n\}/));
  it('a script whose package is not installed: Cannot find module, with the require stack', () => expect(node('COPY server.js ./\nRUN node server.js', { files: REQUIRES_EXPRESS }).message).toContain("Error: Cannot find module 'express'\nRequire stack:\n- /app/server.js"));
  it('finds the package in a node_modules folder up the tree', () => expect(node('COPY package*.json ./\nRUN npm ci --omit=dev\nCOPY server.js ./srv/\nRUN node srv/server.js', { files: REQUIRES_EXPRESS }).status).toBe('unknown'));
  it('a script that loads: its effect is unknown (it is not simulated), nothing is added', () => expect(node('COPY package*.json server.js ./\nRUN npm ci --omit=dev\nRUN node server.js', { files: REQUIRES_EXPRESS })).toMatchObject({ status: 'unknown', bytes: 0 }));
  it('a compiled script whose package was removed: Cannot find module, required from dist/', () => expect(node('COPY . .\nRUN npm ci && npm run build\nRUN rm -rf node_modules && node dist/server.js', { files: { 'src/server.ts': "import express from 'express';\nexpress();\n", 'package-lock.json': lockfile({ express: '4.22.1', typescript: '5.9.3!', '@types/express': '4.17.25!' }) } }).message).toContain("Error: Cannot find module 'express'\nRequire stack:\n- /app/dist/server.js"));
  it('node -e is unknown', () => expect(node('RUN node -e "require(\'fs\').writeFileSync(\'x\', \'1\')"').status).toBe('unknown'));
  it('node --version changes nothing', () => expect(node('RUN node --version')).toMatchObject({ status: 'ok', bytes: 0 }));
  it('in an image without Node, dash cannot find it (Debian)', () => expect(debian('RUN node server.js').message).toBe('/bin/sh: 1: node: not found'));
  it('in an image without Node, BusyBox sh cannot find it (Alpine)', () => expect(alpine('RUN node server.js').message).toBe('/bin/sh: node: not found'));
});
