/**
 * `stagecraft grade`: a class's submissions for one lesson, each judged on the lesson's
 * build context exactly as `stagecraft check --lesson ID` judges one file (checkExercise
 * with the lesson's goals and baseline; a submission's own .dockerignore laid over the
 * context with contextWith, as `check --dockerignore` does), then summed up for the class.
 *
 * Host-independent: it reads the submissions through a Workspace (the CLI's folder on
 * disk, or the class server's export in memory) and the lesson through GradeLesson, and
 * returns a GradeReport that gradeMarkdown, gradeCsv and gradeJson print.
 *
 * A submission is one entry of the folder, in name order: a file (a Dockerfile named
 * anything: `alice.Dockerfile`, `Dockerfile.alice`, `alice`) or a folder holding a
 * `Dockerfile` and, for a lesson whose .dockerignore is editable, optionally a
 * `.dockerignore`. Hidden entries (`.git`, `.DS_Store`) are skipped and listed. A
 * submission that cannot be read (binary, too big, a link, no Dockerfile) is reported
 * as such, never graded and never a crash.
 */
import {
  brokenLineWarning, buildOnContext, checkDockerfile, checkExercise, humanSize, stoppingProblem,
  type BuildResult, type EvaluatedGoal, type GoalSpec, type PreparedContext,
} from '../engine/index';
import { decodeText, joinPath, type Workspace } from './workspace';

/** The lesson as grading needs it: what `check --lesson` uses, and which files the learner edits. */
export interface GradeLesson {
  id: string;
  title: string;
  /** The goals the learner is held to (with "builds and starts", as lessonGoals gives them). */
  goals: readonly GoalSpec[];
  baseline: string | null;
  /** The lesson's start context: what a submission without its own .dockerignore is built on. */
  context: PreparedContext;
  /** The start context with another .dockerignore text in place of the lesson's own. */
  contextWith(dockerignore: string): PreparedContext;
  /** exercise.editable: a submission's .dockerignore is used only when it is listed here. */
  editable: readonly string[];
}

/** The largest submission file read (as `stagecraft check` reads files). */
export const MAX_SUBMISSION_BYTES = 4 * 1024 * 1024;

/** The goal that says whether the container would start. */
const STARTS_GOAL = 'runs-cleanly';

export interface GradeGoal {
  /** The goal's id, or — when the lesson lists the same goal twice — the id with its options: `path-absent(.env in context)`. */
  key: string;
  id: string;
  title: string;
}

export interface GoalVerdict extends GradeGoal {
  met: boolean;
  /** Stagecraft cannot decide it (a command it does not simulate): not met, and not called a failure either. */
  unknown: boolean;
  /** The reason, as `stagecraft check` prints it. */
  detail: string;
}

export type Starts = 'yes' | 'no' | 'unknown';

export interface SubmissionGrade {
  /** Shown name: the file or folder name (`alice.Dockerfile` → `alice`), control characters replaced. Text only. */
  name: string;
  /** The entry in the submissions folder: `alice.Dockerfile`, or `alice/` for a folder. */
  path: string;
  /** False when it could not be read; `problem` says why, and the figures below are null. */
  graded: boolean;
  problem: string | null;
  /** Which .dockerignore the context had: the submission's own, or the lesson's (null when not graded). */
  dockerignore: 'submission' | 'lesson' | null;
  met: number;
  total: number;
  complete: boolean;
  goals: GoalVerdict[];
  /** Keys of the goals not met, in lesson order. */
  unmet: string[];
  errors: number | null;
  warnings: number | null;
  /** Error and warning findings (line is 1-based). */
  diagnostics: Array<{ severity: 'error' | 'warning'; rule: string; line: number; message: string }>;
  /** Whether `docker build` makes an image. */
  builds: boolean | null;
  /** Why it does not: the line of the failing step and the error, as the build panel shows it. */
  buildFailure: { line: number | null; message: string } | null;
  /** The final image, uncompressed (`docker images`). */
  image: { bytes: number; size: string } | null;
  /** Whether `docker run` would start the container. */
  starts: Starts | null;
  /** What decides `starts` (the builds-and-starts goal's reason). */
  startsDetail: string | null;
  notes: string[];
}

export interface ClassSummary {
  submissions: number;
  graded: number;
  /** Submissions that could not be read. */
  ungraded: number;
  complete: number;
  builds: number;
  starts: number;
  /** Per goal, in lesson order: how many graded submissions meet it and how many do not. */
  goals: Array<GradeGoal & { met: number; unmet: number }>;
  /** The goal the most graded submissions miss (the first in lesson order on a tie); null when none is missed. */
  commonFailure: (GradeGoal & { count: number }) | null;
}

export interface GradeReport {
  version: 1;
  lesson: { id: string; title: string; goals: GradeGoal[] };
  submissions: SubmissionGrade[];
  /** Entries of the folder that are not submissions (hidden ones). */
  skipped: Array<{ path: string; reason: string }>;
  class: ClassSummary;
}

/** The keys of a lesson's goals: the id, or the id with its options when a goal is listed twice. */
export function goalKeys(goals: readonly GoalSpec[]): string[] {
  return goals.map((g) => {
    if (goals.filter((o) => o.rule === g.rule).length === 1) return g.rule;
    const o = g.options ?? {};
    if (g.rule === 'path-absent') return `path-absent(${String(o.path)} in ${String(o.in)})`;
    return `${g.rule}(${Object.values(o).map(String).join(' ')})`;
  });
}

/** The lesson's goals with their keys and the titles the learner reads. */
export function lessonGradeGoals(lesson: GradeLesson): GradeGoal[] {
  const keys = goalKeys(lesson.goals);
  return checkDockerfile('', { goals: lesson.goals }).goals.map((g, i) => ({ key: keys[i]!, id: g.id, title: g.title }));
}

/** Control characters (a newline in a file name) as U+FFFD: a name is one line of text. */
function displayName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '\uFFFD');
}

/** `alice.Dockerfile` and `Dockerfile.alice` → `alice`; anything else as it is. */
function nameOf(entry: string, isDir: boolean): string {
  if (isDir) return entry;
  const m = /^(.+)\.dockerfile$/is.exec(entry) ?? /^dockerfile\.(.+)$/is.exec(entry);
  return m ? m[1]! : entry;
}

type Read = { text: string } | { error: string };

/**
 * A submission file's text, or why it cannot be graded. `shown` is "the file", "its Dockerfile"
 * or "its .dockerignore": a message never repeats the submission's name, which is shown apart, as text.
 */
function readSubmissionFile(ws: Workspace, path: string, shown: string): Read {
  const st = ws.stat(path);
  if (st?.kind === 'link') return { error: `${shown} is a symbolic link (not followed)` };
  if (st?.kind === 'dir') return { error: `${shown} is a folder` };
  if (st?.kind === 'other') return { error: `${shown} is not a regular file` };
  if (st && st.size > MAX_SUBMISSION_BYTES) return { error: `${shown} is ${(st.size / 1e6).toFixed(1)} MB; Stagecraft reads files up to ${MAX_SUBMISSION_BYTES / (1024 * 1024)} MiB` };
  const bytes = ws.read(path);
  if (!(bytes instanceof Uint8Array)) return { error: `${shown} cannot be read: ${bytes.error}` };
  if (bytes.length > MAX_SUBMISSION_BYTES) return { error: `${shown} is ${(bytes.length / 1e6).toFixed(1)} MB; Stagecraft reads files up to ${MAX_SUBMISSION_BYTES / (1024 * 1024)} MiB` };
  const text = decodeText(bytes);
  if (text === null) return { error: `${shown} is not a text file (it has NUL bytes)` };
  return { text };
}

interface Found {
  path: string;
  isDir: boolean;
  dockerfile: Read;
  dockerignore: Read | null;
  notes: string[];
}

/** One entry of the submissions folder, read. */
function findSubmission(ws: Workspace, entry: string, kind: string, lesson: GradeLesson): Found {
  if (kind !== 'dir') return { path: entry, isDir: false, dockerfile: readSubmissionFile(ws, entry, 'the file'), dockerignore: null, notes: [] };
  const notes: string[] = [];
  const dfPath = joinPath(entry, 'Dockerfile');
  const dockerfile: Read = ws.stat(dfPath) !== null
    ? readSubmissionFile(ws, dfPath, 'its Dockerfile')
    : ws.list(entry) === null ? { error: 'the folder cannot be read' } : { error: 'the folder has no Dockerfile' };
  let dockerignore: Read | null = null;
  const igPath = joinPath(entry, '.dockerignore');
  if (ws.stat(igPath) !== null) {
    if (lesson.editable.includes('.dockerignore')) dockerignore = readSubmissionFile(ws, igPath, 'its .dockerignore');
    else notes.push("its .dockerignore is not used: this lesson's .dockerignore is not editable, so it is graded on the lesson's own context");
  }
  return { path: `${entry}/`, isDir: true, dockerfile, dockerignore, notes };
}

function ungraded(name: string, path: string, problem: string, total: number, notes: string[]): SubmissionGrade {
  return {
    name, path, graded: false, problem: displayName(problem), dockerignore: null,
    met: 0, total, complete: false, goals: [], unmet: [], errors: null, warnings: null, diagnostics: [],
    builds: null, buildFailure: null, image: null, starts: null, startsDetail: null, notes: notes.map(displayName),
  };
}

/** Whether the container would start: the builds-and-starts goal's verdict, else the run problems. */
function startsOf(build: BuildResult | null, builds: boolean, goal: EvaluatedGoal | undefined): { starts: Starts; detail: string } {
  if (!builds) return { starts: 'no', detail: goal?.detail ?? 'The build makes no image, so there is no container to start.' };
  if (goal) return { starts: goal.met ? 'yes' : goal.unknown ? 'unknown' : 'no', detail: goal.detail };
  const error = build?.problems.find((p) => p.severity === 'error');
  if (error) return { starts: 'no', detail: `docker run fails${error.line ? ` (line ${error.line})` : ''}: ${error.message.split('\n')[0]}` };
  if (build?.unknowns.length) return { starts: 'unknown', detail: `Unknown: ${build.unknowns[0]!.message}` };
  return { starts: 'yes', detail: 'It builds, and the container would start.' };
}

/** Grades one Dockerfile text (with the submission's own .dockerignore, when it has one) on the lesson's context. */
export function gradeText(
  lesson: GradeLesson,
  dockerfile: string,
  dockerignore: string | undefined,
  at: { name: string; path: string; notes?: string[] },
): SubmissionGrade {
  const goalsList = lessonGradeGoals(lesson);
  const notes = [...(at.notes ?? [])];
  const context = dockerignore === undefined ? lesson.context : lesson.contextWith(dockerignore);
  if (dockerignore !== undefined) {
    // `check --dockerignore` refuses a .dockerignore Docker refuses: so does grading.
    const bad = context.view.result.errors[0];
    if (bad) return ungraded(at.name, at.path, `its .dockerignore is one Docker refuses: line ${bad.line}: ${bad.message}`, goalsList.length, notes);
    for (const w of context.view.result.warnings) notes.push(brokenLineWarning(`its .dockerignore, line ${w.line}`, w.message));
  }
  // The same call as `stagecraft check --lesson`.
  const check = checkExercise(dockerfile, context, { goals: lesson.goals, baseline: lesson.baseline });
  const goals: GoalVerdict[] = check.goals.map((g, i) => ({
    key: goalsList[i]?.key ?? g.id, id: g.id, title: g.title, met: g.met, unknown: !!g.unknown, detail: g.detail,
  }));
  // The build the build panel shows: the whole Dockerfile, no target (checkExercise made it, when a goal needed one).
  const build = check.build ?? buildOnContext(check.file, context);
  const stop = stoppingProblem(build);
  const image = stop ? null : build.image;
  const builds = image !== null;
  const started = startsOf(build, builds, check.goals.find((g) => g.id === STARTS_GOAL));
  const shown = check.diagnostics.filter((d): d is typeof d & { severity: 'error' | 'warning' } => d.severity === 'error' || d.severity === 'warning');
  const met = goals.filter((g) => g.met).length;
  return {
    name: at.name,
    path: at.path,
    graded: true,
    problem: null,
    dockerignore: dockerignore === undefined ? 'lesson' : 'submission',
    met,
    total: goals.length,
    complete: goals.every((g) => g.met),
    goals,
    unmet: goals.filter((g) => !g.met).map((g) => g.key),
    errors: shown.filter((d) => d.severity === 'error').length,
    warnings: shown.filter((d) => d.severity === 'warning').length,
    diagnostics: shown.map((d) => ({ severity: d.severity, rule: d.rule, line: d.range.start.line + 1, message: d.message })),
    builds,
    buildFailure: builds ? null : stop ? { line: stop.line, message: stop.message } : { line: null, message: 'The build made no image.' },
    image: builds ? { bytes: image.bytes, size: humanSize(image.bytes) } : null,
    starts: started.starts,
    startsDetail: started.detail,
    notes: notes.map(displayName),
  };
}

/** Names for the entries: the file name without `.Dockerfile`, or the entry's own name where two would be the same. */
function uniqueNames(entries: Array<{ name: string; isDir: boolean }>): string[] {
  const names = entries.map((e) => nameOf(e.name, e.isDir));
  for (;;) {
    const count = new Map<string, number>();
    for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
    const dup = names.findIndex((n, i) => count.get(n)! > 1 && n !== entries[i]!.name);
    if (dup < 0) return names;
    names.forEach((n, i) => {
      if (count.get(n)! > 1) names[i] = entries[i]!.name;
    });
  }
}

const byName = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

/**
 * Grades every submission in the workspace's root folder. `{ error }` only when the folder
 * itself cannot be listed; a submission that cannot be read is a row saying why.
 */
export function gradeWorkspace(ws: Workspace, lesson: GradeLesson): GradeReport | { error: string } {
  const list = ws.list('');
  if (!list) return { error: `cannot read ${ws.name}: not a readable directory` };
  const skipped: GradeReport['skipped'] = [];
  const entries = list.filter((e) => {
    if (!e.name.startsWith('.')) return true;
    skipped.push({ path: displayName(e.kind === 'dir' ? `${e.name}/` : e.name), reason: 'hidden' });
    return false;
  });
  const names = uniqueNames(entries.map((e) => ({ name: e.name, isDir: e.kind === 'dir' })));
  const total = lesson.goals.length;
  const submissions = entries.map((e, i) => {
    const found = findSubmission(ws, e.name, e.kind, lesson);
    const name = displayName(names[i]!);
    const path = displayName(found.path);
    if ('error' in found.dockerfile) return ungraded(name, path, found.dockerfile.error, total, found.notes);
    if (found.dockerignore && 'error' in found.dockerignore) return ungraded(name, path, found.dockerignore.error, total, found.notes);
    const notes = [...found.notes];
    if (found.isDir && !found.dockerignore && lesson.editable.includes('.dockerignore')) notes.push("no .dockerignore in the folder: graded with the lesson's own");
    if (!found.isDir && lesson.editable.includes('.dockerignore')) notes.push("a single file: graded with the lesson's own .dockerignore");
    return gradeText(lesson, found.dockerfile.text, found.dockerignore?.text, { name, path, notes });
  });
  submissions.sort((a, b) => byName(a.name, b.name) || byName(a.path, b.path));
  return { version: 1, lesson: { id: lesson.id, title: lesson.title, goals: lessonGradeGoals(lesson) }, submissions, skipped, class: summarize(lesson, submissions) };
}

/** The class's figures from its submissions. */
export function summarize(lesson: GradeLesson, submissions: readonly SubmissionGrade[]): ClassSummary {
  const graded = submissions.filter((s) => s.graded);
  const goals = lessonGradeGoals(lesson).map((g, i) => {
    const met = graded.filter((s) => s.goals[i]?.met).length;
    return { ...g, met, unmet: graded.length - met };
  });
  let commonFailure: ClassSummary['commonFailure'] = null;
  for (const g of goals) if (g.unmet > 0 && (!commonFailure || g.unmet > commonFailure.count)) commonFailure = { key: g.key, id: g.id, title: g.title, count: g.unmet };
  return {
    submissions: submissions.length,
    graded: graded.length,
    ungraded: submissions.length - graded.length,
    complete: graded.filter((s) => s.complete).length,
    builds: graded.filter((s) => s.builds).length,
    starts: graded.filter((s) => s.starts === 'yes').length,
    goals,
    commonFailure,
  };
}

// ---------------------------------------------------------------------------
// Formats

export type GradeFormat = 'md' | 'csv' | 'json';
export const GRADE_FORMATS: readonly GradeFormat[] = ['md', 'csv', 'json'];

export function formatGrade(report: GradeReport, format: GradeFormat): string {
  return format === 'csv' ? gradeCsv(report) : format === 'json' ? gradeJson(report) : gradeMarkdown(report);
}

/** The report as one JSON document (the GradeReport shape, documented in the README). */
export function gradeJson(report: GradeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const CSV_COLUMNS = ['name', 'met', 'total', 'complete', 'errors', 'warnings', 'image_bytes', 'builds', 'starts', 'unmet', 'problem'];

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled.
 * A cell a spreadsheet would read as a formula (= + - @, or a tab or CR first) gets a leading '.
 */
export function csvCell(value: string | number | boolean | null): string {
  let s = value === null ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per submission, in name order, after a header row; CRLF line ends. */
export function gradeCsv(report: GradeReport): string {
  const rows = report.submissions.map((s) => [
    s.name, s.met, s.total, s.complete, s.errors, s.warnings, s.image?.bytes ?? null, s.builds, s.starts, s.unmet.join(';'), s.problem,
  ]);
  return [CSV_COLUMNS, ...rows].map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

/** Text in Markdown, shown as text: inline markup, HTML and table pipes escaped, one line. */
export function mdText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|&$~#!]/g, (c) => `\\${c}`);
}

/** A name as a code span: literal text (no markup, no HTML, no autolink); pipes escaped for tables. */
export function mdCode(text: string): string {
  const one = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...one.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || (one.startsWith(' ') && one.endsWith(' ') && one.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${one.replace(/\|/g, '\\|')}${pad}${fence}`;
}

const yesNo = (b: boolean | null) => (b === null ? '—' : b ? 'yes' : 'no');
const firstLine = (s: string) => s.split('\n')[0]!;

/** A readable report: the class, a table of submissions, then each submission's details. */
export function gradeMarkdown(report: GradeReport): string {
  const { lesson, submissions, class: c } = report;
  const out: string[] = [`# Grades: ${mdText(lesson.title)} (lesson ${mdCode(lesson.id)})`, ''];
  if (submissions.length === 0) {
    out.push('No submissions: the folder holds no files or folders to grade.', '');
    if (report.skipped.length) out.push(`Skipped: ${report.skipped.map((s) => `${mdCode(s.path)} (${s.reason})`).join(', ')}.`, '');
    return `${out.join('\n')}`;
  }
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  out.push(
    `${plural(c.submissions, 'submission')}${c.ungraded ? ` (${c.ungraded} could not be read)` : ''}: ${c.complete} complete; ${c.builds} build an image and ${c.starts} would start.`,
    '',
    c.commonFailure ? `Most common failure: ${mdText(c.commonFailure.title)} (${mdCode(c.commonFailure.key)}), not met by ${c.commonFailure.count} of ${c.graded}.` : c.graded ? 'Every graded submission meets every goal.' : 'No submission could be graded.',
    '',
    '| Submission | Goals met | Complete | Errors | Warnings | Image | Builds | Starts |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const s of submissions) {
    if (!s.graded) {
      out.push(`| ${mdCode(s.name)} | not graded: ${mdText(s.problem ?? '')} | no | — | — | — | — | — |`);
      continue;
    }
    const image = s.image ? s.image.size : `no image${s.buildFailure?.line ? ` (line ${s.buildFailure.line})` : ''}`;
    out.push(`| ${mdCode(s.name)} | ${s.met}/${s.total} | ${yesNo(s.complete)} | ${s.errors} | ${s.warnings} | ${image} | ${yesNo(s.builds)} | ${s.starts} |`);
  }
  out.push('', '## Goals', '', '| Goal | Met | Not met |', '| --- | --- | --- |');
  for (const g of c.goals) out.push(`| ${mdText(g.title)} (${mdCode(g.key)}) | ${g.met} | ${g.unmet} |`);
  out.push('', '## Submissions', '');
  for (const s of submissions) {
    out.push(`### ${mdCode(s.name)}`, '');
    const lines: string[] = [];
    lines.push(`Submission: ${mdCode(s.path)}${s.dockerignore === 'submission' ? ', with its own .dockerignore' : ''}`);
    if (!s.graded) {
      lines.push(`Not graded: ${mdText(s.problem ?? '')}`);
    } else {
      lines.push(s.complete ? `All ${s.total} goals met.` : `${s.met} of ${s.total} goals met.`);
      for (const g of s.goals.filter((x) => !x.met)) lines.push(`${g.unknown ? 'Unknown' : 'Not met'}: ${mdText(g.title)}: ${mdText(g.detail)}`);
      lines.push(`${plural(s.errors ?? 0, 'error')}, ${plural(s.warnings ?? 0, 'warning')}${s.diagnostics.length ? ':' : '.'}`);
      for (const d of s.diagnostics.slice(0, 10)) lines.push(`  - line ${d.line}: ${d.severity} ${mdText(d.message)} (${mdText(d.rule)})`);
      if (s.diagnostics.length > 10) lines.push(`  - and ${s.diagnostics.length - 10} more`);
      lines.push(s.image ? `Image: ${s.image.size}` : `No image: the build fails${s.buildFailure?.line ? ` at line ${s.buildFailure.line}` : ''}: ${mdText(firstLine(s.buildFailure?.message ?? ''))}`);
      // A build that fails says why above; no image, no container.
      lines.push(`Starts: ${s.starts}${s.starts === 'yes' || !s.builds ? '' : ` (${mdText(s.startsDetail ?? '')})`}`);
    }
    for (const n of s.notes) lines.push(`Note: ${mdText(n)}`);
    out.push(...lines.map((l) => (l.startsWith('  - ') ? l : `- ${l}`)), '');
  }
  if (report.skipped.length) out.push(`Skipped: ${report.skipped.map((s) => `${mdCode(s.path)} (${s.reason})`).join(', ')}.`, '');
  return out.join('\n');
}
