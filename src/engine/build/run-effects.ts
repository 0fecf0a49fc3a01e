/**
 * What a RUN instruction does to the filesystem, from a table of commands the
 * simulator knows: npm, Go, apk, apt-get, rm, mkdir, chmod/chown, cp/mv,
 * useradd/adduser. Sizes come from measured data (calibration/); a command
 * the table does not know adds nothing and is reported as "size effect
 * unknown" — never a guess presented as fact.
 */
import calibration from '../images/calibration/image-sizes.json';
import npmCatalog from '../images/calibration/npm-packages.json';
import { splitShell, programOf, type ShellCommand } from '../dockerfile/shell';
import type { ImageInfo } from '../images/catalog';
import { basename, directoriesOf, dirname, join, normalize, within, type StageFs } from './fs';
import type { FsEntry, Layer } from './types';
import type { ProjectFacts } from './facts';
import { hashParts } from './hash';
import { utf8Length } from '../dockerfile/words';

export interface RunContext {
  /** The stage's filesystem before this RUN; the RUN's layer is already pushed on top. */
  fs: StageFs;
  /** The layer this RUN writes into. */
  layer: Layer;
  workdir: string;
  env: ReadonlyMap<string, string>;
  image: ImageInfo;
  /** Targets of `--mount=type=cache` (their contents never reach the layer). */
  cacheMounts: string[];
  facts: ProjectFacts;
  /** Users known to exist (the image's, plus earlier useradd). */
  users: Map<string, number>;
}

export interface RunFailure {
  message: string;
  explanation: string;
}

export interface RunResult {
  notes: string[];
  output: string[];
  seconds: number;
  failure: RunFailure | null;
}

type Pkg = { bytes: number; files: number; notInstalled?: unknown };
const PACKAGES = npmCatalog.packages as unknown as Record<string, Pkg>;
const CACHE = npmCatalog.npmCache;
const ART = calibration.artifacts as unknown as Record<string, { bytes: number }>;
const GO_CACHE_BYTES = ART['go build cache after that build']?.bytes ?? 0;
const GO_STATIC = ART['go net/http server, CGO_ENABLED=0 (Go 1.22, ESTIMATE)']?.bytes ?? 7_500_000;
const GO_STATIC_119 = ART['go net/http server, CGO_ENABLED=0, default flags (Go 1.19.8)']?.bytes ?? 6_632_259;
const GO_STRIPPED_119 = ART["go net/http server, CGO_ENABLED=0, -ldflags='-s -w' (Go 1.19.8)"]?.bytes ?? 4_587_520;

/** Installed sizes of OS packages the lessons use; everything else is unknown. */
const APK_SIZES: Record<string, { bytes: number; source: string }> = {
  'ca-certificates': { bytes: 712 * 1024, source: 'Alpine ca-certificates, Installed-Size 712 KiB (calibration)' },
};
const APT_SIZES: Record<string, { bytes: number; source: string; estimated?: boolean }> = {
  'ca-certificates': { bytes: 387 * 1024, source: 'Debian ca-certificates 20230311+deb12u1, Installed-Size 387 KiB (calibration)' },
  'build-essential': { bytes: 240_000_000, source: 'estimate on debian:bookworm-slim (calibration)', estimated: true },
};

const RATIO = { npm: 0.215, npmCache: 1.0, go: 0.56, goStripped: 0.43, goCache: 0.5, text: 0.35, os: 0.36 };

export function runEffects(script: string, ctx: RunContext): RunResult {
  const result: RunResult = { notes: [], output: [], seconds: 0, failure: null };
  let cwd = ctx.workdir;
  const env = new Map(ctx.env);
  const commands = splitShell(script);
  let skipUntilSeparator = false;
  for (const cmd of commands) {
    if (result.failure) break;
    if (skipUntilSeparator && cmd.after !== ';' && cmd.after !== '\n' && cmd.after !== null) continue;
    skipUntilSeparator = false;
    const local = new Map(env);
    for (const a of cmd.assignments) {
      const eq = a.value.indexOf('=');
      local.set(a.value.slice(0, eq), a.value.slice(eq + 1));
      if (cmd.argv.length === 0) env.set(a.value.slice(0, eq), a.value.slice(eq + 1));
    }
    const { name, args } = programOf(cmd);
    const words = args.map((w) => w.value);
    const handler = HANDLERS[name];
    if (name === '') continue;
    if (name === 'cd') {
      cwd = join(cwd, words[0] ?? '/root');
      continue;
    }
    if (name === 'export') {
      for (const w of words) {
        const eq = w.indexOf('=');
        if (eq > 0) env.set(w.slice(0, eq), w.slice(eq + 1));
      }
      continue;
    }
    if (!handler) {
      result.notes.push(`size effect unknown: ${commandText(cmd)}`);
      continue;
    }
    handler({ ctx, cwd, env: local, words, result, raw: cmd });
    if (name === 'false') skipUntilSeparator = true;
  }
  return result;
}

function commandText(cmd: ShellCommand): string {
  const text = cmd.argv.map((w) => w.raw).join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

interface Call {
  ctx: RunContext;
  cwd: string;
  env: Map<string, string>;
  words: string[];
  result: RunResult;
  raw: ShellCommand;
}

// ---- layer editing ---------------------------------------------------------------

function add(ctx: RunContext, entry: FsEntry): void {
  if (ctx.cacheMounts.some((m) => within(entry.path, m))) return;
  ctx.layer.entries.set(entry.path, entry);
}

/** Deletes a path: entries of this layer go away; lower layers get a whiteout. */
function remove(ctx: RunContext, path: string): boolean {
  const p = normalize(path);
  let removed = false;
  // Deleting from a Map while iterating it is safe: the iterator skips removed keys.
  for (const key of ctx.layer.entries.keys()) {
    if (within(key, p)) {
      ctx.layer.entries.delete(key);
      removed = true;
    }
  }
  const layers = ctx.fs.layers;
  let existsBelow = ctx.fs.baseFiles.has(p);
  for (let i = 0; i < layers.length - 1 && !existsBelow; i++) existsBelow = mentions(layers[i]!, p);
  if (existsBelow) {
    ctx.layer.whiteouts.add(p);
    removed = true;
  }
  return removed;
}

/** The layer has an entry at `p`, below it, or a folder entry (a tree) that holds it. */
function mentions(layer: Layer, p: string): boolean {
  if (layer.entries.size === 0) return false;
  if (p === '/' || layer.entries.has(p) || directoriesOf(layer).has(p)) return true;
  for (let q = dirname(p); ; q = dirname(q)) {
    if (layer.entries.has(q)) return true;
    if (q === '/') return false;
  }
}

function readText(ctx: RunContext, path: string): string | null {
  return ctx.fs.lookup(path)?.text ?? null;
}

function hasProgram(ctx: RunContext, program: string, cwd: string): boolean {
  if (ctx.image.paths[program]) return true;
  for (const dir of ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/go/bin', '/go/bin', join(cwd, 'node_modules/.bin')]) {
    if (ctx.fs.lookup(`${dir}/${program}`)) return true;
  }
  return false;
}

/** How the image's /bin/sh reports a missing command: dash on Debian, BusyBox ash on Alpine. */
function shNotFound(image: ImageInfo, program: string): string {
  return image.libc === 'musl' ? `/bin/sh: ${program}: not found` : `/bin/sh: 1: ${program}: not found`;
}

function notFound(call: Call, program: string): void {
  call.result.failure = {
    message: shNotFound(call.ctx.image, program),
    explanation: `The image has no ${program} command at this point, so the RUN fails with exit code 127.`,
  };
}

// ---- npm -----------------------------------------------------------------------------

interface LockPackage {
  path: string;
  name: string;
  version: string;
  dev: boolean;
  /** Platforms the package is for (npm skips it elsewhere): os, cpu, libc. */
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

/** Parsed lockfiles by text: every npm step of a build reads the same one. */
const lockCache = new Map<string, { packages: LockPackage[]; raw: Record<string, unknown> } | null>();

function readLock(text: string | null): { packages: LockPackage[]; raw: Record<string, unknown> } | null {
  if (!text) return null;
  if (lockCache.has(text)) return lockCache.get(text)!;
  const parsed = parseLock(text);
  if (lockCache.size >= 8) lockCache.delete(lockCache.keys().next().value as string);
  lockCache.set(text, parsed);
  return parsed;
}

function parseLock(text: string): { packages: LockPackage[]; raw: Record<string, unknown> } | null {
  try {
    type Entry = { version?: string; name?: string; dev?: boolean; os?: string[]; cpu?: string[]; libc?: string[] };
    const lock = JSON.parse(text) as { packages?: Record<string, Entry> };
    const packages: LockPackage[] = [];
    const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : null);
    for (const [path, info] of Object.entries(lock.packages ?? {})) {
      if (!path || !path.includes('node_modules/')) continue;
      const name = info.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      packages.push({ path, name, version: info.version ?? '', dev: !!info.dev, os: list(info.os), cpu: list(info.cpu), libc: list(info.libc) });
    }
    return { packages, raw: lock as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** node_modules/.package-lock.json: npm writes the installed subset of the lockfile there. */
const hiddenCache = new WeakMap<Record<string, unknown>, Map<number, number>>();

function hiddenLockfileBytes(lock: Record<string, unknown>, installed: LockPackage[]): number {
  // The installed set is decided by the lockfile and whether dev packages are in: its size identifies it.
  const cached = hiddenCache.get(lock)?.get(installed.length);
  if (cached !== undefined) return cached;
  const bytes = computeHiddenLockfileBytes(lock, installed);
  if (!hiddenCache.has(lock)) hiddenCache.set(lock, new Map());
  hiddenCache.get(lock)!.set(installed.length, bytes);
  return bytes;
}

function computeHiddenLockfileBytes(lock: Record<string, unknown>, installed: LockPackage[]): number {
  const keep = new Set(installed.map((p) => p.path));
  const all = (lock.packages ?? {}) as Record<string, unknown>;
  const packages = Object.fromEntries(Object.entries(all).filter(([k]) => keep.has(k)));
  return utf8Length(`${JSON.stringify({ name: lock.name, version: lock.version, lockfileVersion: lock.lockfileVersion, requires: true, packages }, null, 2)}\n`);
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

function npmInstall(call: Call, mode: 'ci' | 'install'): void {
  const { ctx, cwd, words, result } = call;
  if (!hasProgram(ctx, 'npm', cwd)) return notFound(call, 'npm');
  const positional = words.slice(1).filter((w) => !w.startsWith('-'));
  if (mode === 'install' && positional.length > 0) {
    result.notes.push(`size effect unknown: npm install ${positional.join(' ')} (packages not in the project's lockfile)`);
    return;
  }
  const pkgJson = readText(ctx, `${cwd}/package.json`);
  if (!pkgJson) {
    result.failure = {
      message: `npm error code ENOENT\nnpm error path ${cwd}/package.json\nnpm error enoent Could not read package.json`,
      explanation: `There is no package.json in ${cwd} yet: copy it into the image before installing.`,
    };
    return;
  }
  const lock = readLock(readText(ctx, `${cwd}/package-lock.json`) ?? readText(ctx, `${cwd}/npm-shrinkwrap.json`));
  if (!lock) {
    if (mode === 'ci') {
      result.failure = {
        message: 'npm error The `npm ci` command can only install with an existing package-lock.json or\nnpm error npm-shrinkwrap.json with lockfileVersion >= 1.',
        explanation: 'npm ci installs exactly what package-lock.json records, so the lockfile must be copied into the image first.',
      };
    } else {
      result.notes.push('size effect unknown: npm install without a package-lock.json (versions are not pinned)');
    }
    return;
  }
  const omit = omitsDev(words, call.env);
  const installed = lock.packages.filter((p) => fits(p, ctx.image.libc) && !(omit && p.dev));
  // npm ci starts from an empty node_modules; npm install keeps packages that are already there
  // (for example a host node_modules that COPY . . brought in) and fetches only the missing ones.
  if (mode === 'ci') remove(ctx, `${cwd}/node_modules`);
  const missing = mode === 'ci' ? installed : installed.filter((p) => !ctx.fs.exists(join(cwd, topLevelPackage(p.path))));
  if (mode === 'install' && missing.length < installed.length) {
    result.notes.push(`${installed.length - missing.length} of ${installed.length} packages were already in ${cwd}/node_modules (copied from the build context) and were kept`);
  }
  let bytes = 0;
  let unknown = 0;
  const avg = 178_000;
  for (const p of missing) {
    const known = PACKAGES[`${p.name}@${p.version}`];
    const size = known ? known.bytes : avg;
    if (!known) unknown++;
    bytes += size;
    add(ctx, {
      path: join(cwd, p.path),
      kind: 'tree',
      bytes: size,
      files: known?.files ?? 20,
      hash: hashParts('npm', p.name, p.version),
      compressRatio: RATIO.npm,
      estimated: !known,
      source: known ? 'measured package size (calibration/npm-packages.json)' : 'not in the package catalog: average package size assumed',
    });
  }
  const hidden = hiddenLockfileBytes(lock.raw, installed);
  // An install that changes nothing leaves node_modules/.package-lock.json as it was.
  if (missing.length > 0 || mode === 'ci') add(ctx, { path: join(cwd, 'node_modules/.package-lock.json'), kind: 'file', bytes: hidden, files: 1, hash: hashParts('hidden-lock', installed.length), compressRatio: RATIO.text });
  if (unknown) result.notes.push(`${unknown} package${unknown === 1 ? '' : 's'} not in Stagecraft's size catalog: ${avg / 1000} kB each assumed`);
  const cacheDir = `${call.env.get('npm_config_cache') ?? '/root/.npm'}`;
  const cacheBytes = missing.length === 0 ? 0 : Math.round((CACHE.perByte * bytes + CACHE.perPackage * missing.length) * (mode === 'install' ? CACHE.installFactor : 1));
  if (ctx.cacheMounts.some((m) => within(`${cacheDir}/_cacache`, m))) {
    result.notes.push(`npm's cache went to the cache mount at ${cacheDir}, not into the layer`);
  } else if (cacheBytes > 0) {
    add(ctx, { path: `${cacheDir}/_cacache`, kind: 'tree', bytes: cacheBytes, files: missing.length * 2, hash: hashParts('npm-cache', missing.length, bytes), compressRatio: RATIO.npmCache, source: 'npm cache model fitted to two measurements (calibration/npm-packages.json)' });
  }
  const secs = Math.max(1, Math.round(missing.length / 70));
  result.output.push(missing.length === 0 ? `up to date, audited ${installed.length + 1} packages in ${secs}s` : `added ${missing.length} packages, and audited ${installed.length + 1} packages in ${secs}s`);
  result.seconds += 1 + missing.length / 70;
}

function npm(call: Call): void {
  const sub = call.words[0];
  switch (sub) {
    case 'ci':
    case 'clean-install':
      return npmInstall(call, 'ci');
    case 'install':
    case 'i':
    case 'add':
      return npmInstall(call, 'install');
    case 'cache':
      if (call.words[1] === 'clean' || call.words[1] === 'clear') {
        const dir = call.env.get('npm_config_cache') ?? '/root/.npm';
        remove(call.ctx, dir);
        call.result.seconds += 0.5;
      }
      return;
    case 'prune': {
      const { ctx, cwd } = call;
      if (!omitsDev(call.words, call.env)) return;
      const lock = readLock(readText(ctx, `${cwd}/package-lock.json`));
      if (!lock) {
        call.result.notes.push('size effect unknown: npm prune without a package-lock.json');
        return;
      }
      let n = 0;
      for (const p of lock.packages) {
        if (p.dev && ctx.fs.exists(join(cwd, p.path))) {
          remove(ctx, join(cwd, p.path));
          n++;
        }
      }
      const kept = lock.packages.filter((p) => !p.dev && fits(p, ctx.image.libc));
      add(ctx, { path: join(cwd, 'node_modules/.package-lock.json'), kind: 'file', bytes: hiddenLockfileBytes(lock.raw, kept), files: 1, hash: hashParts('hidden-lock', kept.length), compressRatio: RATIO.text });
      call.result.output.push(`removed ${n} packages in 1s`);
      call.result.seconds += 1;
      return;
    }
    case 'run':
    case 'run-script':
      return npmRun(call, call.words[1] ?? '');
    case 'test':
    case 't':
      call.result.notes.push('npm test: runs the tests; no size effect');
      call.result.seconds += 3;
      return;
    default:
      call.result.notes.push(`size effect unknown: npm ${call.words.join(' ')}`);
  }
}

/** Build tools npm scripts run, by the package that provides them. */
const BUILD_TOOLS: Record<string, string> = { tsc: 'typescript', webpack: 'webpack', vite: 'vite' };

function npmRun(call: Call, script: string): void {
  const { ctx, cwd, result } = call;
  if (!hasProgram(ctx, 'npm', cwd)) return notFound(call, 'npm');
  let scripts: Record<string, string> = {};
  try {
    scripts = (JSON.parse(readText(ctx, `${cwd}/package.json`) ?? '{}') as { scripts?: Record<string, string> }).scripts ?? {};
  } catch {
    // An unreadable package.json has no scripts.
  }
  const command = scripts[script];
  if (!command) {
    result.failure = { message: `npm error Missing script: "${script}"`, explanation: `package.json in ${cwd} has no "${script}" script (or the file was not copied into the image).` };
    return;
  }
  // `tsc && vite build`: every tool the script runs must be installed.
  const programs = command.split(/&&|;/).map((part) => part.trim().split(/\s+/)[0] ?? '').filter(Boolean);
  const program = programs.find((p) => !BUILD_TOOLS[p]) ? '' : (programs[0] ?? '');
  if (program) {
    const missingTool = programs.find((p) => !ctx.fs.exists(`${cwd}/node_modules/${BUILD_TOOLS[p]}`));
    const bin = missingTool ? BUILD_TOOLS[missingTool]! : '';
    if (missingTool) {
      result.failure = {
        message: shNotFound(ctx.image, missingTool).replace('/bin/sh', 'sh'),
        explanation: `${missingTool} comes from the ${bin} package in devDependencies, which is not installed here (npm ci --omit=dev, or node_modules was not installed in this stage).`,
      };
      return;
    }
    const outputs = Object.entries(ctx.facts.buildOutputs ?? {});
    if (outputs.length === 0) {
      result.notes.push(`size effect unknown: npm run ${script} (${command})`);
      return;
    }
    for (const [path, out] of outputs) {
      add(ctx, { path: join(cwd, path), kind: 'file', bytes: out.bytes, files: 1, hash: hashParts('build', path, sourceHash(ctx, cwd)), compressRatio: RATIO.text, source: out.source });
    }
    result.output.push(`> ${command}`);
    result.seconds += 4;
    return;
  }
  result.notes.push(`size effect unknown: npm run ${script} (${command})`);
}

/** Hash of the sources a build reads, so its outputs change when they do. */
function sourceHash(ctx: RunContext, cwd: string): string {
  return hashParts(...ctx.fs.list(`${cwd}/src`).map((e) => e.hash));
}

// ---- Go ------------------------------------------------------------------------------

function go(call: Call): void {
  const { ctx, cwd, words, result, env } = call;
  if (!hasProgram(ctx, 'go', cwd)) return notFound(call, 'go');
  const sub = words[0];
  if (sub === 'mod' && words[1] === 'download') {
    const gomod = readText(ctx, `${cwd}/go.mod`);
    if (!gomod) {
      result.failure = { message: 'go: go.mod file not found in current directory or any parent directory', explanation: 'Copy go.mod (and go.sum) into the image before go mod download.' };
      return;
    }
    const requires = [...gomod.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]{2,}\/\S+)\s+v\S+/gm)].length;
    if (requires === 0) result.output.push('go: no module dependencies to download');
    else result.notes.push(`size effect unknown: go mod download of ${requires} module${requires === 1 ? '' : 's'} (module sizes are not in the catalog)`);
    result.seconds += 1;
    return;
  }
  if (sub !== 'build') {
    result.notes.push(`size effect unknown: go ${words.join(' ')}`);
    return;
  }
  const cgo = env.get('CGO_ENABLED') ?? (ctx.image.cCompiler ? '1' : '0');
  const flags = words.slice(1).join(' ');
  const stripped = /-ldflags[= ]?["']?[^"']*-s\b[^"']*-w|-ldflags[= ]?["']?[^"']*-w\b[^"']*-s/.test(flags) || /-s -w|-w -s/.test(flags);
  const o = words.indexOf('-o');
  const oEq = words.find((w) => w.startsWith('-o='));
  const pkgArg = words.slice(1).filter((w, i, arr) => !w.startsWith('-') && arr[i - 1] !== '-o' && arr[i - 1] !== '-ldflags' && arr[i - 1] !== '-tags').pop() ?? '.';
  let out = o >= 0 ? words[o + 1] ?? '' : oEq ? oEq.slice(3) : basename(pkgArg === '.' || pkgArg === './...' ? cwd : pkgArg.replace(/\/\.\.\.$/, ''));
  if (out.endsWith('/')) out += basename(pkgArg);
  const facts = ctx.facts.goBinary;
  const staticBytes = facts?.static ?? GO_STATIC;
  const strippedBytes = facts?.stripped ?? Math.round((GO_STATIC * GO_STRIPPED_119) / GO_STATIC_119);
  const dynamicBytes = facts?.dynamic ?? Math.round(staticBytes * (6_692_165 / GO_STATIC_119));
  const linkage = cgo === '1' ? 'dynamic' : 'static';
  const bytes = stripped ? Math.round((strippedBytes * (linkage === 'dynamic' ? dynamicBytes : staticBytes)) / staticBytes) : linkage === 'dynamic' ? dynamicBytes : staticBytes;
  add(ctx, {
    path: join(cwd, out),
    kind: 'file',
    bytes,
    files: 1,
    mode: 0o755,
    hash: hashParts('go-build', linkage, stripped ? 's' : '', sourceHashGo(ctx, cwd)),
    binary: { linkage, libc: ctx.image.libc === 'musl' ? 'musl' : 'glibc' },
    compressRatio: stripped ? RATIO.goStripped : RATIO.go,
    estimated: !facts,
    source: facts?.source ?? 'Go 1.22 binary size estimated from a measured Go 1.19 build (calibration)',
  });
  const cacheDir = env.get('GOCACHE') ?? '/root/.cache/go-build';
  if (ctx.cacheMounts.some((m) => within(cacheDir, m))) {
    result.notes.push(`Go's build cache went to the cache mount at ${cacheDir}, not into the layer`);
  } else {
    add(ctx, { path: cacheDir, kind: 'tree', bytes: GO_CACHE_BYTES, files: 900, hash: hashParts('go-cache', sourceHashGo(ctx, cwd)), compressRatio: RATIO.goCache, source: 'measured GOCACHE after building a net/http server (calibration)' });
  }
  if (linkage === 'dynamic') result.notes.push(`CGO_ENABLED=${cgo}: ${out} is dynamically linked against ${ctx.image.libc === 'musl' ? 'musl' : 'glibc'}`);
  result.seconds += 18;
}

function sourceHashGo(ctx: RunContext, cwd: string): string {
  return hashParts(...ctx.fs.list(cwd).filter((e) => e.path.endsWith('.go') || e.path.endsWith('go.mod')).map((e) => e.hash));
}

// ---- OS packages ------------------------------------------------------------------------

function apk(call: Call): void {
  const { ctx, words, result } = call;
  if (ctx.image.packageManager !== 'apk') return notFound(call, 'apk');
  if (words[0] !== 'add') {
    if (words[0] !== 'update') result.notes.push(`size effect unknown: apk ${words.join(' ')}`);
    return;
  }
  const noCache = words.includes('--no-cache');
  const pkgs = words.slice(1).filter((w) => !w.startsWith('-'));
  for (const p of pkgs) {
    const known = APK_SIZES[p];
    if (known) add(ctx, { path: `/usr/share/apk-installed/${p}`, kind: 'tree', bytes: known.bytes, files: 10, hash: hashParts('apk', p), compressRatio: RATIO.os, source: known.source });
    else result.notes.push(`size effect unknown: apk add ${p}`);
  }
  if (!noCache) {
    add(ctx, { path: '/var/cache/apk', kind: 'tree', bytes: 2_600_000, files: 2, hash: hashParts('apk-index'), compressRatio: 1, estimated: true, source: 'estimate: the two APKINDEX archives apk keeps without --no-cache' });
    result.notes.push('apk kept its package index in /var/cache/apk (about 2.6 MB, estimated); --no-cache avoids it');
  }
  result.seconds += 2;
}

function aptGet(call: Call): void {
  const { ctx, words, result } = call;
  if (ctx.image.packageManager !== 'apt') return notFound(call, call.raw.argv[0]?.value ?? 'apt-get');
  const sub = words.find((w) => !w.startsWith('-'));
  if (sub === 'update') {
    add(ctx, { path: '/var/lib/apt/lists', kind: 'tree', bytes: 18_000_000, files: 12, hash: hashParts('apt-lists'), compressRatio: 0.3, estimated: true, source: 'estimate: bookworm package lists for main, updates and security' });
    result.seconds += 3;
    return;
  }
  if (sub === 'install') {
    const pkgs = words.slice(words.indexOf('install') + 1).filter((w) => !w.startsWith('-'));
    for (const p of pkgs) {
      const name = p.split('=')[0] ?? p;
      const known = APT_SIZES[name];
      if (known) add(ctx, { path: `/usr/share/apt-installed/${name}`, kind: 'tree', bytes: known.bytes, files: 50, hash: hashParts('apt', name), compressRatio: RATIO.os, estimated: !!known.estimated, source: known.source });
      else result.notes.push(`size effect unknown: apt-get install ${name}`);
    }
    result.seconds += 8;
    return;
  }
  if (sub === 'clean' || sub === 'autoclean' || sub === 'purge' || sub === 'remove' || sub === 'autoremove') {
    if (sub !== 'clean' && sub !== 'autoclean') result.notes.push(`size effect unknown: apt-get ${sub}`);
    return;
  }
  result.notes.push(`size effect unknown: apt-get ${words.join(' ')}`);
}

// ---- files ---------------------------------------------------------------------------------

/** Paths named by an argument, with `*` globs expanded against the filesystem. */
function expand(ctx: RunContext, cwd: string, arg: string): string[] {
  const path = join(cwd, arg);
  if (!/[*?[]/.test(path)) return [path];
  const dir = dirname(path);
  const re = new RegExp(`^${basename(path).replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  const names = new Set<string>();
  for (const e of ctx.fs.list(dir)) {
    const rest = e.path.slice(dir === '/' ? 1 : dir.length + 1);
    const first = rest.split('/')[0];
    if (first && re.test(first)) names.add(join(dir, first));
  }
  for (const e of ctx.layer.entries.values()) {
    if (within(e.path, dir) && e.path !== dir) {
      const first = e.path.slice(dir === '/' ? 1 : dir.length + 1).split('/')[0];
      if (first && re.test(first)) names.add(join(dir, first));
    }
  }
  return [...names];
}

function rm(call: Call): void {
  for (const arg of call.words.filter((w) => !w.startsWith('-'))) {
    for (const p of expand(call.ctx, call.cwd, arg)) remove(call.ctx, p);
  }
}

function mkdir(call: Call): void {
  for (const arg of call.words.filter((w) => !w.startsWith('-'))) {
    add(call.ctx, { path: join(call.cwd, arg), kind: 'dir', bytes: 0, files: 0, hash: 'dir' });
  }
}

/**
 * chmod/chown change metadata, but overlay filesystems copy the whole file into
 * the new layer to do it: `chown -R` on a big folder duplicates it.
 */
function touchMetadata(call: Call, what: 'owner' | 'mode'): void {
  const args = call.words.filter((w) => !w.startsWith('-'));
  const targets = args.slice(1);
  const value = args[0] ?? '';
  let bytes = 0;
  for (const arg of targets) {
    for (const p of expand(call.ctx, call.cwd, arg)) {
      for (const e of call.ctx.fs.list(p)) {
        if (call.ctx.layer.entries.has(e.path)) continue;
        const copy: FsEntry = { ...e, ...(what === 'owner' ? { owner: value } : { mode: parseInt(value, 8) || e.mode }) };
        call.ctx.layer.entries.set(e.path, copy);
        bytes += e.bytes;
      }
    }
  }
  if (bytes > 0) call.result.notes.push(`${what === 'owner' ? 'chown' : 'chmod'} copied ${bytes} bytes of files into this layer (metadata changes copy the whole file)`);
}

function cp(call: Call, move: boolean): void {
  const args = call.words.filter((w) => !w.startsWith('-'));
  const dest = args.pop();
  if (!dest) return;
  const destPath = join(call.cwd, dest);
  for (const arg of args) {
    for (const src of expand(call.ctx, call.cwd, arg)) {
      const entries = call.ctx.fs.list(src);
      const single = entries.length === 1 && entries[0]!.path === src;
      for (const e of entries) {
        const rel = single ? basename(src) : e.path.slice(src.length + 1);
        const target = single && !dest.endsWith('/') && args.length === 1 && !call.ctx.fs.exists(destPath) ? destPath : join(destPath, single ? rel : `${basename(src)}/${rel}`);
        add(call.ctx, { ...e, path: target });
      }
      if (move) remove(call.ctx, src);
    }
  }
}

function addUser(call: Call): void {
  const name = call.words.filter((w) => !w.startsWith('-')).pop();
  if (!name) return;
  const uidFlag = call.words.findIndex((w) => w === '-u' || w === '--uid');
  const uid = uidFlag >= 0 ? Number(call.words[uidFlag + 1]) : 1000 + call.ctx.users.size;
  if (call.raw.argv[0]?.value === 'addgroup' || call.raw.argv[0]?.value === 'groupadd') return;
  call.ctx.users.set(name, Number.isFinite(uid) ? uid : 1000);
  add(call.ctx, { path: '/etc/passwd', kind: 'file', bytes: 1200, files: 1, hash: hashParts('passwd', ...call.ctx.users.keys()), compressRatio: RATIO.text, estimated: true });
}

const quiet = () => undefined;

const HANDLERS: Record<string, (call: Call) => void> = {
  npm,
  go,
  apk,
  'apt-get': aptGet,
  apt: aptGet,
  rm,
  mkdir,
  chown: (c) => touchMetadata(c, 'owner'),
  chmod: (c) => touchMetadata(c, 'mode'),
  cp: (c) => cp(c, false),
  mv: (c) => cp(c, true),
  useradd: addUser,
  adduser: addUser,
  groupadd: addUser,
  addgroup: addUser,
  echo: quiet,
  true: quiet,
  false: quiet,
  set: quiet,
  ':': quiet,
  test: quiet,
  '[': quiet,
  ls: quiet,
  cat: quiet,
  node: (c) => c.result.notes.push(`node ${c.words.join(' ')}: runs a script; no size effect known`),
  touch: (c) => {
    for (const arg of c.words.filter((w) => !w.startsWith('-'))) add(c.ctx, { path: join(c.cwd, arg), kind: 'file', bytes: 0, files: 1, hash: 'empty' });
  },
};
