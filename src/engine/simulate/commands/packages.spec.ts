/**
 * OS package managers: apt-get on Debian 12 (the images ship
 * /var/lib/apt/lists empty) and apk on Alpine 3.20.
 */
import { describe, expect, it } from 'vitest';
import { alpine, debian, node } from './spec-helpers';

const CA_DEBIAN = 387 * 1024; // ca-certificates 20230311+deb12u1, Installed-Size 387 KiB
const CA_ALPINE = 712 * 1024; // Alpine ca-certificates, Installed-Size 712 KiB
const APT_LISTS = 18_000_000; // bookworm, bookworm-updates, bookworm-security lists (estimate)
const UNABLE = (...pkgs: string[]) => `Reading package lists...\nBuilding dependency tree...\nReading state information...\n${pkgs.map((p) => `E: Unable to locate package ${p}`).join('\n')}`;

describe('apt-get', () => {
  it('install without apt-get update: Unable to locate package', () => expect(debian('RUN apt-get install -y ca-certificates')).toMatchObject({ status: 'failed', message: UNABLE('ca-certificates') }));
  it('install without update names every package it cannot find', () => expect(debian('RUN apt-get install -y --no-install-recommends curl git').message).toBe(UNABLE('curl', 'git')));
  it('update && install: the lists and the package, both in this layer', () => expect(debian('RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates')).toMatchObject({ status: 'ok', files: { '/var/lib/apt/lists': APT_LISTS, '/usr/share/apt-installed/ca-certificates': CA_DEBIAN } }));
  it('update in an earlier RUN: install works, the lists stay in that earlier layer', () => expect(debian('RUN apt-get update\nRUN apt-get install -y ca-certificates')).toMatchObject({ status: 'ok', bytes: CA_DEBIAN }));
  it('rm -rf /var/lib/apt/lists in the same RUN keeps the lists out of the layer', () => expect(debian('RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists').bytes).toBe(CA_DEBIAN));
  it('rm -rf /var/lib/apt/lists/* (the usual spelling) keeps them out too', () => expect(debian('RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*').bytes).toBe(CA_DEBIAN));
  it('apt-get clean changes nothing that counts here', () => expect(debian('RUN apt-get update && apt-get install -y ca-certificates && apt-get clean').bytes).toBe(APT_LISTS + CA_DEBIAN));
  it('a package whose size is not in the catalog is unknown', () => expect(debian('RUN apt-get update && apt-get install -y curl').status).toBe('unknown'));
  it('install of a package the image already has needs no lists (node:20 ships ca-certificates)', () => expect(node('RUN apt-get install -y ca-certificates').status).toBe('ok'));
  it('install after a command Stagecraft does not know (it may have run apt-get update) is unknown', () => expect(debian('COPY setup.sh ./\nRUN sh setup.sh\nRUN apt-get install -y ca-certificates', { files: { 'setup.sh': 'apt-get update\n' } }).status).toBe('unknown'));
  it('on Alpine there is no apt-get', () => expect(alpine('RUN apt-get update').message).toBe('/bin/sh: apt-get: not found'));
});

describe('apk', () => {
  it('add --no-cache: the package, and no index left behind', () => expect(alpine('RUN apk add --no-cache ca-certificates')).toMatchObject({ status: 'ok', files: { '/usr/share/apk-installed/ca-certificates': CA_ALPINE } }));
  it('add without --no-cache keeps the index in /var/cache/apk', () => expect(alpine('RUN apk add ca-certificates')).toMatchObject({ files: { '/var/cache/apk': 2_600_000 }, notes: ['apk kept its package index in /var/cache/apk (about 2.6 MB, estimated); --no-cache avoids it'] }));
  it('a package whose size is not in the catalog is unknown', () => expect(alpine('RUN apk add --no-cache curl').status).toBe('unknown'));
  it('apk update changes nothing that counts here', () => expect(alpine('RUN apk update').status).toBe('ok'));
  it('on Debian there is no apk', () => expect(debian('RUN apk add --no-cache curl').message).toBe('/bin/sh: 1: apk: not found'));
});
