/**
 * npm and npx. `npm ci` installs exactly the lockfile (and fails without one);
 * `npm install` keeps what is already in node_modules; `npm prune --omit=dev`
 * removes dev packages; `npm run X`, `npm test` and `npm start` run the script
 * from the package.json in the image, command by command, with
 * node_modules/.bin on the PATH — so `tsc && vite build` is checked step by step.
 */
import npmCatalog from '../../images/calibration/npm-packages.json';
import { utf8Length } from '../../dockerfile/words';
import { join, within } from '../fs';
import { hashParts } from '../hash';
import { add, fail, locate, missing, readText, remove, removeMany, unknown, unread, RATIO } from './support';
import { defineCommand, type Call, type Status } from './types';

type Pkg = { bytes: number; files: number };
const PACKAGES = npmCatalog.packages as unknown as Record<string, Pkg>;
const CACHE = npmCatalog.npmCache;
/** A package missing from the catalog is assumed to weigh this (the measured average). */
const AVERAGE_PACKAGE = 178_000;

export interface LockPackage {
  path: string;
  name: string;
  version: string;
  dev: boolean;
  os: string[] | null;
  cpu: string[] | null;
  libc: string[] | null;
}

/** npm installs a platform-specific package only where os, cpu and libc fit (linux/amd64 here). */
function fits(p: LockPackage, libc: 'glibc' | 'musl' | 'none'): boolean {
  if (p.os && !p.os.includes('linux')) return false;
  if (p.cpu && !p.cpu.includes('x64')) return false;
  if (p.libc && !p.libc.includes(libc === 'musl' ? 'musl' : 'glibc')) return false;
  return true;
}

type Lock = { packages: LockPackage[]; raw: Record<string, unknown> };
/** Parsed lockfiles by text: every npm step of a build reads the same one. */
const lockCache = new Map<string, Lock | null>();

export function readLock(text: string | null): Lock | null {
  if (!text) return null;
  if (lockCache.has(text)) return lockCache.get(text)!;
  const parsed = parseLock(text);
  if (lockCache.size >= 8) lockCache.delete(lockCache.keys().next().value as string);
  lockCache.set(text, parsed);
  return parsed;
}

function parseLock(text: string): Lock | null {
  try {
    type Entry = { version?: string; name?: string; dev?: boolean; os?: string[]; cpu?: string[]; libc?: string[] };
    const lock = JSON.parse(text) as { packages?: Record<string, Entry> };
    if (!lock || typeof lock !== 'object') return null;
    const packages: LockPackage[] = [];
    const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : null);
    for (const [path, info] of Object.entries(lock.packages ?? {})) {
      if (!path || !path.includes('node_modules/') || !info || typeof info !== 'object') continue;
      const name = info.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      packages.push({ path, name, version: String(info.version ?? ''), dev: !!info.dev, os: list(info.os), cpu: list(info.cpu), libc: list(info.libc) });
    }
    return { packages, raw: lock as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** node_modules/.package-lock.json: npm writes the installed subset of the lockfile there. */
const hiddenCache = new WeakMap<Record<string, unknown>, Map<number, number>>();

function hiddenLockfileBytes(lock: Record<string, unknown>, installed: LockPackage[]): number {
  const cached = hiddenCache.get(lock)?.get(installed.length);
  if (cached !== undefined) return cached;
  const keep = new Set(installed.map((p) => p.path));
  const all = (lock.packages ?? {}) as Record<string, unknown>;
  const packages = Object.fromEntries(Object.entries(all).filter(([k]) => keep.has(k)));
  const bytes = utf8Length(`${JSON.stringify({ name: lock.name, version: lock.version, lockfileVersion: lock.lockfileVersion, requires: true, packages }, null, 2)}\n`);
  if (!hiddenCache.has(lock)) hiddenCache.set(lock, new Map());
  hiddenCache.get(lock)!.set(installed.length, bytes);
  return bytes;
}

/** `node_modules/a/node_modules/b` → `node_modules/a`: a nested package ships inside its parent's folder. */
function topLevelPackage(path: string): string {
  const rest = path.slice('node_modules/'.length).split('/');
  return `node_modules/${rest[0]?.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0]}`;
}

function omitsDev(words: string[], env: Map<string, string>): boolean {
  if (words.some((w) => w === '--omit=dev' || w === '--production' || w === '--only=prod' || w === '--only=production' || w === '--prod')) return true;
  const i = words.indexOf('--omit');
  if (i >= 0 && words[i + 1] === 'dev') return true;
  return env.get('NODE_ENV') === 'production' && !words.includes('--include=dev');
}

function packageJson(call: Call): { text: string | null; json: { name?: string; version?: string; scripts?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string> } | null } {
  const text = readText(call.ctx, `${call.cwd}/package.json`);
  if (text === null) return { text: null, json: null };
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    return { text, json: json && typeof json === 'object' ? (json as never) : {} };
  } catch {
    return { text, json: null };
  }
}

function noPackageJson(call: Call): Status {
  const path = `${call.cwd}/package.json`;
  return missing(
    call, path,
    `npm error code ENOENT\nnpm error syscall open\nnpm error path ${path}\nnpm error errno -2\nnpm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '${path}'`,
    `There is no package.json in ${call.cwd} at this point: copy it into the image (and WORKDIR to its folder) before running npm.`,
  );
}

function install(call: Call, mode: 'ci' | 'install'): Status {
  const { ctx, cwd, words, result } = call;
  const positional = words.slice(1).filter((w) => !w.startsWith('-'));
  if (mode === 'install' && (positional.length > 0 || words.includes('-g') || words.includes('--global'))) {
    return unknown(call, `npm install ${positional.join(' ')} (packages that are not in the project's lockfile)`);
  }
  const pkg = packageJson(call);
  for (const name of ['package.json', 'package-lock.json', 'npm-shrinkwrap.json']) {
    if (unread(ctx, `${cwd}/${name}`)) return unknown(call, `npm ${words[0]}: Stagecraft was not given the text of ${cwd}/${name} (too big to read), so it cannot tell what npm installs`);
  }
  const lockText = readText(ctx, `${cwd}/package-lock.json`) ?? readText(ctx, `${cwd}/npm-shrinkwrap.json`);
  const lock = readLock(lockText);
  // npm ci looks for the lockfile first; npm install in a folder without package.json installs nothing.
  if (pkg.text === null && (mode === 'install' || lock)) {
    if (mode === 'install' && !ctx.fs.uncertain) {
      result.output.push('up to date, audited 1 package in 1s');
      return 'ok';
    }
    return noPackageJson(call);
  }
  if (pkg.text !== null && pkg.json === null) {
    return fail(call, `npm error code EJSONPARSE\nnpm error path ${cwd}/package.json\nnpm error JSON.parse Invalid package.json: JSONParseError: Expected property name or '}' in JSON\nnpm error JSON.parse Failed to parse JSON data.\nnpm error JSON.parse Note: package.json must be actual JSON, not just JavaScript.`, 'package.json is not valid JSON.');
  }
  if (!lock) {
    if (lockText === null && ctx.fs.uncertain) return unknown(call, `npm ${words[0]} (Stagecraft cannot see whether ${cwd}/package-lock.json exists after line ${ctx.fs.uncertain.line ?? '?'})`);
    if (mode === 'ci') {
      return fail(call, 'npm error code EUSAGE\nnpm error\nnpm error The `npm ci` command can only install with an existing package-lock.json or\nnpm error npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or\nnpm error later to generate a package-lock.json file, then try again.', 'npm ci installs exactly what package-lock.json records, so the lockfile must be copied into the image first (COPY package.json package-lock.json ./).');
    }
    return unknown(call, 'npm install without a package-lock.json (the versions it picks are not pinned)');
  }
  if (mode === 'ci' && pkg.json) {
    // npm ci refuses a lockfile that does not have what package.json asks for.
    const wanted = { ...(pkg.json.dependencies ?? {}), ...(pkg.json.devDependencies ?? {}) };
    const locked = new Set(lock.packages.filter((p) => !p.path.slice('node_modules/'.length).includes('node_modules/')).map((p) => p.name));
    const missingDeps = Object.entries(wanted).filter(([name]) => !locked.has(name));
    if (missingDeps.length > 0) {
      return fail(call, `npm error code EUSAGE\nnpm error\nnpm error \`npm ci\` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with \`npm install\` before continuing.\nnpm error\n${missingDeps.map(([n, v]) => `npm error Missing: ${n}@${v} from lock file`).join('\n')}`, 'package.json asks for packages the lockfile does not have: run npm install on your machine and commit the updated package-lock.json.');
    }
  }
  const omit = omitsDev(words, call.env);
  const installed = lock.packages.filter((p) => fits(p, ctx.image.libc) && !(omit && p.dev));
  // npm ci starts from an empty node_modules; npm install keeps packages that are already there
  // (for example a host node_modules that COPY . . brought in) and fetches only the missing ones.
  if (mode === 'ci') remove(ctx, `${cwd}/node_modules`);
  const fetched = mode === 'ci' ? installed : installed.filter((p) => !ctx.fs.exists(join(cwd, topLevelPackage(p.path))));
  if (mode === 'install' && fetched.length < installed.length) {
    result.notes.push(`${installed.length - fetched.length} of ${installed.length} packages were already in ${cwd}/node_modules (copied from the build context) and were kept`);
  }
  let bytes = 0;
  let guessed = 0;
  for (const p of fetched) {
    const known = PACKAGES[`${p.name}@${p.version}`];
    const size = known ? known.bytes : AVERAGE_PACKAGE;
    if (!known) guessed++;
    bytes += size;
    add(ctx, {
      path: join(cwd, p.path), kind: 'tree', bytes: size, files: known?.files ?? 20, hash: hashParts('npm', p.name, p.version),
      compressRatio: RATIO.npm, estimated: !known, category: p.dev ? 'dev-deps' : 'prod-deps',
      source: known ? 'measured package size (calibration/npm-packages.json)' : 'not in the package catalog: average package size assumed',
    });
  }
  const hidden = hiddenLockfileBytes(lock.raw, installed);
  if (fetched.length > 0 || mode === 'ci') add(ctx, { path: join(cwd, 'node_modules/.package-lock.json'), kind: 'file', bytes: hidden, files: 1, hash: hashParts('hidden-lock', installed.length), compressRatio: RATIO.text, category: 'prod-deps' });
  if (guessed) result.notes.push(`${guessed} package${guessed === 1 ? '' : 's'} not in Stagecraft's size catalog: ${AVERAGE_PACKAGE / 1000} kB each assumed`);
  const cacheDir = call.env.get('npm_config_cache') ?? '/root/.npm';
  const cacheBytes = fetched.length === 0 ? 0 : Math.round((CACHE.perByte * bytes + CACHE.perPackage * fetched.length) * (mode === 'install' ? CACHE.installFactor : 1));
  if (ctx.cacheMounts.some((m) => within(`${cacheDir}/_cacache`, m))) {
    result.notes.push(`npm's cache went to the cache mount at ${cacheDir}, not into the layer`);
  } else if (cacheBytes > 0) {
    add(ctx, { path: `${cacheDir}/_cacache`, kind: 'tree', bytes: cacheBytes, files: fetched.length * 2, hash: hashParts('npm-cache', fetched.length, bytes), compressRatio: RATIO.npmCache, category: 'cache', source: 'npm cache model fitted to two measurements (calibration/npm-packages.json)' });
  }
  const secs = Math.max(1, Math.round(fetched.length / 70));
  result.output.push(fetched.length === 0 ? `up to date, audited ${installed.length + 1} packages in ${secs}s` : `added ${fetched.length} package${fetched.length === 1 ? '' : 's'}, and audited ${installed.length + 1} packages in ${secs}s`);
  result.seconds += 1 + fetched.length / 70;
  return 'ok';
}

function prune(call: Call): Status {
  const { ctx, cwd } = call;
  if (!omitsDev(call.words, call.env)) return 'ok';
  const pkg = packageJson(call);
  if (pkg.text === null) return noPackageJson(call);
  const lock = readLock(readText(ctx, `${cwd}/package-lock.json`));
  if (!lock) return unknown(call, 'npm prune without a package-lock.json');
  const dev = lock.packages.filter((p) => p.dev && ctx.fs.exists(join(cwd, p.path))).map((p) => join(cwd, p.path));
  removeMany(ctx, dev);
  const n = dev.length;
  const kept = lock.packages.filter((p) => !p.dev && fits(p, ctx.image.libc));
  add(ctx, { path: join(cwd, 'node_modules/.package-lock.json'), kind: 'file', bytes: hiddenLockfileBytes(lock.raw, kept), files: 1, hash: hashParts('hidden-lock', kept.length), compressRatio: RATIO.text, category: 'prod-deps' });
  call.result.output.push(`removed ${n} package${n === 1 ? '' : 's'} in 1s`);
  call.result.seconds += 1;
  return 'ok';
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`;
}

/** `npm run X`: the script's command from package.json, run by sh with node_modules/.bin on the PATH. */
export function runScript(call: Call, script: string): Status {
  const pkg = packageJson(call);
  if (pkg.text === null) return noPackageJson(call);
  const scripts = pkg.json?.scripts ?? {};
  let command = typeof scripts[script] === 'string' ? scripts[script] : undefined;
  // Without a start script, npm start runs `node server.js` (npm's documented default).
  if (command === undefined && script === 'start' && call.ctx.fs.lookup(`${call.cwd}/server.js`)) command = 'node server.js';
  if (command === undefined) {
    return fail(call, `npm error Missing script: "${script}"\nnpm error\nnpm error To see a list of scripts, run:\nnpm error   npm run`, `package.json in ${call.cwd} has no "${script}" script.`);
  }
  // Arguments after `--` go to the script's command.
  const dashes = call.words.indexOf('--');
  if (dashes >= 0 && dashes < call.words.length - 1) command = `${command} ${call.words.slice(dashes + 1).map(quoteArg).join(' ')}`;
  call.result.output.push(`> ${pkg.json?.name ?? ''}@${pkg.json?.version ?? ''} ${script}`, `> ${command}`);
  const bins = [];
  for (let d = call.cwd; ; d = d.slice(0, d.lastIndexOf('/')) || '/') {
    bins.push(`${d === '/' ? '' : d}/node_modules/.bin`);
    if (d === '/') break;
  }
  const status = call.exec(command, { binDirs: bins });
  if (status === 'failed' && call.result.failure) {
    const f = call.result.failure;
    const code = /: not found$/m.test(f.message) ? 127 : /error TS2\d{3}|error TS7\d{3}/.test(f.message) ? 2 : 1;
    call.result.failure = {
      message: `${f.message.replace(/^\/bin\/sh: /gm, 'sh: ')}\nnpm error code ${code}\nnpm error path ${call.cwd}\nnpm error command failed\nnpm error command sh -c ${command}`,
      explanation: f.explanation,
    };
  }
  return status;
}

export const npm = defineCommand({
  programs: ['npm'],
  reads: 'package.json; package-lock.json for ci/prune; node_modules/.bin for scripts',
  makes: 'node_modules (from the lockfile, measured sizes), npm\'s cache in /root/.npm, whatever the script run makes',
  run(call) {
    const sub = call.words.find((w) => !w.startsWith('-'));
    switch (sub) {
      case 'ci':
      case 'clean-install':
        return install(call, 'ci');
      case 'install':
      case 'i':
      case 'add':
        return install(call, 'install');
      case 'cache':
        if (call.words.includes('clean') || call.words.includes('clear')) {
          if (!call.words.includes('--force') && !call.words.includes('-f')) {
            return fail(call, 'npm error As of npm@5, the npm cache self-heals from corruption issues\nnpm error by treating integrity mismatches as cache misses.  As a result,\nnpm error data extracted from the cache is guaranteed to be valid.  If you\nnpm error want to make sure everything is consistent, use `npm cache verify`\nnpm error instead.  Deleting the cache can only make npm go slower, and is\nnpm error not likely to correct any problems you may be encountering!\nnpm error\nnpm error If you\'re sure you want to delete the entire cache, rerun this command\nnpm error with --force.', 'npm cache clean refuses without --force: write npm cache clean --force.');
          }
          remove(call.ctx, call.env.get('npm_config_cache') ?? '/root/.npm');
          call.result.seconds += 0.5;
        }
        return 'ok';
      case 'prune':
        return prune(call);
      case 'run':
      case 'run-script': {
        const i = call.words.indexOf(sub);
        const name = call.words.slice(i + 1).find((w) => !w.startsWith('-'));
        if (!name) return 'ok';
        return runScript(call, name);
      }
      case 'test':
      case 't':
      case 'tst':
        return runScript(call, 'test');
      case 'start':
        return unknown(call, 'npm start inside RUN starts the server, which never exits: the build would wait');
      case undefined:
      case '--version':
      case 'version':
      case 'config':
      case 'ls':
      case 'list':
      case 'audit':
        return 'ok';
      default:
        return unknown(call, `npm ${call.words.join(' ')}`);
    }
  },
});

export const npx = defineCommand({
  programs: ['npx'],
  reads: 'the package bin in node_modules/.bin (otherwise npx downloads it, which Stagecraft does not simulate)',
  makes: 'whatever the tool makes',
  run(call) {
    const args = call.words.filter((w) => w !== '--yes' && w !== '-y' && w !== '--no-install');
    if (args.length === 0) return 'ok';
    const bins = [`${call.cwd}/node_modules/.bin`];
    if (locate({ ...call, binDirs: [...bins, ...call.binDirs] }, args[0]!) !== 'found') return unknown(call, `npx ${args[0]}: not installed here, so npx would download it (Stagecraft does not simulate downloads)`);
    return call.exec(args.map((a) => (/[\s"'$]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' '), { binDirs: bins });
  },
});
