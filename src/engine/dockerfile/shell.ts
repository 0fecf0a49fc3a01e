/**
 * A small POSIX-shell splitter for RUN commands: enough to see which programs a
 * RUN line runs, with which arguments, joined by which operators. It handles
 * quotes, backslash escapes, `$(…)` and backticks inside words, comments, and
 * the operators `&&`, `||`, `;`, `|`, `&` and newlines. It is not a shell: it
 * does not expand variables or globs. Rules and the build simulator share it.
 */

export type ShellOperator = '&&' | '||' | ';' | '|' | '&' | '\n';

export interface ShellWord {
  /** The word with quotes and escapes removed (no expansion). */
  value: string;
  /** The word as written. */
  raw: string;
  start: number;
  end: number;
}

export interface ShellCommand {
  /** Leading `NAME=value` words: `CGO_ENABLED=0 go build` → CGO_ENABLED=0. */
  assignments: ShellWord[];
  /** The program and its arguments. */
  argv: ShellWord[];
  /** The operator that joins it to the command before it (`null` for the first). */
  after: ShellOperator | null;
  start: number;
  end: number;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Splits a shell script into simple commands. Never throws. */
export function splitShell(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let after: ShellOperator | null = null;
  const n = script.length;
  let i = 0;

  const flush = (op: ShellOperator | null) => {
    if (words.length > 0) {
      let k = 0;
      while (k < words.length && ASSIGNMENT.test(words[k]!.raw)) k++;
      commands.push({
        assignments: words.slice(0, k),
        argv: words.slice(k),
        after,
        start: words[0]!.start,
        end: words[words.length - 1]!.end,
      });
      after = op;
    } else if (op && op !== '\n') {
      after = op;
    }
    words = [];
  };

  while (i < n) {
    const ch = script[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\\' && script[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '#' ) {
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    if (ch === '\n') {
      flush('\n');
      i++;
      continue;
    }
    const two = script.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      flush(two);
      i += 2;
      continue;
    }
    if (two === '|&') {
      // bash: pipe stdout and stderr
      flush('|');
      i += 2;
      continue;
    }
    if (two === '&>' || (ch === '&' && /[<>]/.test(script[i - 1] ?? ''))) {
      // `&>file` and `2>&1` are redirections, not background jobs: read them as a word.
    } else if (ch === ';' || ch === '|' || ch === '&') {
      flush(ch);
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === '{' || ch === '}') {
      // Grouping: treat as a boundary between commands; `{`/`}` only as words of their own.
      if ((ch === '{' || ch === '}') && !/[\s;&|]/.test(script[i + 1] ?? ' ')) {
        // part of a word such as ${x} or {a,b}: fall through to word reading
      } else {
        flush(';');
        i++;
        continue;
      }
    }
    // A word.
    const start = i;
    let value = '';
    while (i < n) {
      const c = script[i]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        const redirect = c === '&' && (/[<>]/.test(script[i - 1] ?? '') || (i === start && script[i + 1] === '>'));
        if (c === '(' && script[i - 1] === '$') {
          // $( … ): keep the substitution in the word
        } else if (!redirect) break;
      }
      if (c === '$' && script[i + 1] === '{') {
        // ${…} may hold characters that are operators elsewhere (${x:-a|b}).
        const close = script.indexOf('}', i + 2);
        const end = close < 0 ? n : close + 1;
        value += script.slice(i, end);
        i = end;
        continue;
      }
      if (c === '\\') {
        if (script[i + 1] === '\n') {
          i += 2;
          continue;
        }
        if (i + 1 < n) value += script[i + 1];
        i += 2;
        continue;
      }
      if (c === "'") {
        const close = script.indexOf("'", i + 1);
        const end = close < 0 ? n : close;
        value += script.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if (c === '"') {
        i++;
        while (i < n && script[i] !== '"') {
          if (script[i] === '\\' && i + 1 < n && '"\\$`\n'.includes(script[i + 1]!)) {
            if (script[i + 1] !== '\n') value += script[i + 1];
            i += 2;
          } else value += script[i++];
        }
        i++;
        continue;
      }
      if (c === '$' && script[i + 1] === '(') {
        const end = matchParen(script, i + 1);
        value += script.slice(i, end);
        i = end;
        continue;
      }
      if (c === '`') {
        const close = script.indexOf('`', i + 1);
        const end = close < 0 ? n : close + 1;
        value += script.slice(i, end);
        i = end;
        continue;
      }
      value += c;
      i++;
    }
    i = Math.min(i, n);
    words.push({ value, raw: script.slice(start, i), start, end: i });
  }
  flush(null);
  return commands;
}

function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return s.length;
}

/** The program a command runs, skipping `sudo` and `env` wrappers: `sudo apt-get` → `apt-get`. */
export function programOf(cmd: ShellCommand): { name: string; args: ShellWord[] } {
  let k = 0;
  const argv = cmd.argv;
  while (k < argv.length) {
    const v = argv[k]!.value;
    if (v === 'sudo' || v === 'command' || v === 'exec' || v === 'nohup') k++;
    else if (v === 'env') {
      k++;
      while (k < argv.length && (ASSIGNMENT.test(argv[k]!.value) || argv[k]!.value.startsWith('-'))) k++;
    } else break;
  }
  const name = argv[k]?.value ?? '';
  return { name: name.split('/').pop() ?? name, args: argv.slice(k + 1) };
}
