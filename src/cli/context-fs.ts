import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brokenLineWarning, contentHash, prepareContext, PROJECT_MANIFEST, type BuildContextView, type ContextEntry, type PreparedContext } from '../engine/index';
import type { ContextView } from '../engine/index';

/** Files larger than this are hashed by size and modification time instead of content. */
const HASH_LIMIT = 4 * 1024 * 1024;
/** Text is kept for files this small (package.json, go.mod, sources) so the simulator can read them. */
const TEXT_LIMIT = 512 * 1024;

/**
 * Reads a directory as a build context: every regular file with its size and
 * a content hash (symlinks are skipped, with a note). A `stagecraft.project.json`
 * adds the virtual heavy folders it describes and the project's build facts.
 */
export function readContextDir(dir: string, dockerignore?: string): { context: PreparedContext; notes: string[] } | { error: string } {
  if (!existsSync(dir)) return { error: `cannot read context ${dir}: no such directory` };
  // stat, not lstat: a symbolic link to a folder is a fine context (docker build follows it too).
  if (!statSync(dir).isDirectory()) return { error: `cannot read context ${dir}: not a directory` };
  const entries: ContextEntry[] = [];
  const notes: string[] = [];
  const links: string[] = [];
  let manifest: unknown = null;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = lstatSync(full);
      const path = relative(dir, full).split(sep).join('/');
      if (st.isSymbolicLink()) {
        links.push(path);
      } else if (st.isDirectory()) {
        walk(full);
      } else if (st.isFile()) {
        if (path === PROJECT_MANIFEST) {
          try {
            manifest = JSON.parse(readFileSync(full, 'utf8'));
          } catch (e) {
            notes.push(`${PROJECT_MANIFEST} is not valid JSON (${(e as Error).message}); ignored`);
          }
          continue;
        }
        if (st.size <= HASH_LIMIT) {
          const buf = readFileSync(full);
          const isText = st.size <= TEXT_LIMIT && !buf.includes(0);
          const text = isText ? buf.toString('utf8') : undefined;
          entries.push({ path, size: st.size, hash: contentHash(text ?? buf.toString('latin1')), ...(text !== undefined ? { text } : {}) });
        } else {
          entries.push({ path, size: st.size, hash: contentHash(`${st.size}:${st.mtimeMs}`) });
        }
      }
    }
  };
  try {
    walk(dir);
  } catch (e) {
    return { error: `cannot read context ${dir}: ${(e as Error).message}` };
  }
  // One note, not one per link: node_modules/.bin alone holds dozens.
  if (links.length === 1) notes.push(`${links[0]}: symbolic link skipped (Docker would send the link itself, a few bytes)`);
  else if (links.length > 1) notes.push(`${links.length} symbolic links skipped (Docker would send each link itself, a few bytes), such as ${links.slice(0, 3).join(', ')}`);
  const context = prepareContext(entries, manifest, dockerignore);
  notes.push(...context.problems);
  return { context, notes };
}

/** One stderr line per .dockerignore line Docker accepts but cannot use (a build fails once a file reaches it). */
export function warnBrokenLines(view: BuildContextView, where: string, stderr: (s: string) => void): void {
  for (const w of view.result.warnings) stderr(`stagecraft: warning: ${brokenLineWarning(`${where}:${w.line}`, w.message)}\n`);
}

/** The view CopyIgnoredFile and build goals need, or a message when the directory or its .dockerignore is unusable. */
export function loadContextView(dir: string): { view: ContextView; context: PreparedContext } | { error: string } {
  const loaded = readContextDir(dir);
  if ('error' in loaded) return loaded;
  const bad = loaded.context.view.result.errors;
  if (bad.length) return { error: `${dir}/.dockerignore:${bad[0]!.line}: ${bad[0]!.message}` };
  return { view: loaded.context.view, context: loaded.context };
}
