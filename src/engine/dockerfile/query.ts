/** Questions rules, goals and the simulator ask of a parsed Dockerfile. */
import type { Flag, Instruction, Dockerfile, Stage } from './types';

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
  const lower = value.toLowerCase();
  const named = file.stages.find((s) => s.name === lower);
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
  const lower = stage.base.toLowerCase();
  return file.stages.find((s) => s.index < stage.index && s.name === lower);
}

/** Instructions of a stage, ONBUILD triggers not included. */
export function instructionsOf(stage: Stage, name?: string): Instruction[] {
  return name ? stage.instructions.filter((i) => i.name === name) : stage.instructions;
}
