/**
 * Shrinking: a disagreement is cut down, greedily, to an input that still shows
 * the same class of disagreement (the same Check signature) and that no single
 * cut makes smaller. Candidates are judged in batches, so one oracle call
 * answers many of them.
 */
import type { Category } from './types';

/**
 * Smaller versions of a text: without a run of lines (long runs first), then
 * without a run of characters (long runs first), then with a character made plainer.
 */
export function* shrinkText(text: string): Generator<string> {
  const lines = text.split(/(?<=\n)/);
  for (let size = lines.length >> 1 || 1; size >= 1; size >>= 1) {
    for (let i = 0; i + size <= lines.length; i += size) {
      if (lines.length > 1) yield [...lines.slice(0, i), ...lines.slice(i + size)].join('');
    }
    if (size === 1) break;
  }
  // Characters are code points, so a cut never leaves half a surrogate pair.
  const chars = Array.from(text);
  for (let size = chars.length >> 1 || 1; size >= 1; size >>= 1) {
    for (let i = 0; i + size <= chars.length; i += size) yield [...chars.slice(0, i), ...chars.slice(i + size)].join('');
    if (size === 1) break;
  }
  // Plainer characters: punctuation and non-ASCII become `a`, unusual spaces a plain space.
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!PLAIN.test(c)) yield [...chars.slice(0, i), /\s/.test(c) ? ' ' : 'a', ...chars.slice(i + 1)].join('');
  }
}

const PLAIN = /[A-Za-z0-9 \n]/;

/** A text's size for shrinking: its length first, then how many characters are not plain. */
export function textSize(text: string): number {
  let unusual = 0;
  for (const c of text) if (!PLAIN.test(c)) unusual++;
  return text.length * 64 + unusual;
}

/** Smaller versions of a list: without one item, and with each item shrunk by `item`. */
export function* shrinkList<T>(xs: readonly T[], item: (x: T) => Iterable<T>, minLength = 0): Generator<T[]> {
  if (xs.length > minLength) for (let i = 0; i < xs.length; i++) yield [...xs.slice(0, i), ...xs.slice(i + 1)];
  for (let i = 0; i < xs.length; i++) for (const smaller of item(xs[i]!)) yield [...xs.slice(0, i), smaller, ...xs.slice(i + 1)];
}

export interface ShrinkOptions {
  /** Candidates judged per oracle call. */
  batch: number;
  /** Stop after this many candidates in all. */
  budget: number;
  /** Stop at this time (ms since the epoch). */
  deadline: number;
}

/**
 * Shrinks `input` while some Check of `metric` keeps the signature `signature`.
 * Returns the smallest input found, how many candidates were tried, and whether
 * it is minimal (no candidate of it keeps the signature) or time or budget ran out first.
 */
export async function shrink<I, A>(
  category: Category<I, A>,
  input: I,
  metric: string,
  signature: string,
  options: ShrinkOptions,
): Promise<{ input: I; tried: number; minimal: boolean }> {
  let current = input;
  let tried = 0;
  let minimal = false;
  const keeps = (candidate: I, answer: A) =>
    category.compare(candidate, answer).some((c) => c.metric === metric && c.bad > 0 && c.signature === signature);
  outer: while (tried < options.budget && Date.now() < options.deadline) {
    const seen = new Set<string>();
    let batch: I[] = [];
    const flush = async (): Promise<I | null> => {
      if (batch.length === 0) return null;
      tried += batch.length;
      const answers = await category.oracle(batch);
      const found = batch.find((c, k) => keeps(c, answers[k]!)) ?? null;
      batch = [];
      return found;
    };
    for (const candidate of category.shrinkCandidates(current)) {
      if (category.size(candidate) >= category.size(current)) continue;
      const key = JSON.stringify(candidate);
      if (seen.has(key)) continue;
      seen.add(key);
      batch.push(candidate);
      if (batch.length >= options.batch) {
        const found = await flush();
        if (found !== null) {
          current = found;
          continue outer;
        }
        if (tried >= options.budget || Date.now() >= options.deadline) break outer;
      }
    }
    const found = await flush();
    if (found === null) {
      minimal = true;
      break;
    }
    current = found;
  }
  return { input: current, tried, minimal };
}
