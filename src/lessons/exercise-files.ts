/**
 * The exercise files of every lesson and the sample projects, bundled at build
 * time by Vite (no filesystem access at run time). Paths are repository-relative,
 * e.g. `/content/lessons/01-why-images-are-huge/start/Dockerfile`.
 */
const lessonFiles = import.meta.glob<string>('/content/lessons/*/*/**/*', {
  query: '?raw',
  import: 'default',
  eager: true,
});
// Dot files (.dockerignore) need `exhaustive`: Vite's glob skips them otherwise.
const lessonDotFiles = import.meta.glob<string>('/content/lessons/*/*/**/.*', {
  query: '?raw',
  import: 'default',
  eager: true,
  exhaustive: true,
});

/** A text file of an exercise, with its path relative to the build context. */
export interface ExerciseFile {
  path: string;
  text: string;
}

function filesUnder(prefix: string): ExerciseFile[] {
  const out: ExerciseFile[] = [];
  for (const [full, text] of Object.entries({ ...lessonFiles, ...lessonDotFiles })) {
    if (full.startsWith(prefix)) out.push({ path: full.slice(prefix.length), text });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Files of a lesson's exercise folder (`start` or `solution`), relative to that folder. */
export function lessonFolderFiles(lessonFolder: string, sub: string): ExerciseFile[] {
  return filesUnder(`/content/lessons/${lessonFolder}/${sub.replace(/^\.\//, '').replace(/\/+$/, '')}/`);
}

/** Lays `overlay` over `base`: same paths are replaced, new ones added. */
export function overlayFiles(base: ExerciseFile[], overlay: ExerciseFile[]): ExerciseFile[] {
  const map = new Map(base.map((f) => [f.path, f.text]));
  for (const f of overlay) map.set(f.path, f.text);
  return [...map].map(([path, text]) => ({ path, text })).sort((a, b) => a.path.localeCompare(b.path));
}
