/**
 * The sample projects and lesson example files, bundled at site-build time by
 * Vite (read through the lesson loader's helpers over src/lessons/exercise-files.ts),
 * turned into build contexts for the engine. Pages use this to print the
 * simulator's own figures in lesson text, so text and simulator cannot drift.
 */
import {
  buildOnContext, parseDockerfile, prepareContext,
  type BuildResult, type ContextEntry, type PreparedContext,
} from '../engine/index';
import { siteSource } from './exercise-files';
import { readLessonFile, readProject, type ProjectFiles } from './loader';

/** The real files of a sample project, with the manifest that describes its heavy folders. */
export function projectSource(project: string): { files: ContextEntry[]; manifest: unknown } {
  let read = projects.get(project);
  if (!read) projects.set(project, (read = readProject(siteSource, project)));
  return { files: [...read.files], manifest: read.manifest };
}

const projects = new Map<string, ProjectFiles>();

/** A file of a lesson folder, by path relative to it; throws at build time naming it when missing. */
export function lessonFile(folder: string, path: string): string {
  // `../01-other-lesson/start/Dockerfile` reaches another lesson's files.
  return readLessonFile(siteSource, folder, path);
}

const contexts = new Map<string, PreparedContext>();

/** The build context of a project, with an optional .dockerignore in place of its own. */
export function projectContext(project: string, dockerignore?: string): PreparedContext {
  const key = `${project}\u0000${dockerignore ?? '\u0001'}`;
  let ctx = contexts.get(key);
  if (!ctx) {
    const { files, manifest } = projectSource(project);
    ctx = prepareContext(files, manifest, dockerignore);
    if (ctx.problems.length) throw new Error(`content/projects/${project}: ${ctx.problems.join('; ')}`);
    contexts.set(key, ctx);
  }
  return ctx;
}

const builds = new Map<string, BuildResult>();

/**
 * Simulates `docker build` of a Dockerfile in a lesson folder (`start/Dockerfile`,
 * `solution/Dockerfile`, `examples/…`) on the lesson's project. `dockerignore`
 * names a file in the lesson folder to use as the context's .dockerignore.
 */
export function simulateLessonFile(folder: string, project: string, dockerfile: string, options: { dockerignore?: string; target?: string } = {}): BuildResult {
  const key = [folder, project, dockerfile, options.dockerignore ?? '', options.target ?? ''].join('\u0000');
  let result = builds.get(key);
  if (!result) {
    const ignore = options.dockerignore ? lessonFile(folder, options.dockerignore) : undefined;
    const file = parseDockerfile(lessonFile(folder, dockerfile));
    result = buildOnContext(file, projectContext(project, ignore), options.target ? { target: options.target } : {});
    builds.set(key, result);
  }
  return result;
}
