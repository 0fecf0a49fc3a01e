/**
 * OS package managers. apk (Alpine) fetches its index itself and keeps it in
 * /var/cache/apk unless --no-cache; apt-get (Debian) installs only after
 * `apt-get update` has filled /var/lib/apt/lists — the base images ship it empty.
 */
import type { ByteCategory } from '../categories';
import { hashParts } from '../hash';
import { add, fail, unknown, RATIO } from './support';
import { defineCommand, type Call, type Status } from './types';

/** Installed sizes of OS packages the lessons use; everything else is unknown. */
const APK_SIZES: Record<string, { bytes: number; source: string; category: ByteCategory }> = {
  'ca-certificates': { bytes: 712 * 1024, source: 'Alpine ca-certificates, Installed-Size 712 KiB (calibration)', category: 'base-os' },
};
const APT_SIZES: Record<string, { bytes: number; source: string; estimated?: boolean; category: ByteCategory }> = {
  'ca-certificates': { bytes: 387 * 1024, source: 'Debian ca-certificates 20230311+deb12u1, Installed-Size 387 KiB (calibration)', category: 'base-os' },
  'build-essential': { bytes: 240_000_000, source: 'estimate on debian:bookworm-slim (calibration)', estimated: true, category: 'build-tools' },
};

export const apk = defineCommand({
  programs: ['apk'],
  reads: 'the package index (fetched by apk itself)',
  makes: 'the packages; /var/cache/apk index without --no-cache',
  run(call): Status {
    const { ctx, words, result } = call;
    if (words[0] === 'update' || words[0] === 'info' || words[0] === 'version') return 'ok';
    if (words[0] === 'del') return unknown(call, `apk ${words.join(' ')}`);
    if (words[0] !== 'add') return unknown(call, `apk ${words.join(' ')}`);
    const pkgs = words.slice(1).filter((w) => !w.startsWith('-'));
    let status: Status = 'ok';
    for (const p of pkgs) {
      const known = APK_SIZES[p.split('=')[0]!];
      if (known) add(ctx, { path: `/usr/share/apk-installed/${p}`, kind: 'tree', bytes: known.bytes, files: 10, hash: hashParts('apk', p), compressRatio: RATIO.os, source: known.source, category: known.category });
      else status = unknown(call, `apk add ${p} (its files and size are not in the catalog)`);
    }
    if (!words.includes('--no-cache')) {
      add(ctx, { path: '/var/cache/apk', kind: 'tree', bytes: 2_600_000, files: 2, hash: hashParts('apk-index'), compressRatio: 1, category: 'cache', estimated: true, source: 'estimate: the two APKINDEX archives apk keeps without --no-cache' });
      result.notes.push('apk kept its package index in /var/cache/apk (about 2.6 MB, estimated); --no-cache avoids it');
    }
    result.seconds += 2;
    return status;
  },
});

function aptGet(call: Call): Status {
  const { ctx, words, result } = call;
  const sub = words.find((w) => !w.startsWith('-'));
  if (sub === 'update') {
    add(ctx, { path: '/var/lib/apt/lists', kind: 'tree', bytes: 18_000_000, files: 12, hash: hashParts('apt-lists'), compressRatio: 0.3, category: 'cache', estimated: true, source: 'estimate: bookworm package lists for main, updates and security' });
    result.seconds += 3;
    return 'ok';
  }
  if (sub === 'install') {
    const pkgs = words.slice(words.indexOf('install') + 1).filter((w) => !w.startsWith('-'));
    // The official Debian images ship /var/lib/apt/lists empty: without `apt-get update` nothing can be found.
    const lists = ctx.fs.lookup('/var/lib/apt/lists');
    // A package the image already has needs no lists ("already the newest version").
    const preinstalled = (name: string) => name === 'ca-certificates' && ctx.image.caCertificates;
    const wanted = pkgs.map((p) => p.split('=')[0] ?? p).filter((n) => !preinstalled(n));
    if (!lists && wanted.length > 0) {
      if (ctx.fs.uncertain) return unknown(call, `apt-get install ${wanted.join(' ')}: Stagecraft cannot see whether apt-get update ran (line ${ctx.fs.uncertain.line ?? '?'} ran ${ctx.fs.uncertain.what})`);
      return fail(call, `Reading package lists...\nBuilding dependency tree...\nReading state information...\n${wanted.map((n) => `E: Unable to locate package ${n}`).join('\n')}`, 'The image has no package lists yet: run apt-get update in the same RUN, before apt-get install.');
    }
    let status: Status = 'ok';
    for (const p of pkgs) {
      const name = p.split('=')[0] ?? p;
      if (preinstalled(name)) {
        result.output.push(`${name} is already the newest version.`);
        continue;
      }
      const known = APT_SIZES[name];
      if (known) add(ctx, { path: `/usr/share/apt-installed/${name}`, kind: 'tree', bytes: known.bytes, files: 50, hash: hashParts('apt', name), compressRatio: RATIO.os, estimated: !!known.estimated, source: known.source, category: known.category });
      else status = unknown(call, `apt-get install ${name} (its files and size are not in the catalog)`);
    }
    result.seconds += 8;
    return status;
  }
  if (sub === 'clean' || sub === 'autoclean') return 'ok';
  return unknown(call, `apt-get ${words.join(' ')}`);
}

export const aptGetCommand = defineCommand({
  programs: ['apt-get', 'apt'],
  reads: '/var/lib/apt/lists (apt-get update fills it)',
  makes: 'the packages; the lists stay in /var/lib/apt/lists until removed in the same RUN',
  run: aptGet,
});
