/**
 * The real filesystem as a Workspace, rooted at one folder: what `stagecraft` on a
 * developer's machine and the `docker` command inside a WebContainer read.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { EntryKind, ReadFailure, Workspace, WorkspaceEntry } from '../commands/workspace';

function kindOf(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  return st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
}

function failure(e: unknown): ReadFailure {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'no such file';
}

export function nodeWorkspace(root: string): Workspace {
  const full = (path: string) => (path ? join(root, ...path.split('/')) : root);
  const entry = (path: string, follow: boolean): WorkspaceEntry | null => {
    try {
      const st = follow ? statSync(full(path)) : lstatSync(full(path));
      return { name: path ? basename(path) : basename(root), kind: kindOf(st), size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return null;
    }
  };
  return {
    name: basename(root),
    // The root may be a link to a folder (docker build follows it too); below it, links are links.
    stat: (path) => entry(path, path === ''),
    list(path) {
      const top = entry(path, path === '');
      if (!top || top.kind !== 'dir') return null;
      let names: string[];
      try {
        names = readdirSync(full(path)).sort();
      } catch {
        return null;
      }
      return names.flatMap((n) => {
        const e = entry(path ? `${path}/${n}` : n, false);
        return e ? [e] : [];
      });
    },
    read(path) {
      try {
        const st = statSync(full(path));
        if (st.isDirectory()) return { error: 'it is a directory' };
        if (!st.isFile()) return { error: 'not a regular file' };
        return readFileSync(full(path));
      } catch (e) {
        return { error: failure(e) };
      }
    },
    write(path, text) {
      mkdirSync(dirname(full(path)), { recursive: true });
      writeFileSync(full(path), text);
    },
  };
}
