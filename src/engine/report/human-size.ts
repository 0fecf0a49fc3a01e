/**
 * Byte counts as the Docker CLI prints them: decimal units (1 MB = 1,000,000 B)
 * and three significant digits, the way `docker images` and `docker history` call
 * go-units' HumanSizeWithPrecision(size, 3) — "%.*g" followed by the unit.
 *
 *   humanSize(1_100_000_000) === "1.1GB"
 *   humanSize(135_660_000)   === "136MB"
 *   humanSize(634)           === "634B"
 */
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const;

export function humanSize(bytes: number, precision = 3): string {
  let size = Number.isFinite(bytes) ? Math.max(0, bytes) : 0;
  let i = 0;
  while (size >= 1000 && i < UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatG(size, precision)}${UNITS[i]}`;
}

/** Go's (and C's) `%.*g`: `precision` significant digits, trailing zeros dropped. */
function formatG(value: number, precision: number): string {
  if (value === 0) return '0';
  // The exponent is taken after rounding, so 999.6 with precision 3 becomes
  // "1e+03" (Docker really prints "1e+03kB" for 999,600 bytes).
  const [mantissa = '0', exp = '0'] = value.toExponential(precision - 1).split('e');
  const e = Number(exp);
  if (e < -4 || e >= precision) {
    return `${Number(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(Number(value.toPrecision(precision)));
}
