/** Questions rules, goals and the simulator ask of a parsed Dockerfile. */
import type { Flag, Instruction, Dockerfile, Stage } from './types';

import { MAX_EXPANSION } from './lexer';

export function flag(ins: Instruction, name: string): Flag | undefined {
  return ins.flags.find((f) => f.name === name);
}

/** The last stage: the image `docker build` produces without `--target`. */
export function finalStage(file: Dockerfile): Stage | undefined {
  return file.stages[file.stages.length - 1];
}

/** What a `--from` value or a FROM base refers to. */
export type StageRef =
  | { kind: 'stage'; stage: Stage }
  | { kind: 'image'; image: string }
  | { kind: 'index-out-of-range'; index: number }
  | { kind: 'variable'; value: string };

/**
 * Resolves `--from=X` the way BuildKit does: a stage name (case-insensitive), a
 * stage index (a number), otherwise an image reference. BuildKit refuses
 * variables in `--from`.
 */
export function resolveFrom(file: Dockerfile, value: string): StageRef {
  if (value.includes('$')) return { kind: 'variable', value };
  const named = firstStageNamed(file, value);
  if (named) return { kind: 'stage', stage: named };
  if (/^\d+$/.test(value)) {
    const i = Number(value);
    const stage = file.stages[i];
    return stage ? { kind: 'stage', stage } : { kind: 'index-out-of-range', index: i };
  }
  return { kind: 'image', image: value };
}

/** The stage a FROM line builds on, when it names an earlier stage (`FROM builder`). */
export function baseStage(file: Dockerfile, stage: Stage): Stage | undefined {
  return earlierStageNamed(file, stage.base, stage.index);
}

const stagesByName = new WeakMap<Dockerfile, Map<string, Stage>>();

/** The first stage with this name (stage names are case-insensitive), from a map kept per file. */
export function firstStageNamed(file: Dockerfile, name: string): Stage | undefined {
  let byName = stagesByName.get(file);
  if (!byName) {
    byName = new Map();
    for (const s of file.stages) if (s.name && !byName.has(s.name)) byName.set(s.name, s);
    stagesByName.set(file, byName);
  }
  return byName.get(name.toLowerCase());
}

/** The first stage with this name, if it comes before `index` (what `FROM <name>` may build on). */
export function earlierStageNamed(file: Dockerfile, name: string, index: number): Stage | undefined {
  const s = firstStageNamed(file, name);
  return s && s.index < index ? s : undefined;
}

/** Instructions of a stage, ONBUILD triggers not included. */
export function instructionsOf(stage: Stage, name?: string): Instruction[] {
  return name ? stage.instructions.filter((i) => i.name === name) : stage.instructions;
}

/** Global ARG defaults (`ARG NODE=20` before the first FROM). */
export function globalArgDefaults(file: Dockerfile): Map<string, string> {
  const out = new Map<string, string>();
  for (const ins of file.globalArgs) for (const kv of ins.keyValues) if (kv.value !== null) out.set(kv.key, kv.value);
  return out;
}

/** Replaces `$NAME`, `${NAME}` and `${NAME:-default}` with values from `vars`; unknown names become empty. */
export function expandSimple(word: string, vars: ReadonlyMap<string, string>): string {
  if (!word.includes('$')) return word;
  // Values may themselves be long: stop substituting once the result would pass the cap.
  let budget = MAX_EXPANSION - word.length;
  const capped = (v: string) => {
    if (budget <= 0) return '';
    const out = v.length > budget ? v.slice(0, budget) : v;
    budget -= out.length;
    return out;
  };
  return expandUncapped(word, vars, capped);
}

function expandUncapped(word: string, vars: ReadonlyMap<string, string>, capped: (v: string) => string): string {
  return word.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced, op, alt, bare) => {
    const name = (braced ?? bare) as string;
    const value = vars.get(name);
    if (op === '-') return capped(value ? value : (alt ?? ''));
    if (op === '+') return capped(value ? (alt ?? '') : '');
    return capped(value ?? '');
  });
}

/**
 * The image a stage really starts from: FROM names expanded with the global ARG
 * defaults, and `FROM <earlier stage>` followed back to its image.
 */
export function resolveBaseImage(file: Dockerfile, stage: Stage): string {
  const vars = globalArgDefaults(file);
  let current: Stage | undefined = stage;
  for (let hops = 0; current && hops <= file.stages.length; hops++) {
    const base = expandSimple(current.base, vars);
    const parent = file.stages.find((s) => s.index < current!.index && s.name === base.toLowerCase());
    if (!parent) return base;
    current = parent;
  }
  return stage.base;
}

/** `/app/dist/`, `app/dist/*` and `./app/dist` all name `/app/dist` (sources are relative to their root). */
export function normalizePath(p: string): string {
  let s = p.trim().replace(/\\/g, '/');
  s = s.replace(/\/\*+$/, '').replace(/\/+$/, '');
  s = s.replace(/^\.\//, '').replace(/^\//, '');
  s = s.split('/').filter((part) => part !== '' && part !== '.').join('/');
  return `/${s}`;
}

/** Shell-style glob (`*`, `?`) match of a whole string. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

/** The stage names BuildKit accepts; others are parse errors reported by the parser. */
export function isValidStageName(name: string): boolean {
  return /^[a-z][a-z0-9-_.]*$/.test(name);
}

/** The sources and destination of a COPY or ADD (JSON form included). */
export function sourcesAndDest(ins: Instruction): { sources: Instruction['args']; dest: Instruction['args'][number] } | null {
  if (ins.args.length < 2) return null;
  return { sources: ins.args.slice(0, -1), dest: ins.args[ins.args.length - 1]! };
}
