import { checkComment, parseCheckDirective } from '../dockerfile/parse';
import type { CheckDirective, Diagnostic, Dockerfile, Instruction } from '../dockerfile/types';
import { comparePositions, plainRange } from '../dockerfile/source';
import { formatMessage, type ContextView, type Rule } from './types';
import { allRules } from './registry';

export interface LintOptions {
  /** The build context, for rules that need it (CopyIgnoredFile). */
  context?: ContextView | null;
  /** Rules to run instead of the full registry. */
  rules?: readonly Rule[];
  /**
   * Build arguments (`--build-arg`). `BUILDKIT_DOCKERFILE_CHECK` replaces the file's
   * `# check=` directive, as in BuildKit (no merge).
   */
  buildArgs?: Readonly<Record<string, string>>;
  /** The platform the build is for (`--platform`); linux/amd64 when not given. */
  platform?: string;
  /** The platform each base image (as written in FROM) was pulled with, where the registry says so. */
  imagePlatforms?: Readonly<Record<string, string>>;
}

/**
 * Runs the rules on a parsed Dockerfile and returns the parser's diagnostics and
 * the rules' findings, in document order. Honours `# check=` for the rules that
 * implement BuildKit checks, as BuildKit does: the file's directive (skip, error,
 * experimental), and (BuildKit ≥ 1.21) a `# check=` comment directly above an
 * instruction, which adds its skips and experimental rules for the findings of
 * that instruction (never `error`). A rule that throws is reported as an internal
 * error rather than taking the page down.
 */
export function lintDockerfile(file: Dockerfile, options: LintOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = file.diagnostics.map((d) => ({ ...d, range: plainRange(d.range) }));
  const context = options.context ?? null;
  const override = options.buildArgs?.BUILDKIT_DOCKERFILE_CHECK;
  const parsedOverride = override === undefined ? null : parseCheckDirective(override);
  if (parsedOverride && 'invalid' in parsedOverride) {
    out.push({ rule: 'dockerfile-syntax', refs: [], severity: 'error', message: `failed to parse check options: ${parsedOverride.invalid}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  }
  const fileCheck = parsedOverride && !('invalid' in parsedOverride) ? parsedOverride : file.check;
  const commented = file.instructions.some((i) => i.comments.length > 0) ? new CommentChecks(file) : null;
  for (const rule of options.rules ?? allRules) {
    const { meta } = rule;
    if (meta.needsContext && !context) continue;
    const name = meta.buildkit;
    const onByFile = !name || isOn(fileCheck, name, meta.experimental === true);
    // Off for the whole file, and no comment above an instruction can turn it on again.
    const comments = name && !meta.fileWideCheckOnly ? commented : null;
    if (!onByFile && (!comments || !meta.experimental)) continue;
    const severity = name && fileCheck.error && meta.severity === 'warning' ? 'error' : meta.severity;
    try {
      rule.check({
        file,
        context,
        platform: options.platform ?? 'linux/amd64',
        imagePlatforms: options.imagePlatforms ?? {},
        report: ({ messageId, data, range, fixes, governedBy }) => {
          if (name && comments) {
            const extra = comments.at(governedBy ?? comments.instructionAt(range.start.line));
            if (extra ? !isOn(merge(fileCheck, extra), name, meta.experimental === true) : !onByFile) return;
          }
          const template = (meta.messages as Record<string, string>)[messageId] ?? String(messageId);
          const d: Diagnostic = { rule: meta.id, refs: meta.refs, severity, message: formatMessage(template, data), range: plainRange(range) };
          if (fixes?.length) d.fixes = fixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ range: plainRange(e.range), text: e.text })) }));
          out.push(d);
        },
      });
    } catch (e) {
      out.push({
        rule: meta.id,
        refs: meta.refs,
        severity: 'info',
        message: `Internal error in rule ${meta.id}: ${(e as Error)?.message ?? String(e)}. The other checks still ran.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      });
    }
  }
  return out.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
}

/** BuildKit's Linter.Run: an experimental check runs only when asked for; any other unless skipped. */
function isOn(check: CheckDirective, name: string, experimental: boolean): boolean {
  if (experimental) return check.experimentalAll || check.experimental.includes(name);
  return !check.skipAll && !check.skip.includes(name);
}

/** BuildKit's WithMergedConfig: skips and experimental rules add up; `error` stays the file's. */
function merge(base: CheckDirective, extra: CheckDirective): CheckDirective {
  return {
    skip: [...base.skip, ...extra.skip],
    skipAll: base.skipAll || extra.skipAll,
    error: base.error,
    experimental: [...base.experimental, ...extra.experimental],
    experimentalAll: base.experimentalAll || extra.experimentalAll,
  };
}

/** The `# check=` comments above instructions, and which instruction a line belongs to. */
class CommentChecks {
  private readonly byInstruction = new Map<Instruction, CheckDirective | null>();
  constructor(private readonly file: Dockerfile) {}

  /** The instruction a 0-based line lies in (ONBUILD triggers belong to their ONBUILD). */
  instructionAt(line: number): Instruction | undefined {
    const list = this.file.instructions;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const ins = list[mid]!;
      if (line < ins.startLine) hi = mid - 1;
      else if (line > ins.endLine) lo = mid + 1;
      else return ins;
    }
    return undefined;
  }

  /** The instruction's own `# check=` options; null when it has none, or none that parse (BuildKit ignores those). */
  at(ins: Instruction | undefined): CheckDirective | null {
    if (!ins || ins.comments.length === 0) return null;
    let c = this.byInstruction.get(ins);
    if (c === undefined) {
      const parsed = checkComment(ins);
      c = parsed && !('invalid' in parsed) ? parsed : null;
      this.byInstruction.set(ins, c);
    }
    return c;
  }
}
