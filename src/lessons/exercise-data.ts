/**
 * Everything the in-browser exercise needs, as one JSON document per lesson
 * (served as /exercise/<id>.json and fetched only when the learner reaches the
 * exercise): the start and solution files, goals, hints, the baseline, the
 * project that is the build context and the extra files of the terminal's copy of it.
 */
import { goalsById, lessonGoals, type ContextEntry } from '../engine/index';
import type { CourseLesson } from './course';
import { lessonFolderFiles, overlayFiles } from './exercise-files';
import { lessonFile, projectSource } from './projects';

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
  const out: Record<string, string> = {};
  for (const [path, from] of Object.entries(files ?? {})) {
    try {
      out[path] = lessonFile(folder, from);
    } catch (e) {
      throw new Error(`content/lessons/${folder}/index.mdx: exercise.terminal.files["${path}"] names ${from}, but ${(e as Error).message}`);
    }
  }
  return out;
}

export function exerciseData(lesson: CourseLesson, next: CourseLesson | undefined): ExerciseData {
  const { exercise, goals, hints, title } = lesson.entry.data;
  const start = lessonFolderFiles(lesson.folder, exercise.start);
  const solution = overlayFiles(start, lessonFolderFiles(lesson.folder, exercise.solution));
  const pick = (files: Array<{ path: string; text: string }>) =>
    Object.fromEntries(exercise.editable.map((name) => [name, files.find((f) => f.path === name)?.text ?? '']));
  const { files, manifest } = projectSource(exercise.project);
  return {
    version: 1,
    id: lesson.id,
    title,
    number: lesson.number,
    next: next ? { href: next.href, title: next.entry.data.title } : null,
    editable: exercise.editable,
    start: pick(start),
    solution: pick(solution),
    goals: lessonGoals(goals).map((g) => {
      const def = goalsById.get(g.rule);
      const o = def?.options(g.options ?? {});
      return { rule: g.rule, options: g.options ?? {}, title: g.title ?? (def && o?.ok ? def.title(o.value) : g.rule) };
    }),
    hints,
    baseline: exercise.baseline ? lessonFile(lesson.folder, exercise.baseline) : null,
    project: { name: exercise.project, files, manifest },
    terminalFiles: terminalFiles(lesson.folder, exercise.terminal?.files),
  };
}
