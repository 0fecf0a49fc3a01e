/**
 * The go command. `go build` needs go.mod (found upwards), a package folder
 * with .go files, and every package of the module that main imports; it writes
 * the binary (static with CGO_ENABLED=0, else linked against the image's libc)
 * and fills the build cache. `go mod download` needs go.mod; `go test` runs tests.
 */
import calibration from '../../images/calibration/image-sizes.json';
import { basename, dirname, join, within } from '../fs';
import { hashParts } from '../hash';
import { add, contentHashOf, missing, readText, remove, unknown, unread, RATIO } from './support';
import { defineCommand, type Call, type Status } from './types';

const ART = calibration.artifacts as unknown as Record<string, { bytes: number }>;
const GO_CACHE_BYTES = ART['go build cache after that build']?.bytes ?? 0;
const GO_STATIC = ART['go net/http server, CGO_ENABLED=0 (Go 1.22, ESTIMATE)']?.bytes ?? 7_500_000;
const GO_STATIC_119 = ART['go net/http server, CGO_ENABLED=0, default flags (Go 1.19.8)']?.bytes ?? 6_632_259;
const GO_STRIPPED_119 = ART["go net/http server, CGO_ENABLED=0, -ldflags='-s -w' (Go 1.19.8)"]?.bytes ?? 4_587_520;

function findModule(call: Call): { dir: string; path: string; text: string } | null {
  for (let d = call.cwd; ; d = dirname(d)) {
    const text = readText(call.ctx, join(d, 'go.mod'));
    if (text !== null) return { dir: d, path: /^\s*module\s+(\S+)/m.exec(text)?.[1] ?? '', text };
    if (d === '/') return null;
  }
}

const NO_MODULE = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'";

/** Imports of a Go source: the paths in its import block or lines. */
function goImports(text: string): Array<{ path: string; line: number; col: number }> {
  const out: Array<{ path: string; line: number; col: number }> = [];
  const lines = text.split('\n');
  let inBlock = false;
  lines.forEach((l, i) => {
    const t = l.trim();
    if (/^import\s*\($/.test(t)) inBlock = true;
    else if (inBlock && t === ')') inBlock = false;
    const m = inBlock ? /^(?:[\w.]+\s+)?"([^"]+)"/.exec(t) : /^import\s+(?:[\w.]+\s+)?"([^"]+)"/.exec(t);
    if (m) out.push({ path: m[1]!, line: i + 1, col: l.indexOf('"') + 1 });
  });
  return out;
}

function goFiles(call: Call, dir: string): Array<{ path: string; text: string }> {
  return call.ctx.fs.list(dir).filter((e) => e.kind === 'file' && dirname(e.path) === dir && e.path.endsWith('.go') && !e.path.endsWith('_test.go')).map((e) => ({ path: e.path, text: e.text ?? '' }));
}

function build(call: Call): Status {
  const { ctx, words, result, env } = call;
  const mod = findModule(call);
  if (!mod) return missing(call, `${call.cwd}/go.mod`, NO_MODULE, 'go build works inside a module: copy go.mod into the image (and WORKDIR to its folder) first.');
  const valueFlags = new Set(['-o', '-ldflags', '-tags', '-gcflags', '-p', '-mod', '-buildmode', '-trimpath=false']);
  const pkgArgs = words.slice(1).filter((w, i, arr) => !w.startsWith('-') && !valueFlags.has(arr[i - 1] ?? ''));
  const pkgArg = pkgArgs[pkgArgs.length - 1] ?? '.';
  const pkgDir = join(call.cwd, pkgArg.replace(/\/\.\.\.$/, ''));
  if (!ctx.fs.exists(pkgDir)) return missing(call, pkgDir, `stat ${pkgDir}: directory not found`, `${pkgArg} is not in the image: copy the Go sources (COPY cmd ./cmd, or COPY . .) before go build.`);
  const files = goFiles(call, pkgDir);
  if (files.length === 0) return missing(call, pkgDir, `no Go files in ${pkgDir}`, `${pkgDir} has no .go files in the image: copy the sources before go build.`);
  // Packages of this module that the program imports must be in the image too (one level, then theirs).
  const seen = new Set<string>();
  const queue = [...files];
  const visited: Array<{ path: string; text: string }> = [];
  while (queue.length) {
    const f = queue.shift()!;
    visited.push(f);
    for (const imp of goImports(f.text)) {
      const external = imp.path.split('/')[0]!.includes('.') && !(mod.path && (imp.path === mod.path || imp.path.startsWith(`${mod.path}/`)));
      if (external && !seen.has(imp.path)) {
        seen.add(imp.path);
        const rel = f.path.slice(call.cwd === '/' ? 1 : call.cwd.length + 1);
        // A package from another module needs its go.sum line; the download itself is not simulated.
        if (!readText(ctx, join(mod.dir, 'go.sum')) && !unread(ctx, join(mod.dir, 'go.sum'))) {
          const importer = `${mod.path}${dirname(f.path) === mod.dir ? '' : dirname(f.path).slice(mod.dir === '/' ? 0 : mod.dir.length)}`;
          return missing(call, join(mod.dir, 'go.sum'), `${rel}:${imp.line}:${imp.col}: missing go.sum entry for module providing package ${imp.path} (imported by ${importer}); to add:\n\tgo get ${importer}`, `${rel} imports ${imp.path} from another module, so go build needs go.sum: copy it with go.mod (COPY go.mod go.sum ./).`);
        }
        unknown(call, `go build downloads ${imp.path} (module sizes and contents are not in the catalog)`);
        continue;
      }
      if (!mod.path || !(imp.path === mod.path || imp.path.startsWith(`${mod.path}/`)) || seen.has(imp.path)) continue;
      seen.add(imp.path);
      const dir = join(mod.dir, `.${imp.path.slice(mod.path.length)}`);
      const inner = goFiles(call, dir);
      if (inner.length === 0) {
        const rel = f.path.slice(call.cwd === '/' ? 1 : call.cwd.length + 1);
        // Go looks a dotless path up in the standard library; a path with a dot in a module it has not got.
        const message = imp.path.split('/')[0]!.includes('.')
          ? `${rel}:${imp.line}:${imp.col}: no required module provides package ${imp.path}; to add it:\n\tgo get ${imp.path}`
          : `${rel}:${imp.line}:${imp.col}: package ${imp.path} is not in std (/usr/local/go/src/${imp.path})`;
        return missing(call, dir, message, `${rel} imports ${imp.path}, whose folder (${dir}) was not copied into the image.`);
      }
      queue.push(...inner);
    }
  }
  // With cgo enabled, only a program that uses a cgo package (net, os/user, or import "C") is linked dynamically.
  const cgo = env.get('CGO_ENABLED') ?? (ctx.image.cCompiler ? '1' : '0');
  const usesCgo = [...files, ...visited].some((f) => goImports(f.text).some((i) => i.path === 'C' || i.path === 'net' || i.path.startsWith('net/') || i.path === 'os/user' || i.path === 'plugin' || i.path === 'runtime/cgo'));
  const flags = words.slice(1).join(' ');
  const stripped = /-ldflags[= ]?["']?[^"']*-s\b[^"']*-w|-ldflags[= ]?["']?[^"']*-w\b[^"']*-s/.test(flags) || /-s -w|-w -s/.test(flags);
  const o = words.indexOf('-o');
  const oEq = words.find((w) => w.startsWith('-o='));
  let out = o >= 0 ? words[o + 1] ?? '' : oEq ? oEq.slice(3) : basename(pkgDir === mod.dir ? mod.path || mod.dir : pkgDir);
  if (out.endsWith('/') || ctx.fs.lookup(join(call.cwd, out))?.kind === 'dir') out = `${out.replace(/\/$/, '')}/${basename(pkgDir === mod.dir ? mod.path : pkgDir)}`;
  const facts = ctx.facts.goBinary;
  const staticBytes = facts?.static ?? GO_STATIC;
  const strippedBytes = facts?.stripped ?? Math.round((GO_STATIC * GO_STRIPPED_119) / GO_STATIC_119);
  const dynamicBytes = facts?.dynamic ?? Math.round(staticBytes * (6_692_165 / GO_STATIC_119));
  const linkage = cgo === '1' && usesCgo ? 'dynamic' : 'static';
  const bytes = stripped ? Math.round((strippedBytes * (linkage === 'dynamic' ? dynamicBytes : staticBytes)) / staticBytes) : linkage === 'dynamic' ? dynamicBytes : staticBytes;
  const sources = contentHashOf(ctx, mod.dir, (p) => p.endsWith('.go') || p.endsWith('go.mod'));
  add(ctx, {
    path: join(call.cwd, out), kind: 'file', bytes, files: 1, mode: 0o755, hash: hashParts('go-build', linkage, stripped ? 's' : '', sources),
    binary: { linkage, libc: ctx.image.libc === 'musl' ? 'musl' : 'glibc', stripped, language: 'go' }, compressRatio: stripped ? RATIO.goStripped : RATIO.go, category: 'build-output',
    estimated: !facts, source: facts?.source ?? 'Go 1.22 binary size estimated from a measured Go 1.19 build (calibration)',
  });
  const cacheDir = env.get('GOCACHE') ?? '/root/.cache/go-build';
  if (ctx.cacheMounts.some((m) => within(cacheDir, m))) result.notes.push(`Go's build cache went to the cache mount at ${cacheDir}, not into the layer`);
  else add(ctx, { path: cacheDir, kind: 'tree', bytes: GO_CACHE_BYTES, files: 900, hash: hashParts('go-cache', sources), compressRatio: RATIO.goCache, category: 'cache', source: 'measured GOCACHE after building a net/http server (calibration)' });
  if (linkage === 'dynamic') result.notes.push(`CGO_ENABLED=${cgo}: ${out} is dynamically linked against ${ctx.image.libc === 'musl' ? 'musl' : 'glibc'}`);
  result.seconds += 18;
  return 'ok';
}

export const go = defineCommand({
  programs: ['go'],
  reads: 'go.mod (found upwards), the package folder and the module packages it imports; go.sum when go.mod has requirements',
  makes: 'the binary (-o), Go\'s build cache in /root/.cache/go-build',
  run(call) {
    const sub = call.words[0];
    if (sub === 'build' || sub === 'install') return build(call);
    if (sub === 'version' || sub === 'env') return 'ok';
    if (sub === 'clean' && call.words.length > 1 && call.words.slice(1).every((w) => w === '-cache' || w === '-modcache')) {
      // go clean -cache empties the build cache; -modcache the module cache (in GOPATH/pkg/mod).
      if (call.words.includes('-cache')) remove(call.ctx, call.env.get('GOCACHE') ?? '/root/.cache/go-build');
      if (call.words.includes('-modcache')) remove(call.ctx, `${call.env.get('GOPATH') ?? '/go'}/pkg/mod`);
      return 'ok';
    }
    const mod = findModule(call);
    if (sub === 'mod' && call.words[1] === 'download') {
      if (!mod) return missing(call, `${call.cwd}/go.mod`, "go: no modules specified (see 'go help mod download')", 'go mod download reads go.mod: copy it (and go.sum, when it exists) into the image first.');
      const requires = [...mod.text.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]{2,}\/\S+)\s+v\S+/gm)].length;
      if (requires === 0) {
        call.result.output.push('go: no module dependencies to download');
        return 'ok';
      }
      return unknown(call, `go mod download of ${requires} module${requires === 1 ? '' : 's'} (module sizes are not in the catalog)`);
    }
    if (sub === 'test' || sub === 'vet') {
      if (!mod) return missing(call, `${call.cwd}/go.mod`, NO_MODULE, 'go test works inside a module: copy go.mod first.');
      const tests = call.ctx.fs.list(mod.dir).filter((e) => e.path.endsWith('_test.go')).length;
      if (sub === 'test') {
        if (tests === 0) call.result.output.push('?   \t[no test files]');
        else call.result.activities.push({ kind: 'tests', tool: 'go test', files: tests });
      }
      call.result.seconds += 6;
      return 'ok';
    }
    return unknown(call, `go ${call.words.join(' ')}`);
  },
});


