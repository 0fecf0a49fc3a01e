/**
 * One-line cases for a rule, in the style of typescript-eslint's RuleTester:
 * `valid` code must produce no finding of the rule; each `invalid` case lists
 * the findings it must produce (message id, 1-based line and column) and,
 * where the rule offers a fix, the text after applying the first fix of each.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse';
import type { Diagnostic } from '../dockerfile/types';
import { lintDockerfile } from '../rules/run';
import { formatMessage, type ContextView, type Rule } from '../rules/types';
import { applyFixes } from '../dockerfile/edits';

export interface ValidCase {
  code: string;
  context?: ContextView;
  name?: string;
}

export interface ExpectedFinding<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface InvalidCase<M extends string> extends ValidCase {
  errors: ExpectedFinding<M>[];
  /** The code after applying every finding's first fix. */
  output?: string;
}

export function run<M extends string>(rule: Rule<M>, code: string, context?: ContextView): Diagnostic[] {
  return lintDockerfile(parseDockerfile(code), { rules: [rule as Rule], context: context ?? null }).filter((d) => d.rule === rule.meta.id);
}

/** A minimal ContextView over a list of paths and the ones `.dockerignore` excludes. */
export function fakeContext(files: string[], excluded: string[] = []): ContextView {
  const all = new Set(files);
  const dirs = new Set(files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const ex = new Set(excluded);
  return {
    isExcluded: (p) => ex.has(p.replace(/^\.?\//, '').replace(/\/$/, '')),
    exists: (p) => {
      const clean = p.replace(/^\.?\//, '').replace(/\/$/, '');
      return clean === '' || clean === '.' || all.has(clean) || dirs.has(clean);
    },
  };
}

export function ruleTester<M extends string>(
  rule: Rule<M>,
  cases: { valid: Array<string | ValidCase>; invalid: InvalidCase<M>[] },
): void {
  describe(`${rule.meta.id} (${rule.meta.refs.join(', ')})`, () => {
    it('has complete metadata', () => {
      expect(rule.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.meta.refs.length).toBeGreaterThan(0);
      expect(rule.meta.summary.length).toBeGreaterThan(10);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      expect(rule.meta.url).toMatch(/^https:\/\//);
    });
    cases.valid.forEach((c, i) => {
      const v = typeof c === 'string' ? { code: c } : c;
      it(`valid #${i + 1}${v.name ? `: ${v.name}` : ''}: ${JSON.stringify(v.code).slice(0, 70)}`, () => {
        expect(run(rule, v.code, v.context).map((d) => d.message)).toEqual([]);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid #${i + 1}${c.name ? `: ${c.name}` : ''}: ${JSON.stringify(c.code).slice(0, 70)}`, () => {
        const found = run(rule, c.code, c.context);
        expect(found.length, found.map((d) => d.message).join('\n')).toBe(c.errors.length);
        c.errors.forEach((e, k) => {
          const d = found[k]!;
          if (e.data || !/\{\{/.test((rule.meta.messages as Record<string, string>)[e.messageId] ?? '')) {
            expect(d.message).toBe(formatMessage((rule.meta.messages as Record<string, string>)[e.messageId]!, e.data));
          }
          if (e.line !== undefined) expect(d.range.start.line + 1, 'line').toBe(e.line);
          if (e.column !== undefined) expect(d.range.start.character + 1, 'column').toBe(e.column);
          if (e.endLine !== undefined) expect(d.range.end.line + 1, 'endLine').toBe(e.endLine);
          if (e.endColumn !== undefined) expect(d.range.end.character + 1, 'endColumn').toBe(e.endColumn);
        });
        if (c.output !== undefined) {
          const edits = found.flatMap((d) => d.fixes?.[0]?.edits ?? []);
          expect(applyFixes(c.code, edits)).toBe(c.output);
        }
      });
    });
  });
}
