/**
 * Command-line flags as the Docker CLI reads them (spf13/pflag under cobra):
 * `--tag x`, `--tag=x`, `-t x`, `-tx`, `-t=x`; short booleans combined (`-it`,
 * `-itd`); a bare `--check` taking its "no value" default; `--` ending the flags;
 * flags after positionals unless the command stops at its first one (`docker run
 * IMAGE -it` passes `-it` to the container). Errors are pflag's own words.
 */

export type FlagKind = 'bool' | 'string' | 'list';

export interface FlagSpec {
  /** Without dashes: `tag`. */
  long: string;
  short?: string;
  kind: FlagKind;
  /** What `--help` says about it. */
  help: string;
  /** The value placeholder in help (`string`, `list`). */
  valueName?: string;
  /** pflag's NoOptDefVal: the value of the bare flag (`--check` means `--check=true`). */
  noValue?: string;
  /** Values offered by completion (`--progress=plain`). */
  values?: readonly string[];
  /** A real Docker flag the simulation accepts and ignores (a note says so). */
  ignored?: boolean;
  /** Left out of `--help`. */
  hidden?: boolean;
}

export interface ParsedFlags {
  /** By long name, the values given in order (booleans as `true`/`false`). */
  values: Map<string, string[]>;
  positionals: string[];
  /** The flags given that the simulation ignores, by long name, in order. */
  ignored: string[];
}

export type FlagResult = ParsedFlags | { error: string };

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool. */
export function parseBool(value: string): boolean | null {
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return null;
}

export const HELP_FLAG: FlagSpec = { long: 'help', kind: 'bool', help: 'Print usage', hidden: true };

/**
 * Reads `args` against `specs`. With `interspersed: false` the first positional ends the
 * flags (everything after it is positional), as `docker run` does.
 */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[], options: { interspersed?: boolean } = {}): FlagResult {
  const interspersed = options.interspersed ?? true;
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  const ignored: string[] = [];
  const set = (spec: FlagSpec, value: string, shown: string): string | null => {
    if (spec.kind === 'bool') {
      const b = parseBool(value);
      if (b === null) return `invalid argument "${value}" for "${shown}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
      value = String(b);
    }
    const list = values.get(spec.long) ?? [];
    list.push(value);
    values.set(spec.long, list);
    if (spec.ignored && !ignored.includes(spec.long)) ignored.push(spec.long);
    return null;
  };
  let i = 0;
  while (i < args.length) {
    const a = args[i++]!;
    if (a === '--') {
      positionals.push(...args.slice(i));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      if (!interspersed) {
        positionals.push(...args.slice(i));
        break;
      }
      continue;
    }
    if (a.startsWith('--')) {
      const body = a.slice(2);
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const spec = byLong.get(name);
      if (name === '' || name.startsWith('-')) return { error: `bad flag syntax: ${a}` };
      if (!spec) return { error: `unknown flag: --${name}` };
      let value: string;
      if (eq >= 0) value = body.slice(eq + 1);
      else if (spec.kind === 'bool') value = 'true';
      else if (spec.noValue !== undefined) value = spec.noValue;
      else if (i < args.length) value = args[i++]!;
      else return { error: `flag needs an argument: --${name}` };
      const e = set(spec, value, `--${name}`);
      if (e) return { error: e };
      continue;
    }
    // One or more shorthands: -it, -t x, -tx, -t=x.
    const shorthands = a.slice(1);
    for (let k = 0; k < shorthands.length; k++) {
      const c = shorthands[k]!;
      const spec = byShort.get(c);
      if (!spec) return { error: `unknown shorthand flag: '${c}' in -${shorthands.slice(k)}` };
      const rest = shorthands.slice(k + 1);
      let value: string;
      if (rest.startsWith('=')) {
        value = rest.slice(1);
        k = shorthands.length;
      } else if (spec.kind === 'bool') value = 'true';
      else if (spec.noValue !== undefined) value = spec.noValue;
      else if (rest !== '') {
        value = rest;
        k = shorthands.length;
      } else if (i < args.length) value = args[i++]!;
      else return { error: `flag needs an argument: '${c}' in -${c}` };
      const e = set(spec, value, `-${c}`);
      if (e) return { error: e };
    }
  }
  return { values, positionals, ignored };
}

/** The last value given for a flag, or undefined. */
export function lastValue(p: ParsedFlags, long: string): string | undefined {
  const v = p.values.get(long);
  return v && v.length ? v[v.length - 1] : undefined;
}

/** A boolean flag's value (its last), `false` when not given. */
export function flagOn(p: ParsedFlags, long: string): boolean {
  return lastValue(p, long) === 'true';
}

/** Every value given for a list flag. */
export function allValues(p: ParsedFlags, long: string): string[] {
  return p.values.get(long) ?? [];
}

/** The Options section of `--help`, as cobra lays it out. */
export function optionsHelp(specs: readonly FlagSpec[]): string {
  const rows = specs
    .filter((s) => !s.hidden)
    .map((s) => {
      const names = `${s.short ? `-${s.short}, ` : '    '}--${s.long}${s.kind === 'bool' ? '' : ` ${s.valueName ?? (s.kind === 'list' ? 'list' : 'string')}`}`;
      return { names, help: `${s.help}${s.ignored ? ' (accepted, not simulated)' : ''}` };
    });
  const width = rows.reduce((m, r) => Math.max(m, r.names.length), 0);
  return rows.map((r) => `  ${r.names.padEnd(width)}   ${r.help}`).join('\n');
}
