/**
 * The shell's own commands over the Workspace: ls, cd, pwd, cat, du, tree, echo,
 * clear, help, history — with GNU coreutils' output and messages, as on the
 * Debian images the lessons use — and the host tools it cannot run (npm, node, go…),
 * which say so in one line.
 */
import { joinPath, type Workspace, type WorkspaceEntry } from '../workspace';
import { pathCandidates, type CommandContext, type ShellCommand } from './session';

/** Short options of a coreutils-style command: `-la` → l, a; `--apparent-size` kept whole; `--` ends them. */
function options(args: string[], known: string, long: string[] = []): { flags: Set<string>; operands: string[]; bad: string | null } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let done = false;
  for (const a of args) {
    if (done || a === '-' || !a.startsWith('-')) operands.push(a);
    else if (a === '--') done = true;
    else if (a.startsWith('--')) {
      if (!long.includes(a)) return { flags, operands, bad: `unrecognized option '${a}'` };
      flags.add(a);
    } else {
      for (const c of a.slice(1)) {
        if (!known.includes(c)) return { flags, operands, bad: `invalid option -- '${c}'` };
        flags.add(c);
      }
    }
  }
  return { flags, operands, bad: null };
}

function badOption(ctx: CommandContext, name: string, message: string): number {
  ctx.io.err(`${name}: ${message}\nTry '${name} --help' for more information.\n`);
  return 2;
}

const isHidden = (name: string) => name.startsWith('.');

/** GNU ls's columns: names down then across, two blanks apart, within the width. */
function columns(names: string[], width: number): string {
  if (names.length === 0) return '';
  for (let cols = Math.min(names.length, Math.max(1, Math.floor(width / 3))); cols > 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      const col = names.slice(c * rows, (c + 1) * rows);
      widths.push(Math.max(0, ...col.map((n) => [...n].length)));
    }
    const total = widths.reduce((s, w) => s + w, 0) + 2 * (cols - 1);
    if (total > width || widths.some((w) => w === 0)) continue;
    let out = '';
    for (let r = 0; r < rows; r++) {
      const cells: string[] = [];
      for (let c = 0; c < cols; c++) {
        const n = names[c * rows + r];
        if (n === undefined) continue;
        cells.push(c === cols - 1 || names[(c + 1) * rows + r] === undefined ? n : n + ' '.repeat(widths[c]! - [...n].length));
      }
      out += `${cells.join('  ')}\n`;
    }
    return out;
  }
  return `${names.join('\n')}\n`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function lsDate(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

function longListing(entries: WorkspaceEntry[], when: number): string {
  const rows = entries.map((e) => [e.kind === 'dir' ? 'drwxr-xr-x' : e.kind === 'link' ? 'lrwxrwxrwx' : '-rw-r--r--', e.kind === 'dir' ? '2' : '1', 'learner', 'learner', String(e.size), lsDate(e.mtimeMs ?? when), e.name]);
  const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length));
  const total = entries.reduce((s, e) => s + Math.ceil(e.size / 4096) * 4, 0);
  return `total ${total}\n${rows.map((r) => `${r[0]} ${r[1]!.padStart(width(1))} ${r[2]!.padEnd(width(2))} ${r[3]!.padEnd(width(3))} ${r[4]!.padStart(width(4))} ${r[5]} ${r[6]}`).join('\n')}\n`;
}

const ls: ShellCommand = {
  name: 'ls',
  summary: 'list a folder of the project (-l long, -a with hidden files)',
  usage: 'ls [-lahA1] [PATH...]',
  run(ctx) {
    const { flags, operands, bad } = options(ctx.args, 'lahA1dR');
    if (bad) return badOption(ctx, 'ls', bad);
    const { session } = ctx;
    const ws = session.workspace;
    const width = Number(session.env.get('COLUMNS')) || 80;
    const targets = operands.length ? operands : ['.'];
    let status = 0;
    const files: WorkspaceEntry[] = [];
    const dirs: Array<{ arg: string; path: string }> = [];
    for (const arg of targets) {
      const path = session.resolve(arg);
      const st = path === null ? null : ws.stat(path);
      if (!st || path === null) {
        ctx.io.err(`ls: cannot access '${arg}': No such file or directory\n`);
        status = 2;
      } else if (st.kind === 'dir' && !flags.has('d')) dirs.push({ arg, path });
      else files.push({ ...st, name: arg });
    }
    const show = (entries: WorkspaceEntry[]) => (flags.has('l') ? longListing(entries, session.startedAt) : flags.has('1') ? entries.map((e) => `${e.name}\n`).join('') : columns(entries.map((e) => e.name), width));
    let out = files.length ? show(files) : '';
    for (const d of dirs) {
      let entries = ws.list(d.path) ?? [];
      if (!flags.has('a') && !flags.has('A')) entries = entries.filter((e) => !isHidden(e.name));
      if (flags.has('a')) entries = [{ name: '.', kind: 'dir', size: 4096 }, { name: '..', kind: 'dir', size: 4096 }, ...entries];
      if (targets.length > 1) out += `${out ? '\n' : ''}${d.arg}:\n`;
      out += show(entries);
    }
    ctx.io.out(out);
    return status;
  },
  complete: (_w, current, session) => pathCandidates(session, current),
};

const cd: ShellCommand = {
  name: 'cd',
  summary: 'change the working folder (cd alone: the project’s top)',
  usage: 'cd [PATH]',
  run(ctx) {
    const { session } = ctx;
    if (ctx.args.length > 1) {
      ctx.io.err('sh: cd: too many arguments\n');
      return 1;
    }
    const arg = ctx.args[0] ?? '~';
    if (arg === '-') {
      const back = session.previousCwd;
      session.previousCwd = session.cwd;
      session.cwd = back;
      ctx.io.out(`${session.absolute(session.cwd)}\n`);
      return 0;
    }
    const path = session.resolve(arg);
    const st = path === null ? null : session.workspace.stat(path);
    if (path === null || !st) {
      ctx.io.err(`sh: cd: ${arg}: No such file or directory\n`);
      return 1;
    }
    if (st.kind !== 'dir') {
      ctx.io.err(`sh: cd: ${arg}: Not a directory\n`);
      return 1;
    }
    session.previousCwd = session.cwd;
    session.cwd = path;
    return 0;
  },
  complete: (_w, current, session) => pathCandidates(session, current, (_n, dir) => dir),
};

const pwd: ShellCommand = {
  name: 'pwd',
  summary: 'print the working folder',
  run(ctx) {
    ctx.io.out(`${ctx.session.absolute(ctx.session.cwd)}\n`);
    return 0;
  },
};

const cat: ShellCommand = {
  name: 'cat',
  summary: 'print files',
  usage: 'cat FILE...',
  run(ctx) {
    const { flags, operands, bad } = options(ctx.args, 'n');
    if (bad) return badOption(ctx, 'cat', bad);
    if (operands.length === 0) {
      ctx.io.err('cat: reading standard input is not supported in this shell; name a file\n');
      return 1;
    }
    let status = 0;
    for (const arg of operands) {
      const path = ctx.session.resolve(arg);
      const got = path === null ? { error: 'no such file' as const } : ctx.session.workspace.read(path);
      if (!(got instanceof Uint8Array)) {
        const why = got.error === 'no such file' ? 'No such file or directory' : got.error === 'it is a directory' ? 'Is a directory' : got.error === 'permission denied' ? 'Permission denied' : got.error.startsWith('its contents') ? 'Stagecraft knows only the size of this file, not its contents' : got.error;
        ctx.io.err(`cat: ${arg}: ${why}\n`);
        status = 1;
        continue;
      }
      const text = new TextDecoder().decode(got);
      if (flags.has('n')) {
        const lines = text.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        ctx.io.out(lines.map((l, i) => `${String(i + 1).padStart(6)}\t${l}\n`).join(''));
      } else ctx.io.out(text);
    }
    return status;
  },
  complete: (_w, current, session) => pathCandidates(session, current),
};

/** du's sizes: disk blocks of 4 KiB (as on ext4) unless --apparent-size; `-h` in powers of 1024, rounded up as GNU du does. */
export function duHuman(bytes: number): string {
  const units = ['', 'K', 'M', 'G', 'T'];
  let u = 0;
  let v = bytes;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return String(Math.ceil(v));
  if (v < 10) {
    const r = Math.ceil(v * 10) / 10;
    return r >= 10 ? `10${units[u]}` : `${r.toFixed(1)}${units[u]}`;
  }
  const r = Math.ceil(v);
  return r >= 1024 && u < units.length - 1 ? `1.0${units[u + 1]}` : `${r}${units[u]}`;
}

function usage(ws: Workspace, path: string, apparent: boolean, each: ((path: string, bytes: number) => void) | null, all: boolean): number {
  const st = ws.stat(path);
  if (!st) return 0;
  const cost = (e: WorkspaceEntry) => (apparent ? e.size : e.kind === 'dir' ? 4096 : Math.ceil(e.size / 4096) * 4096);
  if (st.kind !== 'dir') return cost(st);
  let total = apparent ? 0 : 4096;
  for (const e of ws.list(path) ?? []) {
    const child = joinPath(path, e.name);
    if (e.kind === 'dir') total += usage(ws, child, apparent, each, all);
    else {
      const c = cost(e);
      if (all && each) each(child, c);
      total += c;
    }
  }
  each?.(path, total);
  return total;
}

const du: ShellCommand = {
  name: 'du',
  summary: 'disk usage of files and folders (-s summary, -h human units)',
  usage: 'du [-shac] [--apparent-size] [PATH...]',
  run(ctx) {
    const { flags, operands, bad } = options(ctx.args, 'shacb', ['--apparent-size', '--bytes']);
    if (bad) return badOption(ctx, 'du', bad);
    const { session } = ctx;
    const apparent = flags.has('--apparent-size') || flags.has('b') || flags.has('--bytes');
    const show = (bytes: number) => (flags.has('b') || flags.has('--bytes') ? String(bytes) : flags.has('h') ? duHuman(bytes) : String(Math.ceil(bytes / 1024)));
    let status = 0;
    let grand = 0;
    let out = '';
    for (const arg of operands.length ? operands : ['.']) {
      const path = session.resolve(arg);
      if (path === null || !session.workspace.stat(path)) {
        ctx.io.err(`du: cannot access '${arg}': No such file or directory\n`);
        status = 1;
        continue;
      }
      const shown = (p: string) => (p === path ? arg : `${arg.replace(/\/+$/, '')}/${p.slice(path ? path.length + 1 : 0)}`);
      const total = usage(session.workspace, path, apparent, flags.has('s') ? null : (p, b) => (out += `${show(b)}\t${shown(p)}\n`), flags.has('a'));
      if (flags.has('s') || session.workspace.stat(path)?.kind !== 'dir') out += `${show(total)}\t${arg}\n`;
      grand += total;
    }
    if (flags.has('c')) out += `${show(grand)}\ttotal\n`;
    ctx.io.out(out);
    return status;
  },
  complete: (_w, current, session) => pathCandidates(session, current),
};

/** `-I 'node_modules|dist'`: tree's exclusion patterns (`*` and `?` wildcards, `|` between them). */
function treeFilter(pattern: string | null): (name: string) => boolean {
  if (pattern === null) return () => false;
  const res = pattern.split('|').map((p) => new RegExp(`^${p.replace(/[.+^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  return (name) => res.some((r) => r.test(name));
}

const tree: ShellCommand = {
  name: 'tree',
  summary: 'show a folder as a tree (-L depth, -a hidden files, -I patterns to leave out)',
  usage: 'tree [-a] [-d] [-L LEVEL] [-I PATTERN] [PATH]',
  run(ctx) {
    const { session } = ctx;
    let all = false;
    let dirsOnly = false;
    let level = Infinity;
    let ignore: string | null = null;
    const operands: string[] = [];
    for (let i = 0; i < ctx.args.length; i++) {
      const a = ctx.args[i]!;
      if (a === '-a') all = true;
      else if (a === '-d') dirsOnly = true;
      else if (a === '-L' || a === '-I') {
        const v = ctx.args[++i];
        if (v === undefined) {
          ctx.io.err(`tree: Missing argument to ${a} option.\n`);
          return 1;
        }
        if (a === '-L') {
          if (!/^[1-9]\d*$/.test(v)) {
            ctx.io.err('tree: Invalid level, must be greater than 0.\n');
            return 1;
          }
          level = Number(v);
        } else ignore = v;
      } else if (a.startsWith('-') && a !== '-') {
        ctx.io.err(`tree: Invalid argument -\`${a.slice(1)}'.\nusage: tree [-a] [-d] [-L level] [-I pattern] [<directory list>]\n`);
        return 1;
      } else operands.push(a);
    }
    const skip = treeFilter(ignore);
    let out = '';
    let status = 0;
    for (const arg of operands.length ? operands : ['.']) {
      const path = session.resolve(arg);
      const st = path === null ? null : session.workspace.stat(path);
      if (path === null || !st || st.kind !== 'dir') {
        out += `${arg}  [error opening dir]\n\n0 directories, 0 files\n`;
        status = 2;
        continue;
      }
      let dirs = 0;
      let files = 0;
      const lines: string[] = [arg];
      const walk = (p: string, prefix: string, depth: number) => {
        if (depth > level) return;
        const entries = (session.workspace.list(p) ?? []).filter((e) => (all || !isHidden(e.name)) && !skip(e.name) && (!dirsOnly || e.kind === 'dir'));
        entries.forEach((e, i) => {
          const last = i === entries.length - 1;
          lines.push(`${prefix}${last ? '└── ' : '├── '}${e.name}`);
          if (e.kind === 'dir') {
            dirs++;
            walk(joinPath(p, e.name), `${prefix}${last ? '    ' : '│   '}`, depth + 1);
          } else files++;
        });
      };
      walk(path, '', 1);
      out += `${lines.join('\n')}\n\n${dirs} director${dirs === 1 ? 'y' : 'ies'}${dirsOnly ? '' : `, ${files} file${files === 1 ? '' : 's'}`}\n`;
    }
    ctx.io.out(out);
    return status;
  },
  complete: (_w, current, session) => pathCandidates(session, current, (_n, dir) => dir),
};

const echo: ShellCommand = {
  name: 'echo',
  summary: 'print its arguments',
  run(ctx) {
    const noNewline = ctx.args[0] === '-n';
    const words = noNewline ? ctx.args.slice(1) : ctx.args;
    ctx.io.out(`${words.join(' ')}${noNewline ? '' : '\n'}`);
    return 0;
  },
};

const clear: ShellCommand = {
  name: 'clear',
  summary: 'clear the screen (Ctrl+L too)',
  run(ctx) {
    ctx.session.clear();
    return 0;
  },
};

const historyCommand: ShellCommand = {
  name: 'history',
  summary: 'the commands typed so far (history -c forgets them)',
  run(ctx) {
    const h = ctx.session.history;
    if (ctx.args[0] === '-c') {
      h.length = 0;
      return 0;
    }
    ctx.io.out(h.map((line, i) => `${String(i + 1).padStart(5)}  ${line}\n`).join(''));
    return 0;
  },
};

function helpCommand(): ShellCommand {
  return {
    name: 'help',
    summary: 'this list; help COMMAND for one',
    run(ctx) {
      const { session } = ctx;
      const name = ctx.args[0];
      if (name !== undefined) {
        const c = session.commands.get(name);
        if (!c) {
          ctx.io.err(`help: no help topics match '${name}'.\n`);
          return 1;
        }
        ctx.io.out(`${c.name}: ${c.summary}\n${c.usage ? `Usage: ${c.usage}\n` : ''}`);
        return 0;
      }
      const shown = [...session.commands.values()].filter((c) => !HOST_TOOLS.includes(c.name));
      const width = Math.max(...shown.map((c) => c.name.length));
      ctx.io.out(
        `This is Stagecraft's in-page shell: it works on the lesson's project, with the editor's files as they are now,\nand simulates docker; it runs no programs. Commands:\n\n${shown
          .map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n`)
          .join('')}\nQuoting ('…', "…"), $VARIABLES, &&, || and ; work; pipes and redirections do not.\n`,
      );
      return 0;
    },
    complete: (words, _c, session) => (words.length === 1 ? [...session.commands.keys()] : []),
  };
}

/** Programs a developer runs on the host that this shell does not run. */
const HOST_TOOLS = ['npm', 'npx', 'node', 'yarn', 'pnpm', 'tsc', 'vite', 'go', 'make', 'git', 'python', 'python3', 'pip', 'curl', 'wget', 'apt-get', 'apt', 'apk', 'sudo', 'vim', 'nano', 'rm', 'cp', 'mv', 'mkdir', 'touch', 'chmod', 'grep', 'sed', 'find'];

function hostTool(name: string): ShellCommand {
  return {
    name,
    summary: 'not run here',
    run(ctx) {
      const where = ctx.session.realTerminalHint ?? 'Run it on your own machine, in a copy of the project.';
      ctx.io.err(`${name}: not available in the in-page shell, which simulates docker over the lesson's files and runs no programs. ${where}\n`);
      return 127;
    },
  };
}

export function builtinCommands(): ShellCommand[] {
  return [ls, cd, pwd, cat, du, tree, echo, clear, historyCommand, helpCommand(), ...HOST_TOOLS.map(hostTool)];
}

/** For tests: whether a command is one of the host tools that only explain themselves. */
export function isHostTool(name: string): boolean {
  return HOST_TOOLS.includes(name);
}

