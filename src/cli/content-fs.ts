import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { LessonFolderListing } from '../lessons/layout';
import { parseFrontmatter } from '../lessons/frontmatter';

/** Every file under `dir`, relative to it, with `/` separators, in a stable order. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** The YAML frontmatter of an MDX file, or why it could not be read. */
export function readFrontmatter(file: string): { data: Record<string, unknown> } | { error: string } {
  return parseFrontmatter(readFileSync(file, 'utf8'));
}

/** Lists `content/lessons/*` and `content/projects/*` under a repository root. */
export function readContentLayout(root: string): { lessons: LessonFolderListing[]; projects: Set<string> } {
  const lessonsDir = join(root, 'content', 'lessons');
  const projectsDir = join(root, 'content', 'projects');
  const dirs = (d: string) =>
    existsSync(d) ? readdirSync(d).filter((n) => statSync(join(d, n)).isDirectory()).sort() : [];
  const lessons = dirs(lessonsDir).map((folder): LessonFolderListing => {
    const index = join(lessonsDir, folder, 'index.mdx');
    const fm = existsSync(index) ? readFrontmatter(index) : { data: {} };
    return { folder, files: listFiles(join(lessonsDir, folder)), frontmatter: fm };
  });
  return { lessons, projects: new Set(dirs(projectsDir)) };
}
