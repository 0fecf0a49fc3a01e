/**
 * `stagecraft grade DIR --lesson ID [--format md|csv|json]`: the grading of src/commands/grade.ts
 * over a folder on disk, with the lesson as `stagecraft check --lesson` loads it. Exit 0 when
 * grading ran (whatever the submissions' verdicts), 2 for a usage error or a DIR that cannot be read.
 */
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateGoals } from '../engine/index';
import { formatGrade, GRADE_FORMATS, gradeWorkspace, type GradeFormat, type GradeLesson } from '../commands/grade';
import { commandArgs, InputError, UsageError, type CliIO } from './io';
import { findLesson, lessonIds, type CliLesson } from './lessons-fs';
import { nodeWorkspace } from './node-workspace';
import { REPO_ROOT } from './paths';

/** A lesson as grading needs it. */
export function gradeLessonOf(lesson: CliLesson): GradeLesson {
  return {
    id: lesson.id,
    title: lesson.title,
    goals: lesson.goals,
    baseline: lesson.baseline,
    get context() {
      return lesson.context;
    },
    contextWith: (dockerignore) => lesson.contextWith(dockerignore),
    editable: lesson.loaded.data.exercise.editable,
  };
}

export function gradeCommand(argv: string[], io: CliIO): number {
  const args = commandArgs(argv, { lesson: { type: 'string' }, format: { type: 'string' } });
  const { lesson: lessonId, format = 'md' } = args.values;
  if (args.positionals.length !== 1) throw new UsageError('grade takes one DIR: the folder of submissions');
  if (lessonId === undefined) throw new UsageError('grade needs --lesson ID (the lesson the submissions are for)');
  if (!(GRADE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format is one of ${GRADE_FORMATS.join(', ')}, not "${format}"`);
  const shown = args.positionals[0]!;
  const dir = resolve(io.cwd, shown);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
    if (isDir) readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${shown}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message}`);
  }
  if (!isDir) throw new InputError(`cannot read ${shown}: not a directory (grade takes a folder of submissions)`);
  const lesson = findLesson(REPO_ROOT, lessonId);
  if (!lesson) throw new UsageError(`no lesson "${lessonId}"; lessons: ${lessonIds(REPO_ROOT).join(', ')}`);
  const problems = validateGoals(lesson.goals);
  if (problems.length) throw new InputError(`lesson ${lessonId} has invalid goals: ${problems.join('; ')}`);
  const report = gradeWorkspace(nodeWorkspace(dir), gradeLessonOf(lesson));
  if ('error' in report) throw new InputError(report.error);
  io.stdout(formatGrade(report, format as GradeFormat));
  return 0;
}
