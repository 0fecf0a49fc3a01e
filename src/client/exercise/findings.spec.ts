import { describe, expect, it } from 'vitest';
import { checkDockerfile, rulesById } from '../../engine/index';
import { dedupeFindings, sourceOf } from './findings';

function findings(text: string) {
  return dedupeFindings(
    checkDockerfile(text).diagnostics.map((d) => ({
      rule: d.rule,
      refs: d.refs,
      source: sourceOf(d.rule, d.refs, rulesById.get(d.rule)?.meta.buildkit),
      resembles: rulesById.get(d.rule)?.meta.resembles,
      severity: d.severity,
      message: d.message,
      line: d.range.start.line + 1,
      column: 1,
      endLine: d.range.end.line + 1,
      endColumn: 1,
      summary: '',
      url: '',
      lessonHref: null,
      fixes: [],
    })),
  );
}

describe('findings as the exercise lists them', () => {
  it("labels BuildKit's checks as Docker's and DL rules as hadolint's", () => {
    expect(sourceOf('json-args-recommended', ['JSONArgsRecommended'], 'JSONArgsRecommended')).toBe('docker');
    expect(sourceOf('copy-from-invalid-index', ['BuildKit'], undefined)).toBe('docker');
    expect(sourceOf('dockerfile-syntax', [], undefined)).toBe('docker');
    expect(sourceOf('image-tag-missing', ['DL3006'], undefined)).toBe('hadolint');
    expect(sourceOf('cmd-entrypoint-shell-form', ['DL3025'], undefined)).toBe('hadolint');
    expect(sourceOf('expansion-too-long', ['Stagecraft'], undefined)).toBe('stagecraft');
  });

  it("folds hadolint's twin of a BuildKit check on the same line into Docker's finding", () => {
    const out = findings('FROM node AS build\nMAINTAINER me\nCMD npm start\n');
    const cmd = out.filter((f) => f.line === 3);
    expect(cmd.map((f) => [f.source, f.refs[0], f.also])).toEqual([['docker', 'JSONArgsRecommended', ['DL3025']]]);
    const maint = out.filter((f) => f.line === 2);
    expect(maint.map((f) => [f.source, f.also])).toEqual([['docker', ['DL4000']]]);
    // hadolint's own rule, with no BuildKit twin, stays hadolint's.
    expect(out.filter((f) => f.line === 1 && f.source === 'hadolint').map((f) => f.refs[0])).toEqual(['DL3006']);
  });

  it('keeps one finding per line and rule', () => {
    const base = { refs: ['UndefinedVar'], source: 'docker' as const, severity: 'warning' as const, column: 1, endLine: 1, endColumn: 2, summary: '', url: '', lessonHref: null, fixes: [] };
    const out = dedupeFindings([
      { ...base, rule: 'undefined-var', line: 1, message: "Usage of undefined variable '$A'" },
      { ...base, rule: 'undefined-var', line: 1, message: "Usage of undefined variable '$B'" },
      { ...base, rule: 'undefined-var', line: 1, message: "Usage of undefined variable '$A'" },
      { ...base, rule: 'undefined-var', line: 2, message: "Usage of undefined variable '$A'" },
    ]);
    expect(out.map((f) => [f.line, f.message])).toEqual([
      [1, "Usage of undefined variable '$A'; Usage of undefined variable '$B'"],
      [2, "Usage of undefined variable '$A'"],
    ]);
  });

  it('leaves a hadolint rule alone when its BuildKit twin is skipped', () => {
    const out = findings('# check=skip=JSONArgsRecommended\nFROM node:20\nCMD npm start\n');
    expect(out.filter((f) => f.line === 3).map((f) => [f.source, f.refs[0]])).toEqual([['hadolint', 'DL3025']]);
  });
});
