import { courseLessons, type CourseLesson } from './course';

/** The lesson whose page is being rendered, from the page URL (for MDX components). */
export async function currentLesson(url: URL): Promise<CourseLesson> {
  const id = url.pathname.split('/').filter(Boolean)[1];
  const lesson = (await courseLessons()).find((l) => l.id === id);
  if (!lesson) throw new Error(`This component works only on a lesson page, not on ${url.pathname}`);
  return lesson;
}
