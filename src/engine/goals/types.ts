import type { Diagnostic, Dockerfile } from '../dockerfile/types';

/**
 * What the simulated build knows, for goals about build results. The build
 * simulator fills it in; until a build has run these goals are "pending".
 */
export interface BuildFacts {
  /** The build finished and made an image. */
  built: boolean;
  /** When it did not: the 1-based line that failed (null when the frontend refused the file) and Docker's message. */
  failure: { line: number | null; message: string } | null;
  /** What the simulator could not decide (commands it does not know): verdicts that depend on them are "unknown". */
  unknowns: string[];
  /** Final image size, uncompressed, as `docker images` shows it (0 when the build failed). */
  imageBytes: number;
  /** Size of the same project built with the lesson's single-stage baseline, if any. */
  baselineImageBytes: number | null;
  /** Bytes added by one layer and deleted or overwritten by a later one. */
  wastedBytes: number;
  /** Bytes of the build context sent to the builder (after .dockerignore). */
  contextBytes: number;
  /** True when the path is in the build context after .dockerignore. */
  contextHas(path: string): boolean;
  /** True when the path exists in the final image's filesystem. */
  imageHas(path: string): boolean;
  /**
   * After editing `file` and building again, whether the step whose instruction
   * contains `step` was CACHED; `null` when the build has no such step.
   */
  cachedAfterChange(file: string, step: string): boolean | null;
  /** What a real build or `docker run` would fail at or warn about (empty when the image builds and starts cleanly). */
  problems: Array<{ message: string; when: 'build' | 'run'; line: number | null; severity: 'error' | 'warning'; explanation?: string }>;
  /** The user the container runs as ('' = root) and whether the image knows it (a number always counts). */
  runUser: { user: string; exists: boolean };
  /** Go binaries in the final image, as built: linkage and whether -ldflags="-s -w" stripped them. */
  goBinaries: Array<{ path: string; linkage: 'static' | 'dynamic'; stripped: boolean }>;
  /** CA certificates are where Go and OpenSSL look (a bundle file, or certificate files in /etc/ssl/certs). */
  caCertificates: boolean;
  /**
   * Builds with `--target stage`: whether that build succeeds and one of its steps really ran tests
   * (a test runner that found test files). null when there is no such stage.
   */
  testsRun(stage: string): { built: boolean; ran: boolean; detail: string } | null;
}

export interface GoalInput {
  file: Dockerfile;
  /** Parser and rule diagnostics for the file. */
  diagnostics: Diagnostic[];
  build?: BuildFacts | null;
}

export interface GoalResult {
  met: boolean;
  /** One sentence the learner can act on: what is missing, or what was found. */
  detail: string;
  /** A build-result goal that has not been evaluated because no build has run yet. */
  pending?: boolean;
  /** Stagecraft cannot decide it (a command it does not simulate ran): not met, and not called a failure either. */
  unknown?: boolean;
}

export type OptionsCheck<O> = { ok: true; value: O } | { ok: false; error: string };

export interface GoalDefinition<O = Record<string, unknown>> {
  /** Kebab-case id that lessons use in their frontmatter. */
  id: string;
  /** `static` goals read the Dockerfile; `build` goals need a simulated build. */
  kind: 'static' | 'build';
  summary: string;
  /** Validates and normalises the options a lesson gives. */
  options(raw: Record<string, unknown>): OptionsCheck<O>;
  /** The goal as the learner reads it, when the lesson gives no title. */
  title(options: O): string;
  evaluate(input: GoalInput, options: O): GoalResult;
}

export function defineGoal<O>(goal: GoalDefinition<O>): GoalDefinition<O> {
  return goal;
}

/** Small option readers: each returns the value or throws a message for `options()` to report. */
export const opt = {
  string(raw: Record<string, unknown>, key: string): string {
    const v = raw[key];
    if (typeof v !== 'string' || v.length === 0) throw new Error(`"${key}" must be a non-empty string`);
    return v;
  },
  number(raw: Record<string, unknown>, key: string, min = 0): number {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new Error(`"${key}" must be a number ≥ ${min}`);
    return v;
  },
  strings(raw: Record<string, unknown>, key: string): string[] {
    const v = raw[key];
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x)) throw new Error(`"${key}" must be a list of strings`);
    return v as string[];
  },
  only(raw: Record<string, unknown>, keys: string[]): void {
    const extra = Object.keys(raw).filter((k) => !keys.includes(k));
    if (extra.length) throw new Error(`unknown option${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}; allowed: ${keys.join(', ') || 'none'}`);
  },
};

/** Runs an option reader, turning its thrown message into an OptionsCheck. */
export function readOptions<O>(read: () => O): OptionsCheck<O> {
  try {
    return { ok: true, value: read() };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
