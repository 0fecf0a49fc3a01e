import { getCollection, type CollectionEntry } from 'astro:content';
import { lessonOrderFromFolder } from './ids';

export type LessonEntry = CollectionEntry<'lessons'>;

/** A lesson with its place in the course. */
export interface CourseLesson {
  id: string;
  /** 1-based position in the course. */
  number: number;
  /** Folder under content/lessons, e.g. `01-why-images-are-huge`. */
  folder: string;
  href: string;
  entry: LessonEntry;
}

/** Every lesson in course order (the two-digit folder prefix). */
export async function courseLessons(): Promise<CourseLesson[]> {
  const entries = await getCollection('lessons');
  const withFolder = entries.map((entry) => {
    const folder = (entry.filePath ?? '').split('/').at(-2) ?? entry.id;
    return { entry, folder, order: lessonOrderFromFolder(folder) ?? Number.MAX_SAFE_INTEGER };
  });
  withFolder.sort((a, b) => a.order - b.order || a.folder.localeCompare(b.folder));
  return withFolder.map(({ entry, folder }, i) => ({
    id: entry.id,
    number: i + 1,
    folder,
    href: `/lessons/${entry.id}/`,
    entry,
  }));
}
