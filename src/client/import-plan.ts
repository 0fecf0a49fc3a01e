/**
 * What importing a progress file would change, worked out before anything is
 * written: the file is validated, then compared lesson by lesson with what
 * this browser has saved. Nothing is replaced until the learner confirms.
 */
import { LIMITS, sameLesson, validateState, type SavedState, type Store } from './store';

export interface ImportPlan {
  state: SavedState;
  /** In the file, not saved here. */
  added: string[];
  /** Saved here and in the file, differently: the file's replaces this browser's. */
  replaced: string[];
  /** Saved here, not in the file: removed by the import. */
  removed: string[];
  unchanged: string[];
  settingsChanged: boolean;
  exportedAt: string | null;
}

export function readProgressFile(text: string): { ok: true; state: SavedState; exportedAt: string | null } | { ok: false; error: string } {
  if (text.length > LIMITS.importChars) return { ok: false, error: 'The file is too large to be a Stagecraft progress file.' };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, error: 'The file is not JSON, so it is not a Stagecraft progress file.' };
  }
  const checked = validateState(data);
  if ('error' in checked) return { ok: false, error: `This is not a Stagecraft progress file: ${checked.error}.` };
  const at = (data as { exportedAt?: unknown }).exportedAt;
  return { ok: true, state: checked.state, exportedAt: typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : null };
}

/** Compares a progress file with what `store` (freshly loaded) holds. */
export function planImport(store: Store, text: string): ({ ok: true } & ImportPlan) | { ok: false; error: string } {
  const file = readProgressFile(text);
  if (!file.ok) return file;
  const here = store.state.lessons;
  const plan: ImportPlan = { state: file.state, added: [], replaced: [], removed: [], unchanged: [], settingsChanged: file.state.settings.fontSize !== store.state.settings.fontSize, exportedAt: file.exportedAt };
  for (const [id, lesson] of Object.entries(file.state.lessons)) {
    const mine = here[id];
    if (!mine) plan.added.push(id);
    else if (sameLesson({ ...mine, notSaved: null }, lesson)) plan.unchanged.push(id);
    else plan.replaced.push(id);
  }
  for (const id of Object.keys(here)) if (!Object.hasOwn(file.state.lessons, id)) plan.removed.push(id);
  for (const list of [plan.added, plan.replaced, plan.removed, plan.unchanged]) list.sort();
  return { ok: true, ...plan };
}

/** The same plan (the lessons it touches), to notice when storage changed between the preview and the confirmation. */
export const planKey = (p: ImportPlan) => JSON.stringify([p.added, p.replaced, p.removed, p.unchanged]);

export const changesAnything = (p: ImportPlan) => p.added.length + p.replaced.length + p.removed.length > 0 || p.settingsChanged;
