/**
 * The build context's biggest entries, folders added up at the top level, each
 * with the .dockerignore line that decides it: what the build panel shows under
 * "Build context" so a learner sees where the bytes are and why they are sent.
 */
import { humanSize } from '../../engine/index';
import type { BuildContextView } from '../../engine/index';
import type { ContextEntryView } from './protocol';

interface Group {
  path: string;
  dir: boolean;
  bytes: number;
  files: number;
  sentBytes: number;
  sentFiles: number;
  /** The biggest file left out, whose deciding line explains a partly sent folder. */
  biggestOut: { path: string; size: number } | null;
}

export function contextEntries(view: BuildContextView, limit = 10): { entries: ContextEntryView[]; more: number } {
  const sent = new Set(view.result.included.map((f) => f.path));
  const groups = new Map<string, Group>();
  for (const f of view.tree.entries) {
    const slash = f.path.indexOf('/');
    const top = slash < 0 ? f.path : f.path.slice(0, slash);
    let g = groups.get(top);
    if (!g) groups.set(top, (g = { path: top, dir: slash >= 0, bytes: 0, files: 0, sentBytes: 0, sentFiles: 0, biggestOut: null }));
    g.bytes += f.size;
    g.files++;
    if (sent.has(f.path)) {
      g.sentBytes += f.size;
      g.sentFiles++;
    } else if (!g.biggestOut || f.size > g.biggestOut.size) g.biggestOut = { path: f.path, size: f.size };
  }
  const sorted = [...groups.values()].sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const entries = sorted.slice(0, limit).map((g): ContextEntryView => {
    const status = g.sentFiles === g.files ? 'sent' : g.sentFiles === 0 ? 'ignored' : 'partly';
    let decided = view.matcher.explain(g.path);
    // A folder whose files are left out one by one (`**/*.log`), or partly: the line that leaves out its biggest file.
    if (status !== 'sent' && (!decided || !decided.excluded || status === 'partly') && g.biggestOut) decided = view.matcher.explain(g.biggestOut.path);
    // A sent entry is decided by an exception (`!README.md`) or by no line at all.
    if (status === 'sent' && decided?.excluded) decided = null;
    return {
      path: g.dir ? `${g.path}/` : g.path,
      bytes: g.bytes,
      size: humanSize(g.bytes),
      files: g.files,
      sentBytes: g.sentBytes,
      sentSize: humanSize(g.sentBytes),
      status,
      line: decided?.line ?? null,
      pattern: decided?.text ?? null,
    };
  });
  return { entries, more: Math.max(0, sorted.length - limit) };
}
