/**
 * Which names are in scope where (dockerfile2llb/convert.go): global ARGs and the
 * predefined platform ARGs, ARG and ENV per stage, and what a stage inherits from
 * `FROM <stage>` or from its base image's config. Rules ask; nothing here reports.
 */
import { imageEnv } from '../images/env';
import { DEFAULT_PATH, NON_ENV_ARGS, PLATFORM_ARGS } from './expandable';
import { EnvMap, expandWord, type Env } from './lexer';
import type { Dockerfile, Instruction, KeyValue, Stage } from './types';

/** What a `$NAME` sees at one point of a stage. */
export interface Scope {
  /** Variables set in the build state: the base image's ENV, PATH, ENV lines, ARGs with a value. */
  env: EnvMap;
  /** ARG names declared in the stage or the stages it builds on, with or without a value. */
  args: ReadonlySet<string>;
}

export interface GlobalScope {
  /** The platform ARGs and the global ARG defaults, as FROM lines are expanded with them. */
  env: EnvMap;
  /** Every ARG declared before the first FROM, with or without a value, in order. */
  declared: string[];
  /** A global ARG default did not expand (BuildKit gives up its FROM checks then). */
  error: boolean;
}

export interface StageScope {
  stage: Stage;
  /** The base after expanding global ARGs: `node:20`, `builder`. */
  base: string;
  /** The index of the earlier stage this one builds on (`FROM builder`), or -1. */
  parent: number;
  start: Scope;
  /** The scope each instruction of the stage sees (before it runs). */
  before: Map<Instruction, Scope>;
  end: Scope;
}

export interface FileScopes {
  global: GlobalScope;
  stages: StageScope[];
}

const scopeCache = new WeakMap<Dockerfile, FileScopes>();

/** Global and per-stage variable scopes of a file, computed once per parsed file. */
export function fileScopes(file: Dockerfile): FileScopes {
  let scopes = scopeCache.get(file);
  if (!scopes) {
    scopes = computeScopes(file);
    scopeCache.set(file, scopes);
  }
  return scopes;
}

/** buildMetaArgs: platform ARGs, then each global ARG default expanded with what came before. */
export function globalScope(file: Dockerfile): GlobalScope {
  // Only the final environment is kept, so one mutable map serves (thousands of ARGs stay linear).
  const map = new Map<string, string>(PLATFORM_ARGS);
  const view: Env = { get: (name) => map.get(name), keys: () => [...map.keys()] };
  const declared: string[] = [];
  let error = false;
  for (const ins of file.globalArgs) {
    for (const kv of ins.keyValues) {
      if (kv.rawValue !== null) {
        const result = expandWord(kv.rawValue, view, { escape: file.escapeToken });
        if (result.error) error = true;
        map.set(kv.key, result.value);
      }
      declared.push(kv.key);
    }
  }
  return { env: new EnvMap(map), declared, error };
}

/** dispatchArg for one `NAME[=value]` of a stage's ARG line. */
export function stepArg(scope: Scope, kv: KeyValue, global: GlobalScope, escape = '\\'): Scope {
  let value: string | null = null;
  if (kv.rawValue === null) value = global.env.get(kv.key) ?? null;
  else value = expandWord(kv.rawValue, scope.env, { escape }).value;
  const env = value !== null && !NON_ENV_ARGS.has(kv.key) ? scope.env.with(kv.key, value) : scope.env;
  const args = new Set(scope.args);
  args.add(kv.key);
  return { env, args };
}

/** dispatchEnv: keys and values are expanded with the scope before the line, then set. */
export function stepEnv(scope: Scope, ins: Instruction, escape = '\\'): Scope {
  let env = scope.env;
  for (const kv of ins.keyValues) {
    const key = expandWord(kv.key, scope.env, { escape }).value;
    const value = expandWord(kv.rawValue ?? '', scope.env, { escape }).value;
    env = env.with(key, value);
  }
  return { env, args: scope.args };
}

function computeScopes(file: Dockerfile): FileScopes {
  const global = globalScope(file);
  const escape = file.escapeToken;
  const stages: StageScope[] = [];
  const byName = new Map<string, number>();
  for (const stage of file.stages) {
    const base = expandWord(stage.base, global.env, { escape }).value;
    // BuildKit looks the expanded base up as written among the names registered so far.
    const parent = byName.get(base) ?? -1;
    let start: Scope;
    const parentScope = parent >= 0 ? stages[parent] : undefined;
    if (parentScope) start = parentScope.end;
    else start = { env: imageEnv(base), args: new Set() };
    if (!start.env.has('PATH')) start = { env: start.env.with('PATH', DEFAULT_PATH), args: start.args };
    let scope = start;
    const before = new Map<Instruction, Scope>();
    for (const ins of stage.instructions) {
      before.set(ins, scope);
      if (ins.name === 'ENV') scope = stepEnv(scope, ins, escape);
      else if (ins.name === 'ARG') for (const kv of ins.keyValues) scope = stepArg(scope, kv, global, escape);
    }
    stages.push({ stage, base, parent, start, before, end: scope });
    if (stage.name) byName.set(stage.name, stage.index);
  }
  return { global, stages };
}
