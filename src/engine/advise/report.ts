/** The text forms of the breakdown and the suggestions: what `stagecraft build --why` and `stagecraft suggest` print. */
import { humanSize } from '../report/human-size';
import { CATEGORY_LABELS } from '../simulate/categories';
import type { Breakdown } from './breakdown';
import type { Suggestion, SuggestReport } from './suggest';

function table(rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 && !right.has(i) ? c : right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('   ').trimEnd());
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.001 && share > 0 ? 2 : 1)} %`;

/** Where the bytes are: by line and kind, then by kind. `~` marks estimates. */
export function breakdownTable(b: Breakdown): string {
  const byLine = [['LINE', 'INSTRUCTION', 'WHAT', 'SIZE', 'SHARE']];
  for (const r of b.rows) {
    const what = r.category === 'wasted' && r.hiddenBy ? `${CATEGORY_LABELS.wasted.replace('a later layer', `line ${r.hiddenBy}`)}` : CATEGORY_LABELS[r.category];
    byLine.push([r.line === null ? '-' : String(r.line), r.instruction.length > 48 ? `${r.instruction.slice(0, 47)}…` : r.instruction, what, `${r.estimated ? '~' : ''}${humanSize(r.size)}`, percent(b.total > 0 ? r.size / b.total : 0)]);
  }
  const byKind = [['WHAT', 'SIZE', 'SHARE']];
  for (const c of b.categories) byKind.push([CATEGORY_LABELS[c.category], `${c.estimated ? '~' : ''}${humanSize(c.size)}`, percent(c.share)]);
  const estimated = b.rows.some((r) => r.estimated);
  return [
    `Where the ${humanSize(b.total)} are, by Dockerfile line:`,
    ...table(byLine, new Set([3, 4])),
    '',
    'By kind:',
    ...table(byKind, new Set([1, 2])),
    ...(estimated ? ['', '~ estimated: Stagecraft has no measured figure for that part (base-image layers the registry publishes only compressed, packages not in its catalog).'] : []),
  ].join('\n');
}

function suggestionText(s: Suggestion, n: number): string[] {
  const lines = [
    `${n}. ${s.title}`,
    `   saves ${humanSize(s.saves)}: ${humanSize(s.before.size)} → ${humanSize(s.after.size)}${s.estimated ? ' (figures include estimates)' : ''}`,
    ...wrap(s.why, 76).map((l) => `   ${l}`),
    `   Lesson: /lessons/${s.lesson}/`,
  ];
  if (s.alternatives.length) lines.push(`   Also builds and starts: ${s.alternatives.map((a) => `${a.title.replace(/^Run on /, '').replace(/ instead of .*/, '')} (saves ${humanSize(a.saves)})`).join(', ')}`);
  lines.push('', ...s.diff.trimEnd().split('\n').map((l) => `   ${l}`), '');
  return lines;
}

/** The whole report as `stagecraft suggest` prints it. */
export function suggestText(r: SuggestReport): string {
  const out: string[] = [];
  if (r.size !== null) out.push(`The image is ${humanSize(r.size)} (${humanSize(r.compressed ?? 0)} compressed).`);
  if (r.message) out.push(r.message);
  if (r.suggestions.length) {
    out.push('', `What would make it smaller (each saving is a simulated build of the edited file, biggest first):`, '');
    r.suggestions.forEach((s, i) => out.push(...suggestionText(s, i + 1)));
  }
  if (r.cache.length) {
    out.push('', 'For the build cache (the image does not get smaller, but rebuilds get faster):', '');
    for (const s of r.cache) {
      out.push(`- ${s.title}`, `  size: ${humanSize(s.before.size)} → ${humanSize(s.after.size)}`, ...wrap(s.why, 76).map((l) => `  ${l}`));
      if (s.cache) out.push(`  After a change to ${s.cache.changed}, CACHED now: ${s.cache.cachedBefore.length ? s.cache.cachedBefore.join('; ') : 'no RUN step'}; with this edit: ${s.cache.cachedAfter.join('; ')}.`);
      out.push('', ...s.diff.trimEnd().split('\n').map((l) => `  ${l}`), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** `{"size", "suggestions": [{"id", "title", "saves", "after": {"size"}, "diff", "lesson"}]}`, plus what else is known. */
export function suggestJson(r: SuggestReport): unknown {
  const one = (s: Suggestion) => ({
    id: s.id, kind: s.kind, title: s.title, saves: s.saves, after: { size: s.after.size, compressed: s.after.compressed }, diff: s.diff, lesson: s.lesson,
    why: s.why, estimated: s.estimated, edits: s.edits.map((e) => ({ path: e.path, after: e.after })), alternatives: s.alternatives, ...(s.cache ? { cache: s.cache } : {}),
  });
  return { verdict: r.verdict, message: r.message, size: r.size, compressed: r.compressed, suggestions: r.suggestions.map(one), cache: r.cache.map(one) };
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
