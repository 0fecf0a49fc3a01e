/**
 * Findings as the exercise lists them: each labelled with the tool that reports
 * it (Docker itself, hadolint, or Stagecraft's own limits), and one per line and
 * rule. Where BuildKit's check and hadolint's look-alike rule both fire on the
 * same line (`JSONArgsRecommended` and `DL3025`, whose rule says it `resembles`
 * the check), the list shows Docker's, noting that hadolint agrees.
 */
import type { DiagnosticSource, DiagnosticView } from './protocol';

const HADOLINT_REF = /^(DL|SC)\d+$/;

/**
 * Docker's own: its parser, BuildKit's build checks and its hard errors. hadolint's: rules known
 * by a DL code. Stagecraft's: its own limits (refs `Stagecraft`), never passed off as Docker's.
 */
export function sourceOf(rule: string, refs: readonly string[], buildkit: string | undefined): DiagnosticSource {
  if (buildkit || rule === 'dockerfile-syntax') return 'docker';
  if (refs.includes('BuildKit')) return 'docker';
  if (refs.includes('Stagecraft')) return 'stagecraft';
  return refs.some((r) => HADOLINT_REF.test(r)) ? 'hadolint' : 'docker';
}

type Finding = Omit<DiagnosticView, 'source' | 'also'> & { source: DiagnosticSource; also?: string[]; resembles?: string };

/** Merges duplicates: same line and rule once; hadolint's twin of a Docker finding folded into it. Keeps the order. */
export function dedupeFindings(findings: readonly Finding[]): DiagnosticView[] {
  const out: DiagnosticView[] = [];
  const byKey = new Map<string, DiagnosticView>();
  const lookAlike = new Map<DiagnosticView, string>();
  for (const f of findings) {
    const key = `${f.line}\u0000${f.rule}`;
    const same = byKey.get(key);
    if (same) {
      if (!same.message.split('; ').includes(f.message)) same.message = `${same.message}; ${f.message}`;
      if (!same.fixes.length) same.fixes = f.fixes;
      continue;
    }
    const { resembles, ...rest } = f;
    const view: DiagnosticView = { ...rest, refs: [...f.refs], also: [...(f.also ?? [])], fixes: [...f.fixes] };
    byKey.set(key, view);
    out.push(view);
    if (resembles) lookAlike.set(view, resembles);
  }
  // hadolint's rule that resembles a BuildKit check which fired on the same line.
  const result: DiagnosticView[] = [];
  for (const f of out) {
    if (f.source === 'hadolint') {
      const name = lookAlike.get(f);
      const twin = name ? out.find((d) => d.source === 'docker' && d.line === f.line && d.refs.includes(name)) : undefined;
      if (twin) {
        for (const r of f.refs) if (HADOLINT_REF.test(r) && !twin.also.includes(r)) twin.also.push(r);
        if (!twin.fixes.length) twin.fixes = f.fixes;
        continue;
      }
    }
    result.push(f);
  }
  return result;
}
