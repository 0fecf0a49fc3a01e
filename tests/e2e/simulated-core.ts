/**
 * What the simulator makes of a lesson's Dockerfiles, computed here with the engine,
 * so an end-to-end test compares the page with the engine's own figures instead of a
 * size typed into the test. Tests use it through ./simulated.ts, which loads this
 * module (and the engine, with its JSON data) through tsx. The context is the one the exercise builds on: the
 * lesson's project as it is on disk, with the start's .dockerignore in place of the
 * project's when the learner edits one; the baseline is built on the project as it is
 * (as src/client/exercise/engine.worker.ts does).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readContentLayout } from '../../src/cli/content-fs';
import { readContextDir } from '../../src/cli/context-fs';
import { buildOnContext, humanSize, parseDockerfile, stoppingProblem, type PreparedContext } from '../../src/engine/index';
import { lessonIdFromFolder } from '../../src/lessons/ids';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface SimulatedImage {
  bytes: number;
  /** As the build panel prints it: Docker's decimal units, such as 138MB. */
  size: string;
  compressedSize: string;
}

function contextOf(dir: string, dockerignore?: string): PreparedContext {
  const loaded = readContextDir(dir, dockerignore);
  if ('error' in loaded) throw new Error(loaded.error);
  return loaded.context;
}

function imageOf(text: string, context: PreparedContext, what: string): SimulatedImage {
  const result = buildOnContext(parseDockerfile(text), context);
  const stop = stoppingProblem(result);
  if (stop || !result.image) throw new Error(`${what} makes no image in the simulator${stop ? `: ${stop.message.split('\n')[0]}` : ''}`);
  return { bytes: result.image.bytes, size: humanSize(result.image.bytes), compressedSize: humanSize(result.image.compressedBytes) };
}

/** The simulator for one lesson (by id, as in its URL). */
export function lessonSimulator(id: string) {
  const lesson = readContentLayout(root).lessons.find((l) => lessonIdFromFolder(l.folder) === id);
  const fm = lesson?.frontmatter && 'data' in lesson.frontmatter ? lesson.frontmatter.data : null;
  const exercise = fm?.exercise as { project?: string; start?: string; baseline?: string; editable?: string[] } | undefined;
  if (!lesson || !exercise?.project) throw new Error(`no lesson "${id}" with an exercise project under content/lessons/`);
  const folder = join(root, 'content/lessons', lesson.folder);
  const project = join(root, 'content/projects', exercise.project);
  const startIgnore = join(folder, (exercise.start ?? 'start').replace(/\/+$/, ''), '.dockerignore');
  const editsIgnore = (exercise.editable ?? ['Dockerfile']).includes('.dockerignore') && existsSync(startIgnore);
  const exerciseContext = contextOf(project, editsIgnore ? readFileSync(startIgnore, 'utf8') : undefined);
  const file = (path: string) => readFileSync(join(folder, path), 'utf8');
  return {
    /** A Dockerfile's text, built as the exercise builds the learner's file (with `dockerignore`, as an edited .dockerignore). */
    image(text: string, options: { dockerignore?: string } = {}): SimulatedImage {
      const context = options.dockerignore === undefined ? exerciseContext : contextOf(project, options.dockerignore);
      return imageOf(text, context, `a Dockerfile for ${id}`);
    },
    /** A Dockerfile of the lesson folder (`start/Dockerfile`, `solution/Dockerfile`, `examples/…`). */
    imageOfFile(path: string): SimulatedImage {
      return imageOf(file(path), exerciseContext, `content/lessons/${lesson.folder}/${path}`);
    },
    /** The lesson's baseline (the row "Single-stage baseline" or "Baseline" in the size table). */
    baseline(): SimulatedImage {
      if (!exercise.baseline) throw new Error(`lesson ${id} has no baseline`);
      return imageOf(file(exercise.baseline), contextOf(project), `the baseline of ${id}`);
    },
  };
}
