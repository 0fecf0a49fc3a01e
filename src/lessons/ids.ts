/** Lesson folders are named `NN-slug`: a two-digit order, then the lesson id. */
export const LESSON_FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** `04-node-typescript` → `node-typescript`; a name that does not fit is returned as is. */
export function lessonIdFromFolder(folder: string): string {
  return LESSON_FOLDER.exec(folder)?.[2] ?? folder;
}

/** `04-node-typescript` → 4; `null` when the folder has no order prefix. */
export function lessonOrderFromFolder(folder: string): number | null {
  const m = LESSON_FOLDER.exec(folder);
  return m ? Number(m[1]) : null;
}
