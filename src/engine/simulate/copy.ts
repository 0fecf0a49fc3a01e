/** COPY and ADD: from the build context (after .dockerignore), from another stage, or from an image. */
import { classifyContextPath, devPackagesOf, type ByteCategory } from './categories';
import { resolveFrom, flag } from '../dockerfile/query';
import type { Dockerfile, Instruction } from '../dockerfile/types';
import { utf8Length } from '../dockerfile/words';
import { lookupImage, type ImageInfo } from '../images/catalog';
import { suggest } from '../go/suggest';
import { baseFiles } from './base-image';
import { globTest, isValidGlob } from './commands/support';
import { basename, join, normalize, StageFs } from './fs';
import { hashParts, Hasher } from './hash';
import { commit, newLayer, type ApplyEnv, type ContextFile, type StageState, type StepDraft } from './state';
import type { BuildProblem, FsEntry } from './types';

/** Paths of the context a COPY source names (a file, a directory's files, or a glob). */
export function contextMatches(files: ContextFile[], source: string): ContextFile[] {
  const src = normalize(source).slice(1);
  if (src === '') return files;
  if (/[*?[]/.test(src)) {
    // Segment by segment, each a linear-time glob test: a file matches when its first segments do.
    const segs = src.split('/').map(globTest);
    return files.filter((f) => {
      const parts = f.path.split('/');
      return parts.length >= segs.length && segs.every((t, i) => t(parts[i]!));
    });
  }
  return files.filter((f) => f.path === src || f.path.startsWith(`${src}/`));
}


export function copy(file: Dockerfile, ins: Instruction, st: StageState, env: ApplyEnv, x: (s: string) => string, createdBy: string): { step: StepDraft | null; failed: boolean } {
  const layer = newLayer(createdBy, ins);
  const args = ins.args.map((a) => x(a.value));
  const sources = args.slice(0, -1);
  const destArg = args[args.length - 1] ?? '.';
  const dest = join(st.config.workdir, destArg);
  const destIsDir = destArg.endsWith('/') || destArg === '.' || sources.length > 1 || sources.some((s) => /[*?[]/.test(s));
  const fromValue = flag(ins, 'from')?.value ?? null;
  const chown = flag(ins, 'chown')?.value ?? undefined;
  const chmod = flag(ins, 'chmod')?.value ?? undefined;
  const notes: string[] = [];
  // The cache key covers every copied path and content hash, in the (deterministic) order copied.
  const hasher = new Hasher();
  const heredocNames = new Set(ins.heredocs.map((h) => h.name));
  const mode = chmod ? parseInt(chmod, 8) : undefined;
  const destPrefix = dest === '/' ? '/' : `${dest}/`;

  const place = (rel: string, e: Omit<FsEntry, 'path'>, single: boolean, sourceName: string) => {
    // Context and stage paths are already clean, so a plain join is enough here.
    const target = single ? (destIsDir ? join(dest, sourceName) : dest) : destPrefix + rel;
    layer.entries.set(target, entryOf(target, e, chown ?? e.owner, mode ?? e.mode));
    hasher.add(target).add(e.hash);
  };

  for (const h of ins.heredocs) {
    const bytes = utf8Length(h.content);
    place(h.name, { kind: 'file', bytes, files: 1, hash: hashParts(h.content), text: h.content, compressRatio: 0.4 }, true, h.name);
  }

  if (fromValue) {
    const ref = resolveFrom(file, x(fromValue));
    let sourceFs: StageFs | null = null;
    let stageMemoKey: string | null = null;
    if (ref.kind === 'stage') {
      const src = env.states.get(ref.stage.index);
      // A stage's key covers everything that made it, so the same key copies the same entries.
      if (src && !src.fs.uncertain && ins.heredocs.length === 0) {
        stageMemoKey = hashParts(src.key, JSON.stringify([sources, dest, destIsDir, chown ?? null, chmod ?? null]));
        const memo = stageCopyMemo.get(stageMemoKey);
        if (memo) {
          layer.entries = memo.entries;
          notes.push(...memo.notes);
          return commit(st, layer, ins, env, notes, [], 0.2 + layer.entries.size / 5000, memo.digest);
        }
      }
      if (!src) {
        notes.push(`stage ${ref.stage.name ?? ref.stage.index} was not built (it copies from this one, or from a cycle)`);
      } else sourceFs = src.fs;
      // What an unknown command made in the source stage may come along: the copy is as uncertain as its source.
      if (src?.fs.uncertain && !st.fs.uncertain) st.fs.uncertain = src.fs.uncertain;
    } else if (ref.kind === 'image') {
      const image = lookupImage(ref.image);
      const typo = stageNameTypo(file, ref.image, image);
      if (typo) {
        env.problems.push(pullDenied(ref.image, `--from=${typo}`, ins.startLine + 1));
        return { step: commit(st, layer, ins, env, notes, [], 0).step, failed: true };
      }
      sourceFs = new StageFs(baseFiles(image));
      if (image.note) notes.push(image.note);
    } else {
      notes.push(ref.kind === 'variable' ? '--from cannot use a variable' : `no stage with index ${ref.index}`);
    }
    for (const s of sources) {
      if (!sourceFs) break;
      const srcPath = normalize(s);
      const entries = sourceFs.list(srcPath);
      if (entries.length === 0) {
        if (ref.kind === 'image') {
          notes.push(`effect unknown: ${s} from ${fromValue} (Stagecraft does not know that image's files)`);
          st.fs.uncertain ??= { line: ins.startLine + 1, what: `COPY --from=${fromValue} ${s}` };
          continue;
        }
        if (sourceFs.uncertain) {
          const u = sourceFs.uncertain;
          notes.push(`effect unknown: ${s} is not where Stagecraft can see it in ${fromValue}; line ${u.line ?? '?'} (${u.what}) may have made it`);
          env.unknowns.push({ line: ins.startLine + 1, message: `Stagecraft cannot tell whether ${s} exists in stage ${fromValue}: line ${u.line ?? '?'} runs ${u.what}, which it does not simulate.` });
          st.fs.uncertain ??= { line: ins.startLine + 1, what: `COPY --from=${fromValue} ${s}` };
          continue;
        }
        env.problems.push({
          code: 'copy-from-missing-path',
          message: `failed to solve: failed to compute cache key: failed to calculate checksum of ref: "${s}": not found`,
          explanation: `Stage ${fromValue} has no ${s} at that point of the build, so there is nothing to copy.`,
          line: ins.startLine + 1,
          when: 'build',
        severity: 'error',
        });
        return { step: commit(st, layer, ins, env, notes, [], 0).step, failed: true };
      }
      const single = entries.length === 1 && entries[0]!.path === srcPath;
      // From an image Stagecraft knows only a few files (shell, CA bundle, toolchain binaries), not whole folders.
      const partial = ref.kind === 'image' && !single;
      if (partial) notes.push(`size effect partly unknown: Stagecraft knows only ${entries.length === 1 ? '1 file' : `${entries.length} files`} of ${fromValue} under ${s}, so this layer's size is a lower bound`);
      for (const e of entries) {
        const rel = e.path === srcPath ? basename(srcPath) : e.path.slice(srcPath === '/' ? 1 : srcPath.length + 1);
        place(rel, partial ? { ...e, estimated: true } : e, single, basename(srcPath)); // entryOf takes every field but the path
      }
    }
    const digest = hasher.digest();
    if (stageMemoKey !== null) {
      if (stageCopyMemo.size >= 64) stageCopyMemo.clear();
      stageCopyMemo.set(stageMemoKey, { entries: layer.entries, notes: [...notes], digest });
    }
    return commit(st, layer, ins, env, notes, [], 0.2 + layer.entries.size / 5000, digest);
  }

  // The same COPY on the same context places the same entries: reuse them while the learner types.
  const memoKey = ins.heredocs.length === 0 ? JSON.stringify([ins.name, sources, dest, destIsDir, chown ?? null, chmod ?? null]) : null;
  const memo = memoKey === null ? undefined : contextCopyMemo.get(env.contextFiles)?.get(memoKey);
  if (memo) {
    // Shared, not copied: a layer's entries are never changed after its instruction is done
    // (a RUN writes only into its own new layer).
    layer.entries = memo.entries;
    for (const f of memo.read) env.read.add(f);
    notes.push(...memo.notes);
    return commit(st, layer, ins, env, notes, [], 0.1 + layer.entries.size / 5000, memo.digest);
  }
  const read: ContextFile[] = [];
  for (const s of sources) {
    if (heredocNames.has(s.replace(/^<<-?/, '').replace(/["']/g, ''))) continue;
    if (/^<<-?/.test(s)) continue;
    if (ins.name === 'ADD' && /^(https?|git):\/\//.test(s)) {
      notes.push(`effect unknown: ADD ${s} (remote sources are not fetched)`);
      st.fs.uncertain ??= { line: ins.startLine + 1, what: `ADD ${s}` };
      continue;
    }
    if (/[*?[]/.test(s) && normalize(s).slice(1).split('/').some((seg) => !isValidGlob(seg))) {
      env.problems.push({
        code: 'missing-source',
        message: `failed to solve: failed to compute cache key: failed to calculate checksum of ref: ${s}: syntax error in pattern`,
        explanation: `${s} is not a valid wildcard pattern (Go's filepath.Match refuses it: an unclosed [ or a reversed range such as [z-a]). Escape a literal [ as \\[.`,
        line: ins.startLine + 1,
        when: 'build',
        severity: 'error',
      });
      return { step: commit(st, layer, ins, env, notes, [], 0).step, failed: true };
    }
    const matches = contextMatches(env.contextFiles, s);
    if (matches.length === 0) {
      env.problems.push({
        code: 'missing-source',
        message: `failed to solve: failed to compute cache key: failed to calculate checksum of ref: "/${normalize(s).slice(1)}": not found`,
        explanation: `${s} is not in the build context: it does not exist, or .dockerignore excludes it.`,
        line: ins.startLine + 1,
        when: 'build',
        severity: 'error',
      });
      return { step: commit(st, layer, ins, env, notes, [], 0).step, failed: true };
    }
    const src = normalize(s).slice(1);
    const glob = /[*?[]/.test(s);
    const single = matches.length === 1 && matches[0]!.path === src && !glob;
    for (const f of matches) {
      env.read.add(f);
      read.push(f);
      const rel = glob ? basename(f.path) : src === '' ? f.path : f.path === src ? basename(src) : f.path.slice(src.length + 1);
      if (ins.name === 'ADD' && /\.(tar|tar\.gz|tgz|tar\.bz2|tar\.xz)$/.test(f.path)) notes.push(`ADD would unpack ${f.path}; its unpacked size is not known, so its archive size is used`);
      place(rel, { kind: 'file', bytes: f.size, files: 1, hash: f.hash, text: f.text, compressRatio: ratioFor(f.path), category: categoryOf(f, devPackagesIn(env.contextFiles)) }, single, basename(src || '.'));
    }
  }
  const digest = hasher.digest();
  if (memoKey !== null) {
    let perContext = contextCopyMemo.get(env.contextFiles);
    if (!perContext) contextCopyMemo.set(env.contextFiles, (perContext = new Map()));
    // A handful of COPY lines per Dockerfile; start over rather than grow without bound as the learner edits them.
    if (perContext.size >= 32) perContext.clear();
    perContext.set(memoKey, { entries: layer.entries, read, notes: [...notes], digest });
  }
  return commit(st, layer, ins, env, notes, [], 0.1 + layer.entries.size / 5000, digest);
}

/** The `node_modules/…` folders of the context that a package-lock.json beside them marks as dev, per context. */
const devPackagesMemo = new WeakMap<ContextFile[], Set<string>>();

/** The same lockfiles give the same set (so the categories below stay cached): by the lockfiles' hashes. */
const devPackagesByLocks = new Map<string, Set<string>>();

function devPackagesIn(files: ContextFile[]): Set<string> {
  let set = devPackagesMemo.get(files);
  if (set) return set;
  const locks = files.filter((f) => f.path === 'package-lock.json' || f.path.endsWith('/package-lock.json'));
  const key = locks.map((f) => `${f.path}\u0000${f.hash}`).join('\u0001');
  set = devPackagesByLocks.get(key);
  if (!set) {
    set = new Set();
    for (const f of locks) {
      const dir = f.path.slice(0, f.path.length - 'package-lock.json'.length);
      for (const p of devPackagesOf(f.text)) set.add(dir + p);
    }
    if (devPackagesByLocks.size >= 16) devPackagesByLocks.clear();
    devPackagesByLocks.set(key, set);
  }
  devPackagesMemo.set(files, set);
  return set;
}

/** A context file's category, kept per file object (contexts that differ by .dockerignore share their files). */
const categoryMemo = new WeakMap<Set<string>, WeakMap<ContextFile, ByteCategory>>();

function categoryOf(f: ContextFile, dev: Set<string>): ByteCategory {
  let perFile = categoryMemo.get(dev);
  if (!perFile) categoryMemo.set(dev, (perFile = new WeakMap()));
  let c = perFile.get(f);
  if (c === undefined) perFile.set(f, (c = classifyContextPath(f.path, dev)));
  return c;
}

/** COPY --from=<stage> results by the source stage's key and the instruction's arguments. */
const stageCopyMemo = new Map<string, { entries: Map<string, FsEntry>; notes: string[]; digest: string }>();

/** Entries are never changed once made, so a memoised COPY can hand out the same objects again. */
const contextCopyMemo = new WeakMap<ContextFile[], Map<string, { entries: Map<string, FsEntry>; read: ContextFile[]; notes: string[]; digest: string }>>();

/**
 * The stage name that an unknown, untagged image reference is one or two typos away from,
 * or ''. BuildKit takes anything that is not a stage for an image, so `--from=biuld`
 * becomes a pull from Docker Hub that fails.
 */
export function stageNameTypo(file: Dockerfile, ref: string, image: ImageInfo): string {
  if (/[:@/.$]/.test(ref) || image.resolved) return '';
  const names = file.stages.flatMap((s) => (s.name ? [s.name] : []));
  return suggest(ref.toLowerCase(), names);
}

export function pullDenied(ref: string, meant: string, line: number): BuildProblem {
  const name = ref.toLowerCase();
  return {
    code: 'image-not-found',
    message: `failed to solve: ${name}: failed to resolve source metadata for docker.io/library/${name}:latest: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    explanation: `No stage is called ${ref}, so BuildKit looks for an image of that name on Docker Hub, and there is none. Did you mean ${meant}?`,
    line,
    when: 'build',
    severity: 'error',
  };
}

/** Entries always have the same fields in the same order, which keeps property access fast. */
function entryOf(path: string, e: Omit<FsEntry, 'path'>, owner: string | undefined, mode: number | undefined): FsEntry {
  return {
    path,
    kind: e.kind,
    bytes: e.bytes,
    files: e.files,
    hash: e.hash,
    mode,
    owner,
    compressRatio: e.compressRatio,
    text: e.text,
    requires: e.requires,
    binary: e.binary,
    source: e.source,
    estimated: e.estimated,
    category: e.category,
  };
}

const COMPRESSED = /\.(gz|tgz|zip|png|jpe?g|webp|woff2?|pack|idx)$/;

/** Compressed ÷ uncompressed by kind of file (calibration: ~0.2 for node_modules, ~1 for archives). */
function ratioFor(path: string): number {
  if (path.startsWith('node_modules/') || path.includes('/node_modules/')) return 0.215;
  return COMPRESSED.test(path) ? 1 : 0.35;
}

