/**
 * What leaves the class server as files: the dashboard's CSV (attendee × lesson) and the
 * attendees' submissions for `stagecraft grade` (one folder per attendee). Shared by the
 * HTTP endpoints and `stagecraft class export`.
 *
 * Display names are attendees' text: in the CSV they are quoted as RFC 4180 says and a
 * cell that a spreadsheet would run as a formula (= + - @, tab, CR) is neutralised with a
 * leading apostrophe; as folder names they are reduced to letters, digits, `.`, `_`, `-`,
 * made unique (ignoring case, as macOS and Windows do) and never a reserved device name.
 */
import type { ClassStore, AttendeeRecord, ProgressRecord } from './store';
import type { SubmissionsExport } from './protocol';

/** Names shown on the dashboard: the same name twice (ignoring case) becomes "Alex", "Alex (2)", in join order. */
export function displayNames(attendees: readonly AttendeeRecord[]): Map<number, string> {
  const seen = new Map<string, number>();
  const out = new Map<number, string>();
  for (const a of attendees) {
    const key = a.name.normalize('NFKC').toLocaleLowerCase('en');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    out.set(a.seq, n === 1 ? a.name : `${a.name} (${n})`);
  }
  return out;
}

/** One CSV cell: formula triggers neutralised, quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  let text = value;
  if (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: Array<string | number | boolean | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const CSV_COLUMNS = [
  'name', 'attendee', 'lesson', 'lesson title', 'goals met', 'goals total', 'builds',
  'last image bytes', 'last build failed', 'hints shown', 'used solution', 'complete', 'last change',
] as const;

/**
 * The class as a table, one row per attendee and lesson (every lesson of the course, so a
 * lesson nobody started shows as empty cells), in join order and course order. Starts with
 * a UTF-8 byte order mark so that spreadsheets read accented names right.
 */
export function classCsv(store: ClassStore, lessons: ReadonlyArray<{ id: string; title: string }>): string {
  const attendees = store.attendees();
  const names = displayNames(attendees);
  const bySeq = new Map<number, Map<string, ProgressRecord>>();
  for (const p of store.progress()) {
    let m = bySeq.get(p.seq);
    if (!m) bySeq.set(p.seq, (m = new Map()));
    m.set(p.lesson, p);
  }
  const order = [...lessons];
  const known = new Set(order.map((l) => l.id));
  for (const m of bySeq.values()) for (const id of m.keys()) if (!known.has(id)) (known.add(id), order.push({ id, title: id }));
  let out = `\uFEFF${csvRow([...CSV_COLUMNS])}`;
  for (const a of attendees) {
    const progress = bySeq.get(a.seq);
    for (const lesson of order) {
      const p = progress?.get(lesson.id);
      const met = p ? Object.values(p.goals).filter(Boolean).length : null;
      out += csvRow([
        names.get(a.seq) ?? a.name, a.id, lesson.id, lesson.title,
        met, p?.goalsTotal ?? null, p?.builds ?? null, p?.lastImageBytes ?? null,
        p ? p.lastBuildFailed : null, p?.hintsShown ?? null, p ? p.usedSolution : null, p ? p.complete : false,
        p ? new Date(p.changedAt).toISOString() : null,
      ]);
    }
  }
  return out;
}

const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$/i;

/** A display name as a folder name: ASCII letters, digits, `.`, `_`, `-`; at most 40 characters; never empty, hidden or reserved. */
export function safeFolderName(name: string): string {
  let s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 40)
    .replace(/[-._]+$/g, '');
  if (!s) s = 'attendee';
  if (RESERVED.test(s)) s = `${s}-`;
  return s;
}

/** A file name from a progress report that may be written to disk: relative, plain segments, no `..`, nothing hidden but dotfiles at the top (`.dockerignore`). */
export function isSafeFilePath(path: string): boolean {
  if (path.length === 0 || path.length > 200) return false;
  const segments = path.split('/');
  if (segments.length > 4) return false;
  return segments.every((s, i) => /^[A-Za-z0-9._-]+$/.test(s) && s !== '.' && s !== '..' && (i === segments.length - 1 || !s.startsWith('.')) && !RESERVED.test(s));
}

/** Each attendee's current files of a lesson, with a unique folder name each; unsafe file names are left out. */
export function submissionsExport(store: ClassStore, lesson: string): SubmissionsExport {
  const names = displayNames(store.attendees());
  const taken = new Set<string>();
  const submissions: SubmissionsExport['submissions'] = [];
  for (const s of store.submissions(lesson)) {
    const base = safeFolderName(s.name);
    let folder = base;
    for (let n = 2; taken.has(folder.toLowerCase()); n++) folder = `${base}-${n}`;
    taken.add(folder.toLowerCase());
    const files: Record<string, string> = {};
    for (const [path, text] of Object.entries(s.files)) if (typeof text === 'string' && isSafeFilePath(path)) files[path] = text;
    submissions.push({ folder, name: names.get(s.seq) ?? s.name, files });
  }
  return { lesson, submissions };
}
