/**
 * The stage dependencies BuildKit builds before it dispatches anything
 * (dockerfile2llb/convert.go: toCommand, detectRunMount,
 * validateCircularDependency, and the "not dispatched yet" checks of COPY
 * and RUN --mount): one graph for the whole engine, so the hard-error rules
 * report what BuildKit would refuse, where it would refuse it, and the
 * simulator builds stages in the order BuildKit does.
 */
import { lineIndexOf, type Range } from './source';
import type { Dockerfile, Flag, Instruction } from './types';
import { expandWord } from './lexer';
import { mountFields } from './expandable';
import { atoi } from '../go/strconv';
import { earlierStageNamed } from './query';

/** A `COPY --from` or a `RUN --mount` that reads from a stage. */
export interface StageEdge {
  kind: 'copy' | 'mount';
  /** Index of the stage the instruction belongs to. */
  stage: number;
  /** Index of the stage it reads from. */
  target: number;
  instruction: Instruction;
  flag: Flag;
  /** The value as written: `builder`, `0`. */
  from: string;
  /** Where to underline: the `--from` value or the mount's `from=` value. */
  range: Range;
  /** The mount target, for the RUN --mount error. */
  mountTarget: string;
}

export interface StageGraph {
  /** BuildKit's name for each stage: its `AS` name or `stage-N`. */
  names: string[];
  edges: StageEdge[];
  /** `COPY --from=$X`, refused before anything else. */
  variableFrom: Array<{ instruction: Instruction; flag: Flag; range: Range; kind: 'copy' | 'mount' }>;
  /** `COPY --from=N` past the last build state. */
  badIndex: Array<{ instruction: Instruction; flag: Flag; index: number; range: Range }>;
  /** The first cycle BuildKit finds: the stage it names and the instructions on the path. */
  cycle: { stage: number; path: StageEdge[] } | null;
  /** Reads from a stage that BuildKit has not built yet when it gets there. */
  forward: StageEdge[];
  /** For each stage, the stages it needs first: the one its FROM names, then those it copies or mounts from, once each. */
  dependsOn: number[][];
}

const cache = new WeakMap<Dockerfile, StageGraph>();

export function stageGraph(file: Dockerfile): StageGraph {
  let graph = cache.get(file);
  if (!graph) {
    graph = buildGraph(file);
    cache.set(file, graph);
  }
  return graph;
}

function buildGraph(file: Dockerfile): StageGraph {
  const stages = file.stages;
  const names = stages.map((s) => s.name ?? `stage-${s.index}`);
  // The name lookup sees every stage: a later stage with the same name wins.
  const byName = new Map<string, number>();
  for (const s of stages) if (s.name) byName.set(s.name, s.index);
  const index = lineIndexOf(file);

  const edges: StageEdge[] = [];
  const variableFrom: StageGraph['variableFrom'] = [];
  const badIndex: StageGraph['badIndex'] = [];
  // Images and scratch that COPY --from or RUN --mount read are added to the
  // build states as they are met, so they count for `--from=N` after them.
  let stateCount = stages.length;

  for (const stage of stages) {
    for (const ins of stage.instructions) {
      if (ins.name === 'COPY') {
        const flag = ins.flags.find((f) => f.name === 'from');
        if (!flag || flag.value === null || flag.value === '') continue;
        const value = flag.value;
        const range = flag.valueRange ?? flag.range;
        const expanded = expandWord(value, undefined, { escape: file.escapeToken });
        if (expanded.error !== null || expanded.value !== value) {
          variableFrom.push({ instruction: ins, flag, range, kind: 'copy' });
          continue;
        }
        const n = atoi(value);
        let target = -1;
        if (n !== null) {
          if (n < 0 || n >= stateCount) {
            badIndex.push({ instruction: ins, flag, index: n, range });
            continue;
          }
          target = n < stages.length ? n : -1;
        } else {
          target = byName.get(value.toLowerCase()) ?? -1;
          if (target < 0) stateCount++;
        }
        if (target >= 0) edges.push({ kind: 'copy', stage: stage.index, target, instruction: ins, flag, from: value, range, mountTarget: '' });
      } else if (ins.name === 'RUN') {
        for (const flag of ins.flags) {
          if (flag.name !== 'mount' || flag.value === null) continue;
          const fields = mountFields(flag.value);
          const fromField = [...fields].reverse().find((f) => f.key === 'from');
          const targetField = [...fields].reverse().find((f) => f.key === 'target' || f.key === 'dst' || f.key === 'destination');
          const from = fromField?.value ?? '';
          let range = flag.valueRange ?? flag.range;
          if (fromField && flag.valueRange) {
            const start = index.offset(flag.valueRange.start);
            if (file.text.slice(start, index.offset(flag.valueRange.end)) === flag.value) {
              range = index.range(start + fromField.valueStart, start + fromField.valueStart + from.length);
            }
          }
          const dollar = from.indexOf('$');
          if (dollar !== -1 && dollar !== from.length - 1) {
            variableFrom.push({ instruction: ins, flag, range, kind: 'mount' });
            continue;
          }
          const target = byName.get((from || 'scratch').toLowerCase()) ?? -1;
          if (target < 0) stateCount++;
          else if (from !== '') {
            edges.push({ kind: 'mount', stage: stage.index, target, instruction: ins, flag, from, range, mountTarget: targetField?.value ?? '' });
          }
        }
      }
    }
  }

  const cycle = findCycle(stages.length, edges);
  const inCycle = new Set(cycle?.path.map((e) => e.instruction) ?? []);
  const forward = edges.filter((e) => e.target > e.stage && !inCycle.has(e.instruction));
  const dependsOn = stages.map((s) => {
    const deps = new Set<number>();
    const parent = earlierStageNamed(file, s.base, s.index);
    if (parent) deps.add(parent.index);
    return deps;
  });
  for (const e of edges) dependsOn[e.stage]!.add(e.target);
  return { names, edges, variableFrom, badIndex, cycle, forward, dependsOn: dependsOn.map((d) => [...d]) };
}

/**
 * validateCircularDependency: a depth-first walk from each stage in order; the
 * error names the stage the walk started from and lists the instructions on
 * the path to the repeated stage. Iterative, so 10 000 stages do not overflow.
 */
function findCycle(count: number, edges: StageEdge[]): StageGraph['cycle'] {
  // deps[stage] = [target, the last instruction that reads it], first reference first.
  const deps: Array<Map<number, StageEdge>> = Array.from({ length: count }, () => new Map());
  for (const e of edges) {
    const m = deps[e.stage]!;
    if (m.has(e.target)) m.delete(e.target);
    m.set(e.target, e);
  }
  const visited = new Uint8Array(count);
  const onPath = new Uint8Array(count);
  for (let root = 0; root < count; root++) {
    if (visited[root]) continue;
    const stack: Array<{ node: number; next: StageEdge[]; i: number }> = [];
    const path: StageEdge[] = [];
    const enter = (node: number) => {
      visited[node] = 1;
      onPath[node] = 1;
      stack.push({ node, next: [...deps[node]!.values()], i: 0 });
    };
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.i >= top.next.length) {
        onPath[top.node] = 0;
        stack.pop();
        path.pop();
        continue;
      }
      const edge = top.next[top.i++]!;
      if (onPath[edge.target]) return { stage: root, path: [...path, edge] };
      if (visited[edge.target]) continue;
      path.push(edge);
      enter(edge.target);
    }
  }
  return null;
}
