import { join } from 'node:path';
import type { GoalSpec, PreparedContext } from '../engine/index';
import { lessonIdFromFolder } from '../lessons/ids';
import {
  describeLessonProblems, lessonFolders, loadLesson, loadLessons, LessonLoadError,
  type ExerciseSide, type LessonFile, type LoadedLesson,
} from '../lessons/loader';
import { nodeContentSource } from './content-source';
import { InputError } from './io';

/**
 * A lesson as the CLI sees it: what the lesson loader gives (src/lessons/loader.ts,
 * the reader the site uses too), with the files it came from as paths on disk.
 * Build contexts are in memory: the project with the lesson's overlays laid on it.
 */
export interface CliLesson {
  id: string;
  folder: string;
  title: string;
  goals: GoalSpec[];
  goalTitles: Array<{ id: string; title: string }>;
  /** Absolute path of the start Dockerfile. */
  start: string;
  /** Absolute path of the Dockerfile with the solution applied (the start's when the solution folder has none). */
  solution: string;
  /** The start and solution Dockerfiles' texts. */
  startDockerfile: string;
  solutionDockerfile: string;
  /** Absolute path of the project folder the build context is made from. */
  project: string;
  /** Files the start lays over that folder in its context (path in the context → absolute path of the file); `{}` when none. */
  contextOverlay: Record<string, string>;
  /** The same for the solution's context. */
  solutionContextOverlay: Record<string, string>;
  /** Whether the solution's context differs from the start's (the solution changes more than the Dockerfile). */
  solutionContextDiffers: boolean;
  /** The build context the exercise starts in: the project with the start's files (a .dockerignore) laid over it. */
  readonly context: PreparedContext;
  /** The build context with the solution applied. */
  readonly solutionContext: PreparedContext;
  /** The start's (or solution's) context with another .dockerignore text, e.g. `check --dockerignore FILE`. */
  contextWith(dockerignore: string | undefined, side?: ExerciseSide): PreparedContext;
  /** The single-stage baseline Dockerfile's text, if the lesson has one. */
  baseline: string | null;
  /** The .dockerignore the exercise starts with, when the lesson brings its own. */
  dockerignore: string | null;
  /** Everything the loader read. */
  loaded: LoadedLesson;
}

function cliLesson(root: string, l: LoadedLesson): CliLesson {
  const abs = (repoPath: string) => join(root, ...repoPath.split('/'));
  const paths = (files: LessonFile[]) => Object.fromEntries(files.map((f) => [f.path, abs(f.from)]));
  return {
    id: l.id,
    folder: l.folder,
    title: l.title,
    goals: l.goals,
    goalTitles: l.titledGoals.map((g) => ({ id: g.rule, title: g.title })),
    start: abs(l.startDockerfile.from),
    solution: abs(l.solutionDockerfile.from),
    startDockerfile: l.startDockerfile.text,
    solutionDockerfile: l.solutionDockerfile.text,
    project: abs(l.project.dir),
    contextOverlay: paths(l.contextOverlay),
    solutionContextOverlay: paths(l.solutionContextOverlay),
    solutionContextDiffers: l.solutionContextDiffers,
    get context() {
      return l.context;
    },
    get solutionContext() {
      return l.solutionContext;
    },
    contextWith: (dockerignore, side) => l.contextWith(dockerignore, side),
    baseline: l.baseline,
    dockerignore: l.contextOverlay.find((f) => f.path === '.dockerignore')?.text ?? null,
    loaded: l,
  };
}

/** Every lesson under `root`; an InputError naming each lesson that cannot be loaded and why (none is skipped). */
export function listLessons(root: string): CliLesson[] {
  const { lessons, problems } = loadLessons(nodeContentSource(root));
  if (problems.length) throw new InputError(describeLessonProblems(problems));
  return lessons.map((l) => cliLesson(root, l));
}

/** The ids of the lesson folders under `root`, read from their names alone (for "no lesson X; lessons: …"). */
export function lessonIds(root: string): string[] {
  return lessonFolders(nodeContentSource(root)).map(lessonIdFromFolder);
}

/** The lesson with this id (or folder name); undefined when there is none, an InputError when it cannot be loaded. */
export function findLesson(root: string, id: string): CliLesson | undefined {
  const source = nodeContentSource(root);
  const folder = lessonFolders(source).find((f) => f === id || lessonIdFromFolder(f) === id);
  if (folder === undefined) return undefined;
  try {
    return cliLesson(root, loadLesson(source, folder));
  } catch (e) {
    if (e instanceof LessonLoadError) throw new InputError(e.message);
    throw e;
  }
}
