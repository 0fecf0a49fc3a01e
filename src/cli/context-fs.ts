import { existsSync } from 'node:fs';
import { brokenLineWarning, type BuildContextView, type PreparedContext } from '../engine/index';
import { readContext } from '../commands/context';
import { nodeWorkspace } from './node-workspace';
import type { ContextView } from '../engine/index';

/**
 * Reads a directory as a build context: every regular file with its size and
 * a content hash (symlinks are skipped, with a note). A `stagecraft.project.json`
 * adds the virtual heavy folders it describes and the project's build facts.
 */
export function readContextDir(dir: string, dockerignore?: string): { context: PreparedContext; notes: string[] } | { error: string } {
  if (!existsSync(dir)) return { error: `cannot read context ${dir}: no such directory` };
  return readContext(nodeWorkspace(dir), '', dir, dockerignore === undefined ? {} : { dockerignore });
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
