/**
 * The sample projects and lesson example files, bundled at site-build time by
 * Vite, turned into build contexts for the engine. Pages use this to print the
 * simulator's own figures in lesson text, so text and simulator cannot drift.
 */
import {
  buildOnContext, parseDockerfile, prepareContext, PROJECT_MANIFEST, textEntry,
  type BuildResult, type ContextEntry, type PreparedContext,
} from '../engine/index';

const projectFiles = {
  ...import.meta.glob<string>('/content/projects/**/*', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('/content/projects/**/.*', { query: '?raw', import: 'default', eager: true, exhaustive: true }),
};
const lessonFiles = {
  ...import.meta.glob<string>('/content/lessons/*/**/*', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('/content/lessons/*/**/.*', { query: '?raw', import: 'default', eager: true, exhaustive: true }),
};

/** The real files of a sample project, with the manifest that describes its heavy folders. */
export function projectSource(project: string): { files: ContextEntry[]; manifest: unknown } {
  const prefix = `/content/projects/${project}/`;
  const files: ContextEntry[] = [];
  let manifest: unknown = null;
  for (const [full, text] of Object.entries(projectFiles)) {
    if (!full.startsWith(prefix)) continue;
    const path = full.slice(prefix.length);
    if (path === PROJECT_MANIFEST) {
      manifest = JSON.parse(text);
      continue;
    }
    files.push(textEntry(path, text));
  }
  if (files.length === 0) throw new Error(`content/projects/${project} has no files`);
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : 1)), manifest };
}

/** A file of a lesson folder, by path relative to it; throws at build time naming it when missing. */
export function lessonFile(folder: string, path: string): string {
  // `../01-other-lesson/start/Dockerfile` reaches another lesson's files.
  const parts: string[] = [];
  for (const part of `content/lessons/${folder}/${path}`.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  const key = `/${parts.join('/')}`;
  const text = lessonFiles[key];
  if (text === undefined) throw new Error(`${key.slice(1)} does not exist (named from content/lessons/${folder})`);
  return text;
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
