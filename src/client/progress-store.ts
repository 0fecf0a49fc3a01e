/**
 * Reading saved progress. Everything Stagecraft keeps in the browser lives under
 * one versioned localStorage key; a value that is missing, unreadable or from
 * another version counts as "no progress", never as an error on the page.
 */
export const STORAGE_KEY = 'stagecraft:v1';

export interface LessonProgress {
  complete: boolean;
}

export interface SavedProgress {
  version: 1;
  lessons: Record<string, LessonProgress>;
}

/** Parses a stored value; `null` when it is not a version-1 progress record. */
export function parseProgress(raw: string | null): SavedProgress | null {
  if (raw === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object') return null;
  const { version, lessons } = data as { version?: unknown; lessons?: unknown };
  if (version !== 1 || !lessons || typeof lessons !== 'object' || Array.isArray(lessons)) return null;
  const out: Record<string, LessonProgress> = {};
  for (const [id, value] of Object.entries(lessons as Record<string, unknown>)) {
    if (value && typeof value === 'object') out[id] = { complete: (value as { complete?: unknown }).complete === true };
  }
  return { version: 1, lessons: out };
}

/** Ids of the lessons marked complete in this browser. */
export function completedLessons(storage: Pick<Storage, 'getItem'> | undefined): Set<string> {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // Storage can throw when the browser blocks it; no progress then.
  }
  const progress = parseProgress(raw);
  return new Set(Object.entries(progress?.lessons ?? {}).filter(([, p]) => p.complete).map(([id]) => id));
}
