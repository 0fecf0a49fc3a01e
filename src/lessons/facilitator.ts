/**
 * What the facilitator guide (/facilitator/) and the exercise cards
 * (/facilitator/cards/) show for each lesson, made while the site is built:
 * the lesson's own facilitator notes (frontmatter `facilitator`), its goals, hints
 * and solution from the lesson loader, the commands of its terminal walk-throughs
 * and of its "Try it on a real Docker" box, and the common mistakes.
 *
 * The common mistakes are the wrong attempts the tests hold
 * (tests/lesson-attempts/NN-slug.ts, checked there against what real Docker does),
 * each with what the exercise would say about it: the verdict is computed here with
 * the engine exactly as the exercise's worker computes it (checkExercise on the
 * lesson's build context, with the lesson's goals and baseline), never typed.
 */
import { checkExercise } from '../engine/index';
import type { LessonCases, WrongAttempt } from '../../tests/lesson-attempts/types';
import type { CourseLesson } from './course';
import { siteSource } from './exercise-files';
import { siteLesson } from './exercise-data';
import { realDockerBox, terminalStepLists, type RealDockerBox, type TerminalStepList } from './lesson-text';
import type { LoadedLesson } from './loader';

/** A goal the exercise shows as not met for an attempt, with the line it shows under it. */
export interface UnmetGoal {
  /** Its position in the lesson's goals (LoadedLesson.goals). */
  goal: number;
  title: string;
  detail: string;
}

/** A wrong attempt and what the exercise says about it. */
export interface MistakeVerdict {
  /** What the attempt gets wrong, as the tests name it. */
  name: string;
  /** The attempt's Dockerfile. */
  dockerfile: string;
  /** The attempt's .dockerignore, when it brings one (lesson 6). */
  dockerignore: string | null;
  /** The goals not met, in the order the Goals list shows them. */
  unmet: UnmetGoal[];
}

/**
 * The verdicts of a lesson's wrong attempts, as the exercise's worker reaches them:
 * the attempt's Dockerfile checked against the lesson's goals on the lesson's build
 * context (with the attempt's own .dockerignore, where it has one).
 */
export function commonMistakes(lesson: LoadedLesson, attempts: readonly WrongAttempt[]): MistakeVerdict[] {
  return attempts.map((a) => {
    const ctx = a.dockerignore === undefined ? lesson.context : lesson.contextWith(a.dockerignore);
    const check = checkExercise(a.dockerfile, ctx, { goals: lesson.goals, baseline: lesson.baseline });
    return {
      name: a.name,
      dockerfile: a.dockerfile,
      dockerignore: a.dockerignore ?? null,
      unmet: check.goals.flatMap((g, goal) => (g.met ? [] : [{ goal, title: g.title, detail: g.detail }])),
    };
  });
}

/** Unmet goals that the page explains with the same line (a failed build fails several), grouped: one line, every goal it is under. */
export function byDetail(unmet: readonly UnmetGoal[]): Array<{ goals: string[]; detail: string }> {
  const groups = new Map<string, string[]>();
  for (const g of unmet) groups.set(g.detail, [...(groups.get(g.detail) ?? []), g.title]);
  return [...groups].map(([detail, goals]) => ({ goals, detail }));
}

/** An editable file of the exercise as the solution leaves it. */
export interface SolutionFile {
  path: string;
  text: string;
}

export interface FacilitatorLesson {
  id: string;
  number: number;
  title: string;
  href: string;
  minutes: number;
  /** The sample project that is the build context. */
  project: string;
  /** Goal titles, as the exercise lists them (the build-and-start goal included). */
  goals: string[];
  hints: string[];
  talkingPoints: string[];
  pitfalls: string[];
  mistakes: MistakeVerdict[];
  /** The editable files the solution changes. */
  solution: SolutionFile[];
  /** The editable files the solution leaves as they start. */
  unchanged: string[];
  realDocker: RealDockerBox;
  /** The lesson's own terminal walk-throughs; `[]` when it has none. */
  walkthroughs: TerminalStepList[];
  /** The notes' `demo` commands, or null. */
  demo: string[] | null;
}

// The attempt tables, bundled at site-build time like the lesson files (src/lessons/exercise-files.ts).
const attemptTables = import.meta.glob<LessonCases>('/tests/lesson-attempts/[0-9][0-9]-*.ts', { eager: true, import: 'cases' });

/** The wrong attempts the tests hold for a lesson folder; throws, naming the file to write, when there are none. */
export function lessonAttempts(folder: string): WrongAttempt[] {
  const path = `/tests/lesson-attempts/${folder}.ts`;
  const cases = attemptTables[path];
  if (!cases || cases.wrong.length === 0) {
    throw new Error(
      `content/lessons/${folder}: the facilitator guide lists each lesson's common mistakes from tests${path.slice('/tests'.length)}, which ${cases ? 'has no wrong attempts' : 'does not exist'}. Write it as the other lessons' tables are written (see tests/lesson-attempts/types.ts) and add its spec under tests/unit/lesson-attempts/.`,
    );
  }
  return cases.wrong;
}

/** What an exercise card shows: the lesson, its goals and its hints. */
export interface ExerciseCard {
  id: string;
  number: number;
  title: string;
  /** The lesson's path on the site, `/lessons/stages/`: the cards prefix the address attendees open. */
  href: string;
  goals: string[];
  hints: string[];
}

export function exerciseCard(course: CourseLesson): ExerciseCard {
  const lesson = siteLesson(course.folder);
  return { id: lesson.id, number: course.number, title: lesson.title, href: course.href, goals: lesson.titledGoals.map((g) => g.title), hints: lesson.data.hints };
}

/** Everything the guide shows for a lesson; throws at site-build time, naming the lesson, when a part is missing. */
export function facilitatorLesson(course: CourseLesson): FacilitatorLesson {
  const lesson = siteLesson(course.folder);
  const where = `content/lessons/${course.folder}/index.mdx`;
  const mdx = siteSource.read(where);
  if (mdx === undefined) throw new Error(`${where} is not among the site's bundled files`);
  const notes = lesson.data.facilitator;

  let realDocker: RealDockerBox;
  try {
    realDocker = realDockerBox(mdx);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}. The facilitator guide shows its commands; every lesson ends with one.`);
  }
  const walkthroughs = terminalStepLists(mdx);
  if (walkthroughs.length === 0 && !notes.demo) {
    throw new Error(`${where}: the lesson has no <TerminalSteps>, so the facilitator guide needs facilitator.demo: the in-page shell commands to show (docker build, docker images, docker history, docker run, dive…).`);
  }

  const mistakes = commonMistakes(lesson, lessonAttempts(course.folder));
  for (const m of mistakes) {
    if (m.unmet.length === 0) throw new Error(`tests/lesson-attempts/${course.folder}.ts: the wrong attempt "${m.name}" meets every goal of the lesson; the guide cannot list it as a mistake.`);
  }

  const text = (files: LoadedLesson['startFiles'], name: string) => files.find((f) => f.path === name)?.text ?? '';
  const editable = lesson.data.exercise.editable;
  const changed = editable.filter((name) => text(lesson.solutionFiles, name) !== text(lesson.startFiles, name));

  return {
    id: lesson.id,
    number: course.number,
    title: lesson.title,
    href: course.href,
    minutes: lesson.data.minutes,
    project: lesson.project.name,
    goals: lesson.titledGoals.map((g) => g.title),
    hints: lesson.data.hints,
    talkingPoints: notes.talkingPoints,
    pitfalls: notes.pitfalls ?? [],
    mistakes,
    solution: changed.map((path) => ({ path, text: text(lesson.solutionFiles, path) })),
    unchanged: editable.filter((name) => !changed.includes(name)),
    realDocker,
    walkthroughs,
    demo: notes.demo ?? null,
  };
}
