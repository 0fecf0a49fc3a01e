/**
 * The simulated `docker build --progress=plain` log, in BuildKit's plain
 * progress format (moby/buildkit util/progress/progressui):
 *
 *   #1 [internal] load build definition from Dockerfile
 *   #1 transferring dockerfile: 189B done
 *   #1 DONE 0.0s
 *
 *   #6 [3/5] RUN npm install
 *   #6 0.664 added 2 packages, and audited 3 packages in 1s
 *   #6 DONE 1.3s
 *
 * Vertices are numbered in the order they appear, separated by a blank line;
 * process output is `#N <seconds since the step started> <line>`; a failed step
 * ends in `#N ERROR: …`, followed by BuildKit's error block and
 * `ERROR: failed to solve: …`. What Stagecraft itself has to say about a step
 * is marked `#N [stagecraft] …`. Timings, digests and image IDs are simulated.
 */
import type { BuildResult, BuildStep } from '../simulate/types';
import type { Instruction } from '../dockerfile/types';
import { failure, fakeDigest, imageDigest, isHiddenFrom, normalizeTag, pulledImage, vertexName, type Failure } from './outcome';
import { progressBytes, seconds1 } from './text';

export interface BuildLogOptions {
  /** The Dockerfile's text: its size for "transferring dockerfile", and the lines around a failing instruction. */
  dockerfile?: string;
  /** Its name in the build definition line and the error excerpt. Default `Dockerfile`. */
  dockerfileName?: string;
  /** `docker build -t <tag>`: adds the "naming to" line. */
  tag?: string;
  /** Size of .dockerignore as BuildKit transfers it; BuildKit shows 2B when there is none. */
  dockerignoreBytes?: number;
}

export type LogEventKind = 'header' | 'internal' | 'step' | 'export' | 'error';

/** One block of the log, so the browser can stream it step by step. */
export interface LogEvent {
  /** BuildKit's `#N`; 0 for the header, null for the closing error summary. */
  stepNumber: number | null;
  kind: LogEventKind;
  /** Index into result.steps for `step` events, otherwise null. */
  step: number | null;
  /** Lines to append, in order; a vertex after the first starts with the blank line that separates it. */
  lines: string[];
  /** Simulated seconds the block took (for pacing a stream); 0 for cached steps. */
  seconds: number;
  cached: boolean;
  failed: boolean;
}

export const SIMULATED_NOTE = "# Stagecraft: a simulated docker build. Timings, digests and image IDs are made up; sizes come from Stagecraft's calibration data.";

/** Seconds since a step started, as BuildKit prefixes its output lines: 3 decimals below 10 s, 2 below 100 s, then 1. */
function logTime(s: number): string {
  const v = Math.max(0, s);
  return v.toFixed(v < 10 ? 3 : v < 100 ? 2 : 1);
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Without the text, the Dockerfile's size is estimated from the instructions the result knows. */
function dockerfileBytes(result: BuildResult, opts: BuildLogOptions): number {
  if (typeof opts.dockerfile === 'string') return utf8Length(opts.dockerfile);
  const seen = new Set<Instruction>();
  for (const s of result.steps ?? []) if (s.instruction) seen.add(s.instruction);
  for (const st of result.stages ?? []) for (const l of st.layers ?? []) if (l.instruction) seen.add(l.instruction);
  let n = 0;
  for (const ins of seen) n += utf8Length(ins.original ?? '') + 1;
  return n;
}

/** The build reads the context: a COPY/ADD without --from, or a RUN bind mount without from=. */
function usesContext(result: BuildResult, upTo: number): boolean {
  return (result.steps ?? []).slice(0, upTo).some((s) => {
    const ins = s.instruction;
    if (!ins) return false;
    if (ins.name === 'COPY' || ins.name === 'ADD') return !ins.flags.some((f) => f.name === 'from') && ins.args.length > 1 && ins.heredocs.length < ins.args.length - 1;
    if (ins.name === 'RUN') return ins.flags.some((f) => f.name === 'mount' && /(^|,)type=bind(,|$)/.test(f.value ?? '') && !/(^|,)from=/.test(f.value ?? ''));
    return false;
  });
}

/** `process "/bin/sh -c npm ci" did not complete successfully: exit code: 1` for a RUN whose program failed. */
function processError(step: BuildStep, message: string): string {
  const ins = step.instruction;
  const cmd = ins ? (ins.json ? ins.args.map((a) => a.value).join(' ') : `/bin/sh -c ${ins.argsText}`) : '';
  const code = /(^|\n)(\/bin\/)?sh: \d+: .*not found\s*$/.test(message) ? 127 : 1;
  return `process "${cmd}" did not complete successfully: exit code: ${code}`;
}

/** What the failed vertex prints after `#N ERROR:`, the log lines of the failing process, and the final message. */
function describeFailure(result: BuildResult, f: Failure): { vertex: string; logs: string[]; final: string } {
  const msg = f.problem.message ?? '';
  const step = f.stepIndex !== null ? result.steps[f.stepIndex] : undefined;
  if (msg.startsWith('failed to solve: ') || msg.startsWith('failed to solve:') || !step) {
    const inner = msg.replace(/^failed to solve:\s*/, '');
    return { vertex: inner.replace(/^failed to compute cache key:\s*/, ''), logs: [], final: `failed to solve: ${inner}` };
  }
  // A program in RUN failed: its stderr is the process output, BuildKit reports the exit code.
  const perr = processError(step, msg);
  return { vertex: perr, logs: msg.split('\n'), final: `failed to solve: ${perr}` };
}

/** BuildKit's excerpt of the Dockerfile around the failing instruction (errdefs.Source.Print). */
function sourceExcerpt(name: string, text: string | undefined, ins: Instruction | null, line: number | null): string[] {
  const startLine = ins ? ins.startLine + 1 : line;
  const endLine = ins ? ins.endLine + 1 : line;
  if (startLine === null || endLine === null || startLine < 1) return [];
  if (typeof text !== 'string') {
    const out = [`${name}:${startLine}`, '--------------------'];
    // Without the text only the instruction itself can be shown.
    if (!ins) return [];
    const own = (ins?.original ?? '').split('\n');
    own.forEach((l, i) => out.push(` ${String(startLine + i).padStart(3, ' ')} | >>> ${l}`));
    out.push('--------------------');
    return out;
  }
  return dockerfileExcerpt(name, text, startLine, endLine);
}

/**
 * BuildKit's excerpt of a file around lines `startLine`..`endLine` (1-based), as
 * errdefs.Source.Print writes it: two lines of context each side (four for a single
 * line), `>>>` on the lines meant; [] when the lines are not in the text.
 */
export function dockerfileExcerpt(name: string, text: string, startLine: number, endLine: number): string[] {
  const lines = text.split('\n');
  if (startLine < 1 || startLine > lines.length) return [];
  let start = startLine;
  let end = Math.min(Math.max(endLine, startLine), lines.length);
  const last = end;
  const pad = end === start ? 4 : 2;
  for (let p = 0; p < pad; ) {
    if (start > 1) {
      start--;
      p++;
    }
    if (end !== lines.length) {
      end++;
      p++;
    }
    p++;
  }
  const out = [`${name}:${startLine}`, '--------------------'];
  for (let i = start; i <= end; i++) {
    const mark = i >= startLine && i <= last ? '>>>' : '   ';
    out.push(` ${String(i).padStart(3, ' ')} | ${mark} ${lines[i - 1] ?? ''}`);
  }
  out.push('--------------------');
  return out;
}

/** Lines a FROM prints while it pulls: resolve, each layer's download, each layer's extraction. */
function pullLines(result: BuildResult, step: BuildStep, n: number, ref: string): string[] {
  const stage = (result.stages ?? []).find((s) => s.index === step.stageIndex);
  const layers = (stage?.base?.layers ?? []).filter((l) => l.compressedBytes > 0);
  const total = step.seconds > 0 ? step.seconds : 0;
  const sumC = layers.reduce((s, l) => s + l.compressedBytes, 0) || 1;
  const sumB = layers.reduce((s, l) => s + l.bytes, 0) || 1;
  const out = [`#${n} resolve ${ref} done`];
  const digests = layers.map((l, i) => fakeDigest(stage?.base?.resolved ?? ref, i, l.createdBy));
  layers.forEach((l, i) => {
    const t = (0.7 * total * l.compressedBytes) / sumC;
    out.push(`#${n} ${digests[i]} ${progressBytes(l.compressedBytes)} / ${progressBytes(l.compressedBytes)}${t > 0.01 ? ` ${seconds1(t)}s` : ''} done`);
  });
  layers.forEach((l, i) => {
    const t = (0.3 * total * l.bytes) / sumB;
    out.push(`#${n} extracting ${digests[i]}${t > 0.01 ? ` ${seconds1(t)}s` : ''} done`);
  });
  return out;
}

/** The log as blocks, in order. `buildLog` is these lines joined. */
export function buildLogEvents(result: BuildResult, opts: BuildLogOptions = {}): LogEvent[] {
  const events: LogEvent[] = [];
  const name = opts.dockerfileName ?? 'Dockerfile';
  const steps = result.steps ?? [];
  const fail = failure(result);
  const lastStep = fail ? (fail.stepIndex ?? -1) : steps.length - 1;
  let n = 0;
  const sep = () => (n > 1 ? [''] : []);
  const vertex = (kind: LogEventKind, body: (n: number) => string[], extra: Partial<LogEvent> = {}) => {
    n++;
    events.push({ stepNumber: n, kind, step: null, lines: [...sep(), ...body(n)], seconds: 0, cached: false, failed: false, ...extra });
  };

  events.push({ stepNumber: 0, kind: 'header', step: null, lines: [SIMULATED_NOTE, '#0 building with "default" instance using docker driver', ''], seconds: 0, cached: false, failed: false });

  vertex('internal', (i) => [`#${i} [internal] load build definition from ${name}`, `#${i} transferring dockerfile: ${progressBytes(dockerfileBytes(result, opts))} done`, `#${i} DONE 0.0s`]);

  if (fail && fail.stepIndex === null) {
    return [...events, ...errorEvents(result, fail, opts, name, null)];
  }

  // One metadata load per distinct base image the build pulls.
  const images: string[] = [];
  for (const s of steps.slice(0, lastStep + 1)) {
    const ref = pulledImage(result, s);
    if (ref && !images.includes(ref)) images.push(ref);
  }
  for (const ref of images) vertex('internal', (i) => [`#${i} [internal] load metadata for ${ref}`, `#${i} DONE 0.6s`], { seconds: 0.6 });

  vertex('internal', (i) => [`#${i} [internal] load .dockerignore`, `#${i} transferring context: ${progressBytes(opts.dockerignoreBytes ?? 2)} done`, `#${i} DONE 0.0s`]);

  if (usesContext(result, lastStep + 1)) {
    const bytes = result.context?.transferredBytes ?? result.context?.bytes ?? 0;
    const t = bytes / 50e6;
    vertex('internal', (i) => [`#${i} [internal] load build context`, `#${i} transferring context: ${progressBytes(bytes)}${t > 0.01 ? ` ${seconds1(t)}s` : ''} done`, `#${i} DONE ${seconds1(t)}s`], { seconds: t });
  }

  let failedVertex: string | null = null;
  const shown = new Set<string>();
  for (let si = 0; si <= lastStep && si < steps.length; si++) {
    const step = steps[si]!;
    const label = vertexName(result, step);
    if (label === null || isHiddenFrom(result, step)) continue;
    const ref = pulledImage(result, step);
    // The same operation on the same parent is one vertex in BuildKit (two stages FROM the
    // same image, say): it is shown once, under the name of the stage that came first.
    if (step.cacheKey) {
      if (shown.has(step.cacheKey) && !(fail && fail.stepIndex === si)) continue;
      shown.add(step.cacheKey);
    }
    const failed = fail !== null && fail.stepIndex === si;
    const seconds = step.cached ? 0 : Math.max(0, step.seconds || 0);
    n++;
    const i = n;
    const lines = [...sep(), `#${i} ${label}`];
    const notes = (step.notes ?? []).map((note) => `#${i} [stagecraft] ${note}`);
    if (step.cached && !failed) {
      // A cached step prints nothing but CACHED; its notes were shown when it ran.
      lines.push(`#${i} CACHED`);
    } else {
      if (ref && step.instruction?.name === 'FROM') lines.push(...pullLines(result, step, i, ref));
      const output = [...(step.output ?? [])];
      const f = failed && fail ? describeFailure(result, fail) : null;
      if (f) output.push(...f.logs);
      output.forEach((line, k) => lines.push(`#${i} ${logTime((seconds * (k + 1)) / (output.length + 1))} ${line}`));
      lines.push(...notes);
      if (f) {
        lines.push(`#${i} ERROR: ${f.vertex}`);
        failedVertex = label;
      } else lines.push(`#${i} DONE ${seconds1(seconds)}s`);
    }
    events.push({ stepNumber: i, kind: 'step', step: si, lines, seconds, cached: step.cached && !failed, failed });
  }

  if (fail) return [...events, ...errorEvents(result, fail, opts, name, failedVertex)];

  // Exporting: the layers this build made (cached ones are already stored).
  const fresh = steps.filter((s) => s.stageIndex === result.target && !s.cached).reduce((a, s) => a + (s.bytes || 0), 0);
  const tl = fresh / 100e6;
  vertex(
    'export',
    (i) => [
      `#${i} exporting to image`,
      `#${i} exporting layers`,
      `#${i} exporting layers${tl > 0.01 ? ` ${seconds1(tl)}s` : ''} done`,
      `#${i} writing image ${imageDigest(result)} done`,
      ...(opts.tag ? [`#${i} naming to ${normalizeTag(opts.tag)} done`] : []),
      `#${i} DONE ${seconds1(tl + 0.02)}s`,
    ],
    { seconds: tl + 0.02 },
  );
  return events;
}

function errorEvents(result: BuildResult, fail: Failure, opts: BuildLogOptions, name: string, failedVertex: string | null): LogEvent[] {
  const f = describeFailure(result, fail);
  const step = fail.stepIndex !== null ? result.steps[fail.stepIndex] : undefined;
  const lines: string[] = [];
  if (failedVertex !== null) {
    lines.push('------', ` > ${failedVertex}:`);
    const seconds = step && !step.cached ? Math.max(0, step.seconds || 0) : 0;
    const output = [...(step?.output ?? []), ...f.logs];
    output.forEach((line, k) => lines.push(`${logTime((seconds * (k + 1)) / (output.length + 1))} ${line}`));
    lines.push('------');
  }
  lines.push(...sourceExcerpt(name, opts.dockerfile, step?.instruction ?? null, fail.problem.line));
  lines.push(`ERROR: ${f.final}`);
  return [{ stepNumber: null, kind: 'error', step: fail.stepIndex, lines, seconds: 0, cached: false, failed: true }];
}

/** The whole simulated `docker build --progress=plain` output, ending in a newline. */
export function buildLog(result: BuildResult, opts: BuildLogOptions = {}): string {
  try {
    return `${buildLogEvents(result, opts).flatMap((e) => e.lines).join('\n')}\n`;
  } catch {
    return `${SIMULATED_NOTE}\n# Stagecraft could not write the log for this build.\n`;
  }
}
