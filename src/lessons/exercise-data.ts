/**
 * Everything the in-browser exercise needs, as one JSON document per lesson
 * (served as /exercise/<id>.json and fetched only when the learner reaches the
 * exercise): the start and solution files, goals, hints, the baseline, the
 * project that is the build context and the extra files of the terminal's copy of it.
 * Made from the lesson loader's output (src/lessons/loader.ts), the reader the CLI uses too.
 */
import type { ContextEntry } from '../engine/index';
import type { CourseLesson } from './course';
import { siteSource } from './exercise-files';
import { loadLesson, readTerminalFiles, type LessonFile, type LoadedLesson } from './loader';

export interface ExerciseData {
  version: 1;
  id: string;
  title: string;
  number: number;
  next: { href: string; title: string } | null;
  editable: string[];
  /** Editable files at the start, by name. */
  start: Record<string, string>;
  /** Editable files with the solution applied, by name. */
  solution: Record<string, string>;
  goals: Array<{ rule: string; options: Record<string, unknown>; title: string }>;
  hints: string[];
  baseline: string | null;
  project: { name: string; files: ContextEntry[]; manifest: unknown };
  /**
   * Extra files of the in-page terminal's project (`exercise.terminal.files`), by path in
   * the project → text: laid over the project and the start files, beside the editor's
   * live ones. `{}` when the lesson names none.
   */
  terminalFiles: Record<string, string>;
}

/** The texts of `exercise.terminal.files`; throws at site-build time naming the lesson and the missing file. */
export function terminalFiles(folder: string, files: Record<string, string> | undefined): Record<string, string> {
  return readTerminalFiles(siteSource, folder, files);
}

const loaded = new Map<string, LoadedLesson>();

/** A lesson as the loader reads it from the site's bundled files; throws at site-build time saying which lesson and why. */
export function siteLesson(folder: string): LoadedLesson {
  let lesson = loaded.get(folder);
  if (!lesson) loaded.set(folder, (lesson = loadLesson(siteSource, folder)));
  return lesson;
}

/** The exercise JSON of a loaded lesson (from any source: the site's bundled files or the CLI's disk). */
export function exerciseDataOf(lesson: LoadedLesson, place: { number: number; next: { href: string; title: string } | null }): ExerciseData {
  const { exercise, hints } = lesson.data;
  const pick = (files: LessonFile[]) =>
    Object.fromEntries(exercise.editable.map((name) => [name, files.find((f) => f.path === name)?.text ?? '']));
  return {
    version: 1,
    id: lesson.id,
    title: lesson.title,
    number: place.number,
    next: place.next,
    editable: exercise.editable,
    start: pick(lesson.startFiles),
    solution: pick(lesson.solutionFiles),
    goals: lesson.titledGoals.map((g) => ({ rule: g.rule, options: g.options, title: g.title })),
    hints,
    baseline: lesson.baseline,
    project: { name: lesson.project.name, files: [...lesson.project.files], manifest: lesson.project.manifest },
    terminalFiles: { ...lesson.terminalFiles },
  };
}

export function exerciseData(lesson: CourseLesson, next: CourseLesson | undefined): ExerciseData {
  return exerciseDataOf(siteLesson(lesson.folder), {
    number: lesson.number,
    next: next ? { href: next.href, title: next.entry.data.title } : null,
  });
}
