/**
 * What every stagecraft command shares: its streams, its argument reading (node:util
 * parseArgs, refusing loosely given options in one line), and reading its inputs
 * (files, standard input) with the limits and messages the README promises.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  readStdin?: () => Promise<string>;
}

/** A command line Stagecraft cannot make sense of: the message, then the usage, exit 2. */
export class UsageError extends Error {}

/** A file that cannot be read or used: one line, exit 2. */
export class InputError extends Error {}

/** What a command's options are: `node:util` parseArgs's own config (no defaults, no short names). */
type OptionsSpec = Record<string, { type: 'boolean' | 'string'; multiple?: boolean }>;

/** The values parseArgs gives for `spec` once every option has been checked: a flag is true, an option its string (or strings, with `multiple`). */
type OptionValues<S extends OptionsSpec> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : S[K]['multiple'] extends true ? string[] : string;
};

/**
 * One command's arguments, read with `node:util` parseArgs: `--flag`, `--opt value`, `--opt=value`,
 * positionals; `--` ends options. Whatever it would take loosely is refused with one line:
 * an unknown option, a value given to a flag, an option without a value (the next word may not
 * start with `--`), an option given twice that takes one value.
 */
export function commandArgs<S extends OptionsSpec>(argv: string[], spec: S): { values: OptionValues<S>; positionals: string[] } {
  const { values, positionals, tokens } = parseArgs({ args: argv, options: spec as ParseArgsOptionsConfig, strict: false, allowPositionals: true, tokens: true });
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const option = Object.hasOwn(spec, t.name) ? spec[t.name] : undefined;
    // `-abc` comes back as -a, -b, -c: name the word that was typed.
    if (!option) throw new UsageError(`unknown option ${t.rawName.startsWith('--') ? t.rawName : argv[t.index]}`);
    if (option.type === 'boolean') {
      if (t.inlineValue) throw new UsageError(`${t.rawName} takes no value`);
      continue;
    }
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) throw new UsageError(`${t.rawName} needs a value`);
    if (!option.multiple && seen.has(t.name)) throw new UsageError(`${t.rawName} given more than once`);
    seen.add(t.name);
  }
  return { values: values as OptionValues<S>, positionals };
}

/** The largest file Stagecraft reads as a Dockerfile or .dockerignore (BuildKit's own limit is far above any real one). */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/**
 * A text file named on the command line, with a clear message when it cannot be read: missing,
 * a directory, not a regular file (a device such as /dev/zero never ends), too big, or binary.
 */
export function readTextFile(path: string, shown: string): string {
  let fd: number | null = null;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' });
    if (!st.isFile()) throw new InputError(`cannot read ${shown}: not a regular file`);
    if (st.size > MAX_INPUT_BYTES) throw new InputError(`cannot read ${shown}: it is ${(st.size / 1e6).toFixed(1)} MB; Stagecraft reads files up to ${MAX_INPUT_BYTES / (1024 * 1024)} MiB`);
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    const bytes = buf.subarray(0, got);
    if (bytes.includes(0)) throw new InputError(`cannot read ${shown}: not a text file (it has NUL bytes)`);
    return bytes.toString('utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError(`cannot read ${shown}: ${why}`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export async function readInputs(files: string[], io: CliIO): Promise<Array<{ name: string; text: string }>> {
  if (files.length === 0) throw new UsageError('give at least one Dockerfile (or - for standard input)');
  const out = [];
  for (const f of files) {
    if (f === '-') {
      if (!io.readStdin) throw new InputError('standard input is not available');
      out.push({ name: '-', text: await io.readStdin() });
      continue;
    }
    out.push({ name: f, text: readTextFile(resolve(io.cwd, f), f) });
  }
  return out;
}
