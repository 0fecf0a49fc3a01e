/**
 * The one reader of lessons. The `stagecraft` CLI, the site build (the exercise
 * JSON the browser's worker loads) and the tests all go through here, each with
 * its own ContentSource: Node's filesystem (src/cli/content-source.ts) or Vite's
 * bundled file texts (src/lessons/exercise-files.ts). Pure: no Node, no Vite, no
 * DOM — file texts in, validated lessons and in-memory build contexts out.
 *
 * A lesson is `content/lessons/<folder>/index.mdx` (frontmatter checked against
 * src/lessons/schema.ts, the schema Astro's content collection uses) with its
 * exercise folders; its project is `content/projects/<name>/`. The start is the
 * start folder laid over the project; the solution is the solution folder laid
 * over the start.
 */
import { parseFrontmatter } from './frontmatter';

export { parseFrontmatter };
import {
  goalsById, lessonGoals, prepareContext, PROJECT_MANIFEST, textEntry,
  type ContextEntry, type GoalSpec, type PreparedContext,
} from '../engine/index';
import { lessonIdFromFolder } from './ids';
import { fieldHint, formatContentProblems, type ContentProblem } from './layout';
import { lessonSchema, type LessonData } from './schema';

/** Where lesson and project files come from. Paths are repository-relative, `/`-separated: `content/lessons/06-dockerignore/start/.dockerignore`. */
export interface ContentSource {
  /** The text of a file, or undefined when there is none. */
  read(path: string): string | undefined;
  /** The paths of every file below a folder (`content/projects/go-http`), at any depth, repository-relative, in any order. */
  list(dir: string): string[];
}

/** A source over file texts by repository path (a leading `/` is dropped): the site's bundled files, or a test's fake content. */
export function memorySource(files: Record<string, string>): ContentSource {
  const map = new Map(Object.entries(files).map(([path, text]) => [path.replace(/^\/+/, ''), text]));
  return {
    read: (path) => map.get(path),
    list(dir) {
      const prefix = `${dir.replace(/\/+$/, '')}/`;
      return [...map.keys()].filter((p) => p.startsWith(prefix));
    },
  };
}

/** A text file of an exercise, by path in the project (`Dockerfile`, `.dockerignore`), with the repository path it was read from. */
export interface LessonFile {
  path: string;
  text: string;
  /** Repository path of the file that gave the text, e.g. `content/lessons/06-dockerignore/start/.dockerignore`. */
  from: string;
}

/** A sample project: its real files as context entries, sorted by path, and the manifest that describes its heavy folders. */
export interface ProjectFiles {
  name: string;
  /** `content/projects/<name>` */
  dir: string;
  files: ContextEntry[];
  manifest: unknown;
}

/** A goal as the learner reads it in the Goals list. */
export interface TitledGoal {
  rule: string;
  options: Record<string, unknown>;
  title: string;
}

export type ExerciseSide = 'start' | 'solution';

export interface LoadedLesson {
  /** The folder name without its order prefix: `dockerignore`. */
  id: string;
  /** `06-dockerignore` */
  folder: string;
  /** `content/lessons/06-dockerignore` */
  dir: string;
  /** The frontmatter, validated (defaults applied). */
  data: LessonData;
  title: string;
  /** The lesson's goals with the build-and-start goal every lesson has (lessonGoals). */
  goals: GoalSpec[];
  /** The same goals with the title the learner reads. */
  titledGoals: TitledGoal[];
  /** The start: the start folder laid over the project's text files, sorted by path. */
  startFiles: LessonFile[];
  /** The solution: the solution folder laid over the start. */
  solutionFiles: LessonFile[];
  startDockerfile: LessonFile;
  /** The solution's Dockerfile (the start's when the solution folder has none). */
  solutionDockerfile: LessonFile;
  /** The baseline Dockerfile's text (exercise.baseline), or null. */
  baseline: string | null;
  /** exercise.terminal.files: path in the terminal's project → text. `{}` when the lesson names none. */
  terminalFiles: Record<string, string>;
  project: ProjectFiles;
  /**
   * The lesson's own files laid over the project in the start's build context, i.e. the
   * start folder's files but its Dockerfile (which is the file being built, not context).
   * A .dockerignore among them is the context's .dockerignore.
   */
  contextOverlay: LessonFile[];
  /** The same for the solution's context: the solution folder's files laid over the start's. */
  solutionContextOverlay: LessonFile[];
  /** Whether the solution's build context differs from the start's (the solution changes more than the Dockerfile). */
  solutionContextDiffers: boolean;
  /** The start's build context (prepared on first use). */
  readonly context: PreparedContext;
  /** The solution's build context (prepared on first use; the same object as `context` when they do not differ). */
  readonly solutionContext: PreparedContext;
  /** A build context of the start (or solution) with another .dockerignore text in place of the lesson's own. */
  contextWith(dockerignore: string | undefined, side?: ExerciseSide): PreparedContext;
}

/** A lesson that cannot be loaded: the file at fault, what is wrong and how to fix it. */
export interface LessonProblem extends ContentProblem {
  folder: string;
}

export class LessonLoadError extends Error {
  readonly problems: LessonProblem[];
  constructor(problems: LessonProblem[]) {
    super(describeLessonProblems(problems));
    this.name = 'LessonLoadError';
    this.problems = problems;
  }
}

/** One paragraph per lesson: which lesson cannot be loaded, then each problem with its hint. */
export function describeLessonProblems(problems: readonly LessonProblem[]): string {
  const byFolder = new Map<string, LessonProblem[]>();
  for (const p of problems) byFolder.set(p.folder, [...(byFolder.get(p.folder) ?? []), p]);
  return [...byFolder]
    .map(([folder, list]) => `lesson ${lessonIdFromFolder(folder)} (content/lessons/${folder}) cannot be loaded:\n${formatContentProblems(list)}`)
    .join('\n');
}

const LESSONS_DIR = 'content/lessons';
const PROJECTS_DIR = 'content/projects';

/** The lesson folders of a source (`01-why-images-are-huge`, …), sorted: every folder under content/lessons that holds a file. */
export function lessonFolders(source: ContentSource): string[] {
  const folders = new Set<string>();
  for (const path of source.list(LESSONS_DIR)) {
    const rest = path.slice(LESSONS_DIR.length + 1);
    const slash = rest.indexOf('/');
    if (slash > 0) folders.add(rest.slice(0, slash));
  }
  return [...folders].sort();
}

/** A path named from a lesson folder (`start/Dockerfile`, `../01-other/start/Dockerfile`) as a repository path. */
export function lessonPath(folder: string, path: string): string {
  const parts: string[] = [];
  for (const part of `${LESSONS_DIR}/${folder}/${path}`.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** A file named from a lesson folder; throws naming it when it does not exist. */
export function readLessonFile(source: ContentSource, folder: string, path: string): string {
  const key = lessonPath(folder, path);
  const text = source.read(key);
  if (text === undefined) throw new Error(`${key} does not exist (named from ${LESSONS_DIR}/${folder})`);
  return text;
}

/** The texts of `exercise.terminal.files`; throws naming the lesson, the entry and the missing file. */
export function readTerminalFiles(source: ContentSource, folder: string, files: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, from] of Object.entries(files ?? {})) {
    try {
      out[path] = readLessonFile(source, folder, from);
    } catch (e) {
      throw new Error(`${LESSONS_DIR}/${folder}/index.mdx: exercise.terminal.files["${path}"] names ${from}, but ${(e as Error).message}`);
    }
  }
  return out;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** A sample project's files and manifest; throws when it has no files or its manifest is not JSON. */
export function readProject(source: ContentSource, name: string): ProjectFiles {
  const dir = `${PROJECTS_DIR}/${name}`;
  const files: ContextEntry[] = [];
  let manifest: unknown = null;
  for (const full of source.list(dir)) {
    const text = source.read(full);
    if (text === undefined) continue;
    const path = full.slice(dir.length + 1);
    if (path === PROJECT_MANIFEST) {
      try {
        manifest = JSON.parse(text);
      } catch (e) {
        throw new Error(`${full} is not valid JSON: ${(e as Error).message}`);
      }
      continue;
    }
    files.push(textEntry(path, text));
  }
  if (files.length === 0) throw new Error(`${dir} has no files`);
  return { name, dir, files: files.sort(byPath), manifest };
}

/** The files of a folder (repository path), by path relative to it. */
function folderFiles(source: ContentSource, dir: string): LessonFile[] {
  const out: LessonFile[] = [];
  for (const from of source.list(dir)) {
    const text = source.read(from);
    if (text !== undefined) out.push({ path: from.slice(dir.length + 1), text, from });
  }
  return out.sort(byPath);
}

/** Lays `overlay` over `base`: the same paths are replaced, new ones added; sorted by path. */
export function overlayFiles<F extends { path: string }>(base: readonly F[], overlay: readonly F[]): F[] {
  const map = new Map(base.map((f) => [f.path, f]));
  for (const f of overlay) map.set(f.path, f);
  return [...map.values()].sort(byPath);
}

/** `./start/` → `start` */
function trimFolder(p: string): string {
  return p.replace(/^\.\//, '').replace(/\/+$/, '');
}

interface LoadCache {
  projects: Map<string, ProjectFiles | Error>;
  /** Contexts of a project with no overlay, by project and .dockerignore: lessons on the same project share them. */
  plain: Map<string, PreparedContext>;
}

const newCache = (): LoadCache => ({ projects: new Map(), plain: new Map() });

/** Loads one lesson by folder; throws a LessonLoadError saying which lesson and why when it cannot. */
export function loadLesson(source: ContentSource, folder: string): LoadedLesson {
  const got = tryLoad(source, folder, newCache());
  if ('problems' in got) throw new LessonLoadError(got.problems);
  return got.lesson;
}

/** Every lesson of the source, in folder order, and the problems of those that cannot be loaded. */
export function loadLessons(source: ContentSource): { lessons: LoadedLesson[]; problems: LessonProblem[] } {
  const cache = newCache();
  const lessons: LoadedLesson[] = [];
  const problems: LessonProblem[] = [];
  for (const folder of lessonFolders(source)) {
    const got = tryLoad(source, folder, cache);
    if ('problems' in got) problems.push(...got.problems);
    else lessons.push(got.lesson);
  }
  return { lessons, problems };
}

function tryLoad(source: ContentSource, folder: string, cache: LoadCache): { lesson: LoadedLesson } | { problems: LessonProblem[] } {
  const dir = `${LESSONS_DIR}/${folder}`;
  const indexPath = `${dir}/index.mdx`;
  const problem = (file: string, message: string, hint: string): LessonProblem => ({ folder, file, message, hint });
  const index = source.read(indexPath);
  if (index === undefined) {
    return { problems: [problem(indexPath, 'The lesson has no index.mdx.', 'Every lesson folder holds its text in index.mdx, with the frontmatter the schema in src/lessons/schema.ts describes.')] };
  }
  const fm = parseFrontmatter(index);
  if ('error' in fm) {
    return { problems: [problem(indexPath, `The lesson's ${fm.error}.`, 'Start index.mdx with a YAML block between --- lines; src/lessons/schema.ts lists its fields.')] };
  }
  const parsed = lessonSchema.safeParse(fm.data);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const field = issue.path.map(String).join('.') || '(frontmatter)';
        return problem(indexPath, `${field}: ${issue.message}.`, fieldHint(field));
      }),
    };
  }
  const data = parsed.data;
  const { exercise } = data;
  const problems: LessonProblem[] = [];

  let project = cache.projects.get(exercise.project);
  if (!project) {
    try {
      project = readProject(source, exercise.project);
    } catch (e) {
      project = e as Error;
    }
    cache.projects.set(exercise.project, project);
  }
  if (project instanceof Error) {
    problems.push(problem(indexPath, `exercise.project names "${exercise.project}", but ${project.message}.`, 'Name a folder of content/projects/ (exercise.project).'));
  }

  const startDir = `${dir}/${trimFolder(exercise.start)}`;
  const solutionDir = `${dir}/${trimFolder(exercise.solution)}`;
  const startOwn = folderFiles(source, startDir);
  const solutionOwn = folderFiles(source, solutionDir);
  if (!startOwn.some((f) => f.path === 'Dockerfile')) {
    problems.push(problem(`${startDir}/Dockerfile`, 'The exercise has no start Dockerfile.', `Put the Dockerfile the learner starts from in ${trimFolder(exercise.start)}/ (exercise.start in the frontmatter names that folder).`));
  }
  if (solutionOwn.length === 0) {
    problems.push(problem(`${solutionDir}/`, 'The exercise has no solution files.', `Put the files the solution changes (usually just the Dockerfile) in ${trimFolder(exercise.solution)}/.`));
  }

  let baseline: string | null = null;
  if (exercise.baseline !== undefined) {
    try {
      baseline = readLessonFile(source, folder, exercise.baseline);
    } catch (e) {
      problems.push(problem(indexPath, `exercise.baseline names ${exercise.baseline}, but ${(e as Error).message}.`, 'Name a Dockerfile of the lesson folder, relative to it (e.g. examples/single-stage.Dockerfile).'));
    }
  }

  let terminalFiles: Record<string, string> = {};
  try {
    terminalFiles = readTerminalFiles(source, folder, exercise.terminal?.files);
  } catch (e) {
    const message = (e as Error).message.slice(`${indexPath}: `.length);
    problems.push(problem(indexPath, `${message}.`, 'Name a file of the lesson folder, relative to it (e.g. start/Dockerfile or examples/single-stage.Dockerfile).'));
  }

  if (problems.length || project instanceof Error) return { problems };
  const proj = project;

  const projectFiles: LessonFile[] = proj.files.flatMap((f) => (f.text === undefined ? [] : [{ path: f.path, text: f.text, from: `${proj.dir}/${f.path}` }]));
  const startFiles = overlayFiles(projectFiles, startOwn);
  const solutionFiles = overlayFiles(startFiles, solutionOwn);
  const startDockerfile = startFiles.find((f) => f.path === 'Dockerfile')!;
  const solutionDockerfile = solutionFiles.find((f) => f.path === 'Dockerfile')!;

  // What the lesson lays over the project's context: its folder's files but the Dockerfile being built.
  const inContext = (files: LessonFile[]) => files.filter((f) => f.path !== 'Dockerfile');
  const contextOverlay = inContext(startOwn);
  const solutionContextOverlay = overlayFiles(contextOverlay, inContext(solutionOwn));
  const sameFiles = (a: LessonFile[], b: LessonFile[]) => a.length === b.length && a.every((f, i) => f.path === b[i]!.path && f.text === b[i]!.text);
  const solutionContextDiffers = !sameFiles(contextOverlay, solutionContextOverlay);

  const prepare = (overlay: LessonFile[], dockerignore: string | undefined): PreparedContext => {
    // A lesson's .dockerignore is the context's, given to prepareContext as the browser's worker gives the editor's.
    const ignore = dockerignore ?? overlay.find((f) => f.path === '.dockerignore')?.text;
    const others = overlay.filter((f) => f.path !== '.dockerignore');
    if (others.length === 0) {
      const key = `${proj.name}\u0000${ignore ?? '\u0001'}`;
      let ctx = cache.plain.get(key);
      if (!ctx) cache.plain.set(key, (ctx = prepareContext(proj.files, proj.manifest, ignore)));
      return ctx;
    }
    return prepareContext(overlayFiles(proj.files, others.map((f) => textEntry(f.path, f.text))), proj.manifest, ignore);
  };
  let startContext: PreparedContext | undefined;
  let solutionContext: PreparedContext | undefined;

  const goals = lessonGoals(data.goals) as GoalSpec[];
  const lesson: LoadedLesson = {
    id: lessonIdFromFolder(folder),
    folder,
    dir,
    data,
    title: data.title,
    goals,
    titledGoals: goals.map((g) => {
      const def = goalsById.get(g.rule);
      const o = def?.options(g.options ?? {});
      return { rule: g.rule, options: g.options ?? {}, title: g.title ?? (def && o?.ok ? def.title(o.value) : g.rule) };
    }),
    startFiles,
    solutionFiles,
    startDockerfile,
    solutionDockerfile,
    baseline,
    terminalFiles,
    project: proj,
    contextOverlay,
    solutionContextOverlay,
    solutionContextDiffers,
    get context() {
      return (startContext ??= prepare(contextOverlay, undefined));
    },
    get solutionContext() {
      return (solutionContext ??= solutionContextDiffers ? prepare(solutionContextOverlay, undefined) : this.context);
    },
    contextWith(dockerignore, side = 'start') {
      return prepare(side === 'start' ? contextOverlay : solutionContextOverlay, dockerignore);
    },
  };
  return { lesson };
}
