/** Go's strconv number parsing, where Docker reads a number from text. */

/** strconv.Atoi (what BuildKit uses to read a stage index); `null` where it returns an error. */
export function atoi(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}
