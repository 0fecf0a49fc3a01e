/**
 * Small text tools the report formatters share: Go's tabwriter as the Docker
 * CLI configures it, go-units' HumanDuration, docker/cli's Ellipsis and
 * TruncateID, Go's %q, and BuildKit's progress byte counts. Pure functions,
 * no DOM or Node APIs.
 */

/** Characters as a terminal counts them (code points; Docker's tables count runes). */
export function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Go's text/tabwriter with the settings of docker/cli's table formatter
 * (`tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`): every column but the last is
 * as wide as its widest cell plus 3 spaces, and at least 10. The last cell of a
 * row is not padded, so a row whose last column is empty ends in spaces, as in
 * `docker history`.
 */
export function tabwrite(rows: string[][], minWidth = 10, padding = 3): string {
  const columns = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const widths: number[] = [];
  for (let c = 0; c < columns - 1; c++) {
    let w = minWidth;
    for (const r of rows) {
      if (c < r.length - 1) w = Math.max(w, width(r[c] ?? '') + padding);
    }
    widths.push(w);
  }
  return rows
    .map((r) => r.map((cell, c) => (c < r.length - 1 ? cell + ' '.repeat(Math.max(0, (widths[c] ?? 0) - width(cell))) : cell)).join(''))
    .join('\n');
}

/** go-units' HumanDuration: "Less than a second", "1 second", "About a minute", "3 weeks"… */
export function humanDuration(seconds: number): string {
  const s = Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
  const whole = Math.floor(s);
  if (whole < 1) return 'Less than a second';
  if (whole === 1) return '1 second';
  if (whole < 60) return `${whole} seconds`;
  const minutes = Math.floor(s / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(s / 3600 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(s / 3600 / 24 / 365)} years`;
}

/** docker/cli's Ellipsis: at most `max` characters, the last one "…" when cut. */
export function ellipsis(s: string, max: number): string {
  if (max <= 0) return '';
  const chars = [...s];
  if (max === 1) return chars[0] ?? '';
  if (chars.length <= max) return s;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** docker/cli's TruncateID: the first 12 hex digits, without `sha256:`. */
export function truncateId(id: string): string {
  const hex = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
  return hex.slice(0, 12);
}

/**
 * Byte counts in BuildKit's progress lines (`transferring context: 2.57MB`).
 * BuildKit prints these with tonistiigi/units and `%.2f`: decimal units, two
 * decimals kept even when zero, and plain bytes below 1 kB (`37B`). This is NOT
 * the Docker CLI's format (humanSize, three significant digits); it is used only
 * for the progress lines BuildKit itself prints.
 */
export function progressBytes(bytes: number): string {
  const b = Number.isFinite(bytes) ? Math.max(0, Math.round(bytes)) : 0;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let base = 1;
  let i = 0;
  while (i < units.length - 1 && b >= base * 1000) {
    base *= 1000;
    i++;
  }
  if (i === 0) return `${b}B`;
  return `${(b / base).toFixed(2)}${units[i]}`;
}

/** A count with thousands separators: 12,345. */
export function groupDigits(n: number): string {
  const v = Number.isFinite(n) ? Math.round(n) : 0;
  return String(Math.abs(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',').replace(/^/, v < 0 ? '-' : '');
}

/** Seconds as BuildKit prints a duration: one decimal. */
export function seconds1(s: number): string {
  return (Number.isFinite(s) ? Math.max(0, s) : 0).toFixed(1);
}
