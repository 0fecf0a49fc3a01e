/**
 * The playground's text kept in this browser (one localStorage key, apart from the
 * course's progress): the Dockerfile, the .dockerignore and which sample project.
 * A picked folder is never kept: after a reload it has to be picked again.
 * Reading accepts only what writing makes; anything else is ignored, never thrown on.
 */
import { LIMITS } from '../store';
import { NO_PROJECT, sampleById } from './samples';

export const PLAYGROUND_KEY = 'stagecraft:playground:v1';

export interface SavedPlayground {
  dockerfile: string;
  dockerignore: string;
  /** A sample's id, `none`, or `folder` (the Dockerfile was for a picked folder, which is not kept). */
  project: string;
}

const isProject = (p: unknown): p is string => typeof p === 'string' && (p === NO_PROJECT || p === 'folder' || sampleById(p) !== undefined);

export function loadPlayground(storage: Pick<Storage, 'getItem'> | null): SavedPlayground | null {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(PLAYGROUND_KEY) ?? null;
  } catch {
    return null;
  }
  if (raw === null || raw.length > 3 * LIMITS.fileChars) return null;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (!v || typeof v !== 'object' || v.version !== 1) return null;
    const { dockerfile, dockerignore, project } = v;
    if (typeof dockerfile !== 'string' || typeof dockerignore !== 'string' || !isProject(project)) return null;
    if (dockerfile.length > LIMITS.fileChars || dockerignore.length > LIMITS.fileChars) return null;
    return { dockerfile, dockerignore, project };
  } catch {
    return null;
  }
}

/** Saves; says why not when it cannot (too big to keep, storage full or blocked). */
export function savePlayground(storage: Pick<Storage, 'setItem'> | null, state: SavedPlayground): { ok: true } | { ok: false; reason: string } {
  if (!storage) return { ok: false, reason: 'This browser does not let Stagecraft keep anything, so the playground starts afresh on every visit.' };
  const longest = Math.max(state.dockerfile.length, state.dockerignore.length);
  if (longest > LIMITS.fileChars) return { ok: false, reason: `The text is longer than ${LIMITS.fileChars.toLocaleString('en-US')} characters, too long to keep in the browser: it stays on this page until you leave it.` };
  try {
    storage.setItem(PLAYGROUND_KEY, JSON.stringify({ version: 1, ...state }));
    return { ok: true };
  } catch {
    return { ok: false, reason: 'The browser refused to keep the playground’s text (its storage may be full): it stays on this page until you leave it.' };
  }
}
