/**
 * The engine's breakdown and suggestions as the plain views a worker posts to a page
 * (./types.ts). Used by the exercise's engine worker and the playground's.
 */
import { CATEGORY_LABELS, humanSize, type Breakdown, type ByteCategory, type Suggestion, type SuggestReport } from '../../engine/index';
import type { BreakdownView, SuggestionsView, SuggestionView } from './types';

/** `42.1 %`; a share too small for one decimal still reads as more than nothing. */
export function shareText(share: number): string {
  if (!(share > 0)) return '0 %';
  if (share < 0.0001) return '<0.01 %';
  return `${(share * 100).toFixed(share < 0.001 ? 2 : 1)} %`;
}

const label = (c: string) => CATEGORY_LABELS[c as ByteCategory] ?? c;

export function breakdownView(b: Breakdown): BreakdownView {
  const share = (bytes: number) => (b.total > 0 ? bytes / b.total : 0);
  return {
    total: { bytes: b.total, size: humanSize(b.total) },
    rows: b.rows.map((r) => ({
      line: r.line,
      instruction: r.instruction,
      category: r.category,
      what: r.category === 'wasted' && r.hiddenBy ? `wasted (hidden by line ${r.hiddenBy})` : label(r.category),
      bytes: r.size,
      size: humanSize(r.size),
      files: r.files,
      share: share(r.size),
      shareText: shareText(share(r.size)),
      estimated: r.estimated,
      hiddenBy: r.hiddenBy ?? null,
    })),
    categories: b.categories.map((c) => ({
      category: c.category,
      label: label(c.category),
      bytes: c.size,
      size: humanSize(c.size),
      share: c.share,
      shareText: shareText(c.share),
      estimated: c.estimated,
    })),
    estimated: b.rows.some((r) => r.estimated),
  };
}

const sized = (s: { size: number; compressed: number }) => ({ bytes: s.size, size: humanSize(s.size), compressedBytes: s.compressed, compressedSize: humanSize(s.compressed) });

export function suggestionView(s: Suggestion): SuggestionView {
  return {
    id: s.id,
    kind: s.kind,
    title: s.title,
    why: s.why,
    lesson: s.lesson,
    edits: s.edits.map((e) => ({ path: e.path, before: e.before, after: e.after })),
    diff: s.diff,
    before: sized(s.before),
    after: sized(s.after),
    saves: s.saves,
    savesText: humanSize(Math.abs(s.saves)),
    estimated: s.estimated,
    alternatives: s.alternatives.map((a) => ({ title: a.title, saves: a.saves, savesText: humanSize(Math.abs(a.saves)) })),
    cache: s.cache ? { changed: s.cache.changed, cachedBefore: [...s.cache.cachedBefore], cachedAfter: [...s.cache.cachedAfter] } : null,
  };
}

export function suggestionsView(r: SuggestReport): SuggestionsView {
  return {
    verdict: r.verdict,
    message: r.message,
    image: r.size === null ? null : sized({ size: r.size, compressed: r.compressed ?? 0 }),
    suggestions: r.suggestions.map(suggestionView),
    cache: r.cache.map(suggestionView),
  };
}
