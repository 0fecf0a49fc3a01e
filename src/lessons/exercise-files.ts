/**
 * The lesson and sample-project files, bundled at site-build time by Vite (no
 * filesystem access at run time), as the lesson loader's ContentSource: the site's
 * counterpart of the CLI's src/cli/content-source.ts. Paths are repository-relative,
 * e.g. `content/lessons/01-why-images-are-huge/start/Dockerfile`.
 */
import { memorySource, type ContentSource, type LessonFile } from './loader';

// Dot files (.dockerignore) need `exhaustive`: Vite's glob skips them otherwise.
const files = {
  ...import.meta.glob<string>('/content/projects/**/*', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('/content/projects/**/.*', { query: '?raw', import: 'default', eager: true, exhaustive: true }),
  ...import.meta.glob<string>('/content/lessons/*/**/*', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('/content/lessons/*/**/.*', { query: '?raw', import: 'default', eager: true, exhaustive: true }),
};

/** Every lesson and project file of the site, by repository path. */
export const siteSource: ContentSource = memorySource(files);

/** A text file of an exercise, with its path relative to the build context. */
export type ExerciseFile = LessonFile;

export { overlayFiles } from './loader';
