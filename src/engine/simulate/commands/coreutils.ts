/**
 * File commands: rm, mkdir, cp, mv, chown, chmod, ln, touch, cat, ls, echo,
 * test. GNU coreutils on Debian images and BusyBox on Alpine word their errors
 * differently; each message here is the one that image's tool prints.
 */
import { basename, join } from '../fs';
import type { FsEntry } from '../types';
import { add, busybox, expand, fail, has, missing, remove, unknown, RATIO } from './support';
import { defineCommand, type Call, type Status } from './types';
import { hashParts } from '../hash';

/** Flags as single letters (`-rf` → r, f; `--recursive` → recursive) and the other words. */
export function parseFlags(words: string[]): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let done = false;
  for (const w of words) {
    if (!done && w === '--') done = true;
    else if (!done && w.startsWith('--')) flags.add(w.slice(2).split('=')[0]!);
    else if (!done && w.startsWith('-') && w.length > 1) for (const c of w.slice(1)) flags.add(c);
    else operands.push(w);
  }
  return { flags, operands };
}

const noSuch = 'No such file or directory';

/** A path Stagecraft cannot see after something it does not simulate: the outcome is unknown. */
function unseen(call: Call, tool: string, path: string): Status {
  const u = call.ctx.fs.uncertain;
  return unknown(call, `${tool} ${path}: Stagecraft cannot see whether it exists${u ? ` (line ${u.line ?? '?'} ran ${u.what})` : ''}`);
}

/** Files and folders a command operates on: 'unknown' when something unknown ran before and it is not found. */
function target(call: Call, arg: string): { path: string; state: boolean | 'unknown' }[] {
  return expand(call.ctx, call.cwd, arg).map((path) => ({ path, state: has(call.ctx, path) }));
}

function isDir(call: Call, path: string): boolean {
  const e = call.ctx.fs.lookup(path);
  return e ? e.kind === 'dir' || e.kind === 'tree' : call.ctx.fs.exists(path);
}

export const rm = defineCommand({
  programs: ['rm'],
  reads: 'the paths it is given',
  makes: 'whiteouts: the files disappear from the image but keep their bytes in the layer that added them',
  run(call) {
    const { flags, operands } = parseFlags(call.words);
    const force = flags.has('f') || flags.has('force');
    const recursive = flags.has('r') || flags.has('R') || flags.has('recursive');
    const bb = busybox(call.ctx.image);
    let status: Status = 'ok';
    for (const arg of operands) {
      // `rm -rf /var/lib/apt/lists/*` empties a folder the simulator holds as one entry (a tree): remove it, keep the folder.
      const path = join(call.cwd, arg);
      const dir = path.slice(0, path.lastIndexOf('/')) || '/';
      if (recursive && /^\*+$/.test(path.slice(dir.length + 1)) && call.ctx.fs.lookup(dir)?.kind === 'tree') {
        remove(call.ctx, dir);
        add(call.ctx, { path: dir, kind: 'dir', bytes: 0, files: 0, hash: 'dir' });
        continue;
      }
      for (const t of target(call, arg)) {
        if (t.state === false) {
          if (!force) status = fail(call, `rm: ${bb ? "can't" : 'cannot'} remove '${arg}': ${noSuch}`, `${t.path} does not exist here; rm -f ignores missing files.`);
          continue;
        }
        if (t.state === 'unknown') {
          if (!force) status = unseen(call, 'rm', t.path);
          continue;
        }
        if (!recursive && isDir(call, t.path)) {
          status = fail(call, bb ? `rm: '${arg}' is a directory` : `rm: cannot remove '${arg}': Is a directory`, 'rm removes folders only with -r.');
          continue;
        }
        remove(call.ctx, t.path);
      }
    }
    return status;
  },
});

export const mkdir = defineCommand({
  programs: ['mkdir'],
  reads: 'the parent folders (without -p they must exist)',
  makes: 'empty folders',
  run(call) {
    const { flags, operands } = parseFlags(call.words);
    const parents = flags.has('p') || flags.has('parents');
    const verb = busybox(call.ctx.image) ? "can't" : 'cannot';
    for (const arg of operands) {
      const path = join(call.cwd, arg);
      if (!parents) {
        const parent = path.slice(0, path.lastIndexOf('/')) || '/';
        const p = has(call.ctx, parent);
        if (p === 'unknown') return unseen(call, 'mkdir', parent);
        if (p === false) return missing(call, parent, `mkdir: ${verb} create directory '${arg}': ${noSuch}`, `${parent} does not exist; mkdir -p creates the parents too.`);
        if (has(call.ctx, path) === true) return fail(call, `mkdir: ${verb} create directory '${arg}': File exists`, `${path} is already there; mkdir -p accepts an existing folder.`);
      }
      add(call.ctx, { path, kind: 'dir', bytes: 0, files: 0, hash: 'dir' });
    }
    return 'ok';
  },
});

function copyOrMove(call: Call, move: boolean): Status {
  const { flags, operands } = parseFlags(call.words);
  const recursive = move || flags.has('r') || flags.has('R') || flags.has('a') || flags.has('recursive') || flags.has('archive');
  const dest = operands.pop();
  const tool = move ? 'mv' : 'cp';
  const bb = busybox(call.ctx.image);
  if (!dest || operands.length === 0) return fail(call, `${tool}: missing file operand`, `${tool} needs a source and a destination.`);
  const destPath = join(call.cwd, dest);
  const destIsDir = dest.endsWith('/') || isDir(call, destPath) || operands.length > 1;
  for (const arg of operands) {
    for (const t of target(call, arg)) {
      if (t.state === 'unknown') return missing(call, t.path, '', '');
      if (t.state === false) return fail(call, bb ? (move ? `mv: can't rename '${arg}': ${noSuch}` : `cp: can't stat '${arg}': ${noSuch}`) : `${tool}: cannot stat '${arg}': ${noSuch}`, `${t.path} does not exist at this point of the build.`);
      const entries = call.ctx.fs.list(t.path);
      const single = entries.length > 0 && entries.every((e) => e.path === t.path) && !isDir(call, t.path);
      if (!single && !recursive) return fail(call, bb ? `cp: omitting directory '${arg}'` : `cp: -r not specified; omitting directory '${arg}'`, 'cp copies folders only with -r (or -a).');
      const root = destIsDir ? join(destPath, basename(t.path)) : destPath;
      for (const e of entries) {
        const rel = e.path.slice(t.path.length);
        add(call.ctx, { ...e, path: `${root}${rel}` });
      }
      if (move) remove(call.ctx, t.path);
    }
  }
  return 'ok';
}

export const cp = defineCommand({ programs: ['cp'], reads: 'the sources (folders only with -r/-a)', makes: 'copies of them: their bytes again in this layer', run: (c) => copyOrMove(c, false) });
export const mv = defineCommand({ programs: ['mv'], reads: 'the sources', makes: 'the files at the new path (a move across layers copies the bytes and whites out the old path)', run: (c) => copyOrMove(c, true) });

/**
 * chmod/chown change metadata, but overlay filesystems copy the whole file into
 * the new layer to do it: `chown -R` on a big folder duplicates it.
 */
function touchMetadata(call: Call, what: 'owner' | 'mode'): Status {
  const { operands } = parseFlags(call.words);
  const value = operands.shift() ?? '';
  const tool = what === 'owner' ? 'chown' : 'chmod';
  const bb = busybox(call.ctx.image);
  if (what === 'owner') {
    const user = value.split(/[:.]/)[0] ?? '';
    if (user && !/^\d+$/.test(user) && !call.ctx.users.has(user)) {
      return fail(call, bb ? (value.includes(':') ? `chown: unknown user/group ${value}` : `chown: unknown user ${user}`) : `chown: invalid user: '${value}'`, `The image has no user called ${user} at this point: create it first (adduser / useradd), or use a numeric id.`);
    }
  }
  let bytes = 0;
  for (const arg of operands) {
    for (const t of target(call, arg)) {
      if (t.state === 'unknown') return unseen(call, tool, t.path);
      if (t.state === false) return fail(call, bb ? `${tool}: ${arg}: ${noSuch}` : `${tool}: cannot access '${arg}': ${noSuch}`, `${t.path} does not exist at this point of the build.`);
      for (const e of call.ctx.fs.list(t.path)) {
        if (call.ctx.layer.entries.has(e.path)) continue;
        const copy: FsEntry = { ...e, ...(what === 'owner' ? { owner: value } : { mode: parseInt(value, 8) || e.mode }) };
        call.ctx.layer.entries.set(e.path, copy);
        bytes += e.bytes;
      }
    }
  }
  if (bytes > 0) call.result.notes.push(`${tool} copied ${bytes} bytes of files into this layer (metadata changes copy the whole file)`);
  return 'ok';
}

export const chown = defineCommand({ programs: ['chown'], reads: 'the paths, and the user in /etc/passwd', makes: 'a copy of every file it touches, in this layer', run: (c) => touchMetadata(c, 'owner') });
export const chmod = defineCommand({ programs: ['chmod'], reads: 'the paths', makes: 'a copy of every file it touches, in this layer', run: (c) => touchMetadata(c, 'mode') });

export const ln = defineCommand({
  programs: ['ln'],
  reads: 'the target (a hard link needs it to exist)',
  makes: 'a link',
  run(call) {
    const { flags, operands } = parseFlags(call.words);
    const [src, dst] = operands;
    if (!src) return fail(call, 'ln: missing file operand', 'ln needs a target and a link name.');
    if (!flags.has('s') && has(call.ctx, join(call.cwd, src)) === 'unknown') return unseen(call, 'ln', join(call.cwd, src));
    if (!flags.has('s') && has(call.ctx, join(call.cwd, src)) === false) {
      return fail(call, busybox(call.ctx.image) ? `ln: ${src}: ${noSuch}` : `ln: failed to access '${src}': ${noSuch}`, `${src} does not exist, so there is nothing to link to.`);
    }
    const path = join(call.cwd, dst ?? basename(src));
    add(call.ctx, { path, kind: 'symlink', bytes: 0, files: 0, hash: hashParts('link', src), text: undefined });
    return 'ok';
  },
});

export const touch = defineCommand({
  programs: ['touch'],
  reads: 'the parent folder',
  makes: 'empty files',
  run(call) {
    for (const arg of parseFlags(call.words).operands) {
      const path = join(call.cwd, arg);
      const parent = path.slice(0, path.lastIndexOf('/')) || '/';
      const there = has(call.ctx, parent);
      if (there === 'unknown') return unseen(call, 'touch', parent);
      if (there === false) return fail(call, busybox(call.ctx.image) ? `touch: ${arg}: ${noSuch}` : `touch: cannot touch '${arg}': ${noSuch}`, `${parent} does not exist.`);
      if (!call.ctx.fs.lookup(path)) add(call.ctx, { path, kind: 'file', bytes: 0, files: 1, hash: 'empty', compressRatio: RATIO.text });
    }
    return 'ok';
  },
});

/** cat and ls read files and print them: they fail when a path is missing and change nothing. */
function reader(tool: 'cat' | 'ls', call: Call): Status {
  const { operands } = parseFlags(call.words);
  const bb = busybox(call.ctx.image);
  for (const arg of operands) {
    for (const t of target(call, arg)) {
      if (t.state === 'unknown') return unseen(call, tool, t.path);
      if (t.state !== false) continue;
      const message = tool === 'cat' ? (bb ? `cat: can't open '${arg}': ${noSuch}` : `cat: ${arg}: ${noSuch}`) : bb ? `ls: ${arg}: ${noSuch}` : `ls: cannot access '${arg}': ${noSuch}`;
      return fail(call, message, `${t.path} does not exist at this point of the build.`);
    }
  }
  return 'ok';
}

export const cat = defineCommand({ programs: ['cat'], reads: 'the files it prints', makes: 'nothing', run: (c) => reader('cat', c) });
export const ls = defineCommand({ programs: ['ls'], reads: 'the paths it lists', makes: 'nothing', run: (c) => reader('ls', c) });

export const echo = defineCommand({ programs: ['echo', 'printf', 'pwd', 'sleep', 'id', 'whoami', 'uname', 'date', 'env'], reads: 'nothing', makes: 'output only (a redirect makes a file)', run: () => 'ok' });

export const test = defineCommand({
  programs: ['test', '['],
  reads: 'the path it tests',
  makes: 'nothing: its exit status decides what && and || run',
  run(call) {
    const words = call.words.filter((w) => w !== ']');
    const [op, arg] = words;
    if (!op || !arg || !/^-[efdsrx]$/.test(op)) return 'ok';
    const path = join(call.cwd, arg);
    const state = has(call.ctx, path);
    if (state === 'unknown') return unseen(call, 'test', path);
    const ok = state && (op === '-d' ? isDir(call, path) : op === '-f' ? !isDir(call, path) : true);
    return ok ? 'ok' : fail(call, 'exit code: 1', `test ${op} ${arg} is false: ${path} is not there.`);
  },
});
