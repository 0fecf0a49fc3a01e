/**
 * BuildKit's "did you mean" (util/suggest with agext/levenshtein): the nearest
 * known name within a small edit distance.
 */

/** Levenshtein distance on code points (agext/levenshtein with default costs). */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/**
 * BuildKit's suggest.Search: the closest option under distance 3, or '' when
 * there is none or the value is itself an option.
 */
export function suggest(value: string, options: Iterable<string>, caseSensitive = true): string {
  const val = caseSensitive ? value : value.toLowerCase();
  let match = '';
  let best = 3;
  for (const option of options) {
    const opt = caseSensitive ? option : option.toLowerCase();
    if (opt === val) return '';
    // Far longer or shorter options cannot be within distance 3.
    if (Math.abs(opt.length - val.length) >= best) continue;
    const d = levenshtein(val, opt);
    if (d < best) {
      best = d;
      match = opt;
    }
  }
  return match;
}
