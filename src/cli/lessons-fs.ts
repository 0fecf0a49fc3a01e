import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { goalsById, lessonGoals, type GoalSpec } from '../engine/index';
import { lessonIdFromFolder } from '../lessons/ids';
import { listFiles, readContentLayout } from './content-fs';

/** A lesson as the CLI sees it: ids, titles, goals and the paths of its files. */
export interface CliLesson {
  id: string;
  folder: string;
  title: string;
  goals: GoalSpec[];
  goalTitles: Array<{ id: string; title: string }>;
  /** Absolute path of the start Dockerfile. */
  start: string;
  /** Absolute path of the Dockerfile with the solution applied. */
  solution: string;
  /** Absolute path of the build-context directory the exercise starts in (project + start files). */
  context: string;
  /** The build context with the solution applied, when the solution changes more than the Dockerfile. */
  solutionContext: string;
  /** The single-stage baseline Dockerfile's text, if the lesson has one. */
  baseline: string | null;
  /** The .dockerignore the exercise starts with, when the lesson brings its own. */
  dockerignore: string | null;
}

export function listLessons(root: string): CliLesson[] {
  const { lessons } = readContentLayout(root);
  return lessons.flatMap((l): CliLesson[] => {
    const fm = l.frontmatter && 'data' in l.frontmatter ? l.frontmatter.data : null;
    const projectName = (fm?.exercise as { project?: unknown } | undefined)?.project;
    if (!fm || typeof projectName !== 'string' || !projectName) return [];
    const exercise = (fm.exercise ?? {}) as { project?: string; start?: string; solution?: string; baseline?: string };
    const dir = join(root, 'content', 'lessons', l.folder);
    const startDir = join(dir, (exercise.start ?? 'start').replace(/\/+$/, ''));
    const solutionDir = join(dir, (exercise.solution ?? 'solution').replace(/\/+$/, ''));
    const goals = lessonGoals(Array.isArray(fm.goals) ? (fm.goals as GoalSpec[]) : []);
    const project = join(root, 'content', 'projects', String(exercise.project ?? ''));
    const id = lessonIdFromFolder(l.folder);
    // Files other than the Dockerfile (a .dockerignore) change the context itself.
    const extra = (d: string) => listFiles(d).filter((f) => f !== 'Dockerfile');
    const startExtra = extra(startDir);
    const solutionExtra = extra(solutionDir);
    const startContext = startExtra.length ? materialize(project, [startDir], `${id}-start`) : project;
    const solutionContext = startExtra.length || solutionExtra.length ? materialize(project, [startDir, solutionDir], `${id}-solution`) : project;
    return [
      {
        id,
        folder: l.folder,
        title: String(fm.title ?? l.folder),
        goals,
        goalTitles: goals.map((g) => {
          const def = goalsById.get(g.rule);
          const o = def?.options(g.options ?? {});
          return { id: g.rule, title: g.title ?? (def && o?.ok ? def.title(o.value) : g.rule) };
        }),
        start: join(startDir, 'Dockerfile'),
        solution: existsSync(join(solutionDir, 'Dockerfile')) ? join(solutionDir, 'Dockerfile') : join(startDir, 'Dockerfile'),
        context: startContext,
        solutionContext,
        baseline: exercise.baseline && existsSync(join(dir, exercise.baseline)) ? readFileSync(join(dir, exercise.baseline), 'utf8') : null,
        dockerignore: existsSync(join(startDir, '.dockerignore')) ? readFileSync(join(startDir, '.dockerignore'), 'utf8') : null,
      },
    ];
  });
}

/**
 * A real folder holding the project with overlays laid over it (later ones win),
 * for lessons whose exercise changes more than the Dockerfile. Rewritten each time.
 */
function materialize(project: string, overlays: string[], name: string): string {
  const target = join(tmpdir(), 'stagecraft-lessons', name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(project, target, { recursive: true, force: true });
  for (const overlay of overlays) {
    for (const file of listFiles(overlay)) {
      if (file === 'Dockerfile') continue;
      mkdirSync(dirname(join(target, file)), { recursive: true });
      writeFileSync(join(target, file), readFileSync(join(overlay, file)));
    }
  }
  return target;
}

export function findLesson(root: string, id: string): CliLesson | undefined {
  return listLessons(root).find((l) => l.id === id || l.folder === id);
}
