/**
 * Runs a RUN's script the way /bin/sh -c would, as far as the simulator can:
 * commands joined by `&&`, `||`, `;`, `|` and newlines, with their exit
 * statuses; `cd` and `export`; output redirections; each command handed to its
 * handler. The RUN fails when the last command that ran fails, as in sh. A
 * command no handler knows makes the outcome "unknown", never "ok" or "failed".
 */
import { expandSimple } from '../dockerfile/query';
import { programOf, splitShell, type ShellCommand } from '../dockerfile/shell';
import { join } from './fs';
import { HANDLERS } from './commands/registry';
import { add, fail, locate, missing, notFound, unknown, RATIO } from './commands/support';
import type { Call, CommandFailure, RunContext, RunResult, Status } from './commands/types';
import { hashParts } from './hash';

export type { RunContext, RunResult } from './commands/types';

/** npm run calls scripts that call npm run…: deep enough for real projects, bounded for hostile ones. */
const MAX_DEPTH = 8;
/** Commands one RUN may run, counting those inside npm scripts. */
const MAX_COMMANDS = 20_000;

export function runScript(script: string, ctx: RunContext): RunResult {
  const result: RunResult = { notes: [], output: [], seconds: 0, failure: null, unknown: null, activities: [] };
  const state = { commands: 0 };
  const status = execute(script, ctx, result, ctx.workdir, new Map(ctx.env), [], 0, state);
  if (status !== 'failed') result.failure = null;
  else if (!result.failure) result.failure = { message: 'exit code: 1', explanation: 'The command failed.' };
  if (status === 'ok') result.unknown = null;
  return result;
}

function execute(script: string, ctx: RunContext, result: RunResult, startCwd: string, env: Map<string, string>, binDirs: string[], depth: number, state: { commands: number }): Status {
  let cwd = startCwd;
  let last: Status = 'ok';
  let lastFailure: CommandFailure | null = null;
  let errexit = false;
  const commands = splitShell(script);
  for (let n = 0; n < commands.length; n++) {
    const cmd = commands[n]!;
    if (++state.commands > MAX_COMMANDS) {
      result.notes.push(`effect unknown: the script runs more than ${MAX_COMMANDS} commands; Stagecraft stopped following it`);
      return 'unknown';
    }
    // `a && b` runs b only when a succeeded; `a || b` only when it failed.
    if (cmd.after === '&&' && last === 'failed') continue;
    if (cmd.after === '||' && last === 'ok') continue;
    const before = cmd.after === '&&' || cmd.after === '||' ? last : 'ok';
    const local = new Map(env);
    const vars = (w: string) => (w.includes('$') ? expandSimple(w, local) : w);
    for (const a of cmd.assignments) {
      const eq = a.value.indexOf('=');
      const value = vars(a.value.slice(eq + 1));
      local.set(a.value.slice(0, eq), value);
      if (cmd.argv.length === 0) env.set(a.value.slice(0, eq), value);
    }
    const { name, args } = programOf(cmd);
    if (name === '') {
      last = 'ok';
      continue;
    }
    // The program as written (programOf gives its base name): `./run.sh` and `/usr/bin/x` are paths.
    const written = cmd.argv[cmd.argv.length - args.length - 1]?.value ?? name;
    const { words, redirects } = splitRedirects(args.map((w) => (w.raw.startsWith("'") ? w.value : vars(w.value))));
    result.failure = null;
    const call: Call = {
      ctx, cwd, env: local, program: vars(written), words, raw: cmd, result, binDirs,
      exec: (inner, o = {}) => {
        if (depth >= MAX_DEPTH) return unknown(call, `scripts nested more than ${MAX_DEPTH} deep`);
        return execute(inner, ctx, result, o.cwd ?? cwd, new Map(local), [...(o.binDirs ?? []), ...binDirs], depth + 1, state);
      },
    };
    if (call.program === 'set') {
      if (words.some((w) => /^-[a-z]*e/.test(w))) errexit = true;
      if (words.some((w) => /^\+[a-z]*e/.test(w))) errexit = false;
    }
    // sh opens `> file` before it runs the command: a missing folder fails the command.
    const redirectFailure = redirects.map((r) => redirectProblem(call, r)).find(Boolean);
    let status: Status = redirectFailure ? fail(call, redirectFailure, 'The folder the output is redirected into does not exist.') : builtin(call, env, (d) => (cwd = d)) ?? dispatch(call);
    if (status !== 'failed') {
      for (const r of redirects) {
        if (r === '/dev/null' || r.startsWith('&')) continue;
        add(ctx, { path: join(cwd, r), kind: 'file', bytes: 0, files: 1, hash: hashParts('redirect', r, commandText(cmd)), compressRatio: RATIO.text, estimated: true, source: 'output of a command (its size is not known)' });
      }
    }
    // An unknown command earlier in an && / || list leaves the list's outcome open.
    if (before === 'unknown' && cmd.after === '&&' && status === 'ok') status = 'unknown';
    if (before === 'unknown' && cmd.after === '||' && status === 'failed') status = 'unknown';
    last = status;
    lastFailure = status === 'failed' ? result.failure : lastFailure;
    // set -e: a failing command that is not followed by || or && ends the script.
    const next = commands[n + 1]?.after;
    if (errexit && status === 'failed' && next !== '||' && next !== '&&') break;
  }
  result.failure = last === 'failed' ? lastFailure : null;
  return last;
}

/** dash and ash refuse a redirect into a folder that does not exist. */
function redirectProblem(call: Call, target: string): string | null {
  if (target === '/dev/null' || target.startsWith('&') || target === '') return null;
  const path = join(call.cwd, target);
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  if (call.ctx.fs.probe(parent) !== null) return null;
  return call.ctx.image.libc === 'musl' ? `/bin/sh: can't create ${target}: nonexistent directory` : `/bin/sh: 1: cannot create ${target}: Directory nonexistent`;
}

/** `> file`, `>> file`, `2>&1`, `>/dev/null`: not arguments of the program. */
function splitRedirects(all: string[]): { words: string[]; redirects: string[] } {
  const words: string[] = [];
  const redirects: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const w = all[i]!;
    const m = /^(\d*|&)(>>?|<)(.*)$/.exec(w);
    if (!m) {
      words.push(w);
      continue;
    }
    const target = m[3] !== '' ? m[3]! : all[++i] ?? '';
    if (m[2] !== '<') redirects.push(target);
  }
  return { words, redirects };
}

/** Shell built-ins that change the shell itself. */
function builtin(call: Call, env: Map<string, string>, setCwd: (dir: string) => void): Status | null {
  switch (call.program) {
    case 'cd': {
      const dir = join(call.cwd, call.words[0] ?? '/root');
      const there = call.ctx.fs.probe(dir);
      if (there === null || (typeof there === 'object' && there.kind === 'file')) {
        return missing(call, dir, call.ctx.image.libc === 'musl' ? `/bin/sh: cd: line 1: can't cd to ${call.words[0] ?? ''}: No such file or directory` : `/bin/sh: 1: cd: can't cd to ${call.words[0] ?? ''}`, `${dir} does not exist in the image at this point.`);
      }
      setCwd(dir);
      return 'ok';
    }
    case 'export':
      for (const w of call.words) {
        const eq = w.indexOf('=');
        if (eq > 0) env.set(w.slice(0, eq), w.slice(eq + 1));
      }
      return 'ok';
    case 'set':
    case ':':
    case 'true':
      return 'ok';
    case 'false':
      return fail(call, 'exit code: 1', '`false` always fails.');
    case 'exit': {
      const code = Number(call.words[0] ?? 0);
      return code === 0 ? 'ok' : fail(call, `exit code: ${code}`, 'The script exits with a non-zero status.');
    }
    default:
      return null;
  }
}

function dispatch(call: Call): Status {
  const base = call.program.slice(call.program.lastIndexOf('/') + 1);
  const handler = HANDLERS.get(base);
  const where = locate(call, call.program);
  if (!handler) {
    if (where === 'missing' && call.program.includes('/')) return notFound(call);
    return unknown(call, commandText(call.raw));
  }
  if (where === 'missing') return notFound(call);
  if (where === 'unknown' && !handler.programs.includes(base)) return unknown(call, commandText(call.raw));
  if (where === 'unknown') return unknown(call, `${call.program}: Stagecraft cannot tell whether the image has it here (line ${call.ctx.fs.uncertain?.line ?? '?'} ran ${call.ctx.fs.uncertain?.what ?? 'something it does not know'})`);
  return handler.run({ ...call, program: base }) ?? 'ok';
}

export function commandText(cmd: ShellCommand): string {
  const text = cmd.argv.map((w) => w.raw).join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
