import type { Diagnostic, Dockerfile } from '../dockerfile/types';
import { comparePositions, plainRange } from '../dockerfile/source';
import { formatMessage, type ContextView, type Rule } from './types';
import { allRules } from './registry';

export interface LintOptions {
  /** The build context, for rules that need it (CopyIgnoredFile). */
  context?: ContextView | null;
  /** Rules to run instead of the full registry. */
  rules?: readonly Rule[];
}

/**
 * Runs the rules on a parsed Dockerfile and returns the parser's diagnostics and
 * the rules' findings, in document order. Honours `# check=skip=…` and
 * `# check=error=true` for the rules that implement BuildKit checks. A rule that
 * throws is reported as an internal error rather than taking the page down.
 */
export function lintDockerfile(file: Dockerfile, options: LintOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = file.diagnostics.map((d) => ({ ...d, range: plainRange(d.range) }));
  const context = options.context ?? null;
  const skip = new Set(file.check.skip.map((s) => s.toLowerCase()));
  for (const rule of options.rules ?? allRules) {
    const { meta } = rule;
    if (meta.needsContext && !context) continue;
    if (meta.buildkit && (file.check.skipAll || skip.has(meta.buildkit.toLowerCase()))) continue;
    const severity = meta.buildkit && file.check.error && meta.severity === 'warning' ? 'error' : meta.severity;
    try {
      rule.check({
        file,
        context,
        report: ({ messageId, data, range, fixes }) => {
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
