/**
 * The shell scripts hadolint's rules read: the script a RUN runs, its commands
 * (through `sh -c`, `bash -c` …), pipes and flags.
 */
import { splitShell, programOf, type ShellCommand } from '../../dockerfile/shell';
import type { Instruction } from '../../dockerfile/types';



const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);

/**
 * The shell script a RUN runs, as hadolint reads it: shell form → the command
 * line; exec (JSON) form → the items joined with spaces (hadolint parses that
 * text as shell too); a RUN whose command is only heredoc words → the heredoc
 * bodies, unless a `#!` line names a non-shell interpreter. When heredocs feed
 * a command (`RUN python3 <<EOF`), only the command line is a script.
 */
export function runScript(ins: Instruction): string {
  if (ins.json) return ins.args.map((a) => a.value).join(' ');
  const text = ins.args[0]?.value ?? ins.argsText;
  if (ins.heredocs.length > 0) {
    const words = text.trim().split(/\s+/).filter(Boolean);
    const onlyHeredocs = words.length > 0 && words.every((w) => /^\d*<<-?\S+$/.test(w));
    if (onlyHeredocs) {
      return ins.heredocs
        .map((h) => {
          const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(h.content);
          if (!shebang) return h.content;
          const interp = (shebang[1] ?? '').split('/').pop() ?? '';
          const prog = interp === 'env' ? (shebang[2] ?? '') : interp;
          return SHELLS.has(prog) ? h.content : '';
        })
        .join('\n');
    }
  }
  return text;
}

/**
 * Masks what the shared shell splitter would misread as operators, keeping
 * every other character where it is: the `&` of redirections (`2>&1`, `>&2`,
 * `&>`) which it takes for "run in background", the `&` of `|&` (a pipe), and
 * `|`, `&` and `;` inside `${…}`, `$((…))` and `case` patterns (`a|b)`).
 */
export function normalizeScript(script: string): string {
  // Most scripts hold none of the constructs this masks; skip the character walk for them.
  if (!/\$\{|\$\(\(|\bcase\b|[<>]&|&>|\|&/.test(script)) return script;
  const out = script.split('');
  const n = script.length;
  const mask = (from: number, to: number) => {
    for (let k = from; k < to; k++) if ('|&;()'.includes(out[k]!)) out[k] = '_';
  };
  /** Index just past the bracket that closes the one at `open`, quotes respected. */
  const closing = (open: number, o: string, c: string) => {
    let depth = 0;
    for (let k = open; k < n; k++) {
      const ch = script[k];
      if (ch === '\\') k++;
      else if (ch === "'") k = script.indexOf("'", k + 1) < 0 ? n : script.indexOf("'", k + 1);
      else if (ch === o) depth++;
      else if (ch === c && --depth === 0) return k + 1;
    }
    return n;
  };
  // `case` blocks: 'in' awaits the `in` word, 'pattern' is before a pattern's `)`, 'body' after it.
  const cases: Array<'in' | 'pattern' | 'body'> = [];
  let quote = '';
  for (let i = 0; i < n; i++) {
    const ch = script[i]!;
    if (quote === "'") {
      if (ch === "'") quote = '';
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '$' && script[i + 1] === '{') {
      const end = closing(i + 1, '{', '}');
      mask(i + 2, end - 1);
      i = end - 1;
      continue;
    }
    if (ch === '$' && script[i + 1] === '(' && script[i + 2] === '(') {
      const end = closing(i + 1, '(', ')');
      mask(i + 3, end - 2);
      i = end - 1;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      continue;
    }
    if (ch === '&' && (script[i - 1] === '>' || script[i - 1] === '<' || script[i + 1] === '>')) {
      out[i] = '_';
      continue;
    }
    if (ch === '&' && script[i - 1] === '|' && script[i - 2] !== '|') {
      out[i] = ' ';
      continue;
    }
    const top = cases[cases.length - 1];
    if (top === 'pattern' && (ch === '|' || ch === '(')) {
      out[i] = ch === '|' ? '_' : ' ';
      continue;
    }
    if (top === 'pattern' && ch === ')') {
      out[i] = ';';
      cases[cases.length - 1] = 'body';
      continue;
    }
    if (top === 'body' && ch === ';' && script[i + 1] === ';') {
      cases[cases.length - 1] = 'pattern';
      i++;
      continue;
    }
    const atWordStart = i === 0 || /[\s;&|()]/.test(script[i - 1]!);
    if (atWordStart && /[a-z]/.test(ch)) {
      const word = /^[a-z]+/.exec(script.slice(i, i + 5))?.[0] ?? '';
      const ends = !/[\w]/.test(script[i + word.length] ?? ' ');
      if (ends && word === 'case') cases.push('in');
      else if (ends && word === 'in' && top === 'in') cases[cases.length - 1] = 'pattern';
      else if (ends && word === 'esac' && (top === 'pattern' || top === 'body')) cases.pop();
      i += Math.max(0, word.length - 1);
    }
  }
  return out.join('');
}

/** Text of every `$( … )` and backtick substitution inside a word, outermost first. */
function substitutions(raw: string): string[] {
  const out: string[] = [];
  let doubleQuoted = false;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '"') {
      doubleQuoted = !doubleQuoted;
    } else if (raw[i] === "'" && !doubleQuoted) {
      // Nothing is substituted inside single quotes.
      const close = raw.indexOf("'", i + 1);
      i = close < 0 ? raw.length : close;
    } else if (raw[i] === '\\') {
      i++;
    } else if (raw[i] === '$' && raw[i + 1] === '(' && raw[i + 2] !== '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < raw.length; j++) {
        if (raw[j] === '(') depth++;
        else if (raw[j] === ')' && --depth === 0) break;
      }
      out.push(raw.slice(i + 2, j));
      i = j;
    } else if (raw[i] === '`') {
      const close = raw.indexOf('`', i + 1);
      const end = close < 0 ? raw.length : close;
      out.push(raw.slice(i + 1, end));
      i = end;
    }
  }
  return out;
}

/**
 * Every simple command of a script that runs a program, those inside `$( … )`
 * and backticks included (ShellCheck's AST, which hadolint walks, holds them too).
 */
export function allCommands(script: string, depth = 0): ShellCommand[] {
  if (depth === 0) {
    const hit = commandMemo.get(script);
    if (hit) return hit;
  }
  const out: ShellCommand[] = [];
  for (const cmd of splitShell(depth === 0 ? normalizeScript(script) : script)) {
    if (cmd.argv.length > 0) out.push(cmd);
    if (depth < 4) {
      for (const w of [...cmd.assignments, ...cmd.argv]) {
        for (const inner of substitutions(w.raw)) out.push(...allCommands(inner, depth + 1));
      }
    }
  }
  if (depth === 0) remember(script, out);
  return out;
}

/** Several rules split the same RUN scripts; keep the last few hundred splits. */
const commandMemo = new Map<string, ShellCommand[]>();
function remember(script: string, commands: ShellCommand[]): void {
  if (commandMemo.size >= 512) commandMemo.delete(commandMemo.keys().next().value as string);
  commandMemo.set(script, commands);
}

/** Whether a script pipes one command into another (`|`, not `||`), substitutions included. */
export function hasPipe(script: string, depth = 0): boolean {
  if (!script.includes('|')) return false;
  for (const cmd of splitShell(depth === 0 ? normalizeScript(script) : script)) {
    if (cmd.after === '|') return true;
    if (depth < 4) {
      for (const w of [...cmd.assignments, ...cmd.argv]) {
        if (substitutions(w.raw).some((inner) => hasPipe(inner, depth + 1))) return true;
      }
    }
  }
  return false;
}

/** hadolint's flags of a command: `--name=x` → `name`, `-abc` → `a`, `b`, `c`. */
export function commandFlags(cmd: ShellCommand): string[] {
  const { args } = programOf(cmd);
  const flags: string[] = [];
  for (const a of args) {
    const v = a.value;
    if (v === '--' || v === '-') continue;
    if (v.startsWith('--')) flags.push(v.slice(2).split('=')[0] ?? '');
    else if (v.startsWith('-')) flags.push(...v.slice(1).split(''));
  }
  return flags;
}

