/**
 * A summary in the style of dive's "Image Details" pane (wagoodman/dive):
 *
 *   Total Image size: 1.14GB
 *   Potential wasted space: 2.1MB
 *   Image efficiency score: 99.82 %
 *
 *   Count   Total Space  Path
 *       2         2.1MB  /root/.npm/_cacache
 *
 * Differences from dive, on purpose: sizes are in the Docker CLI's format
 * (humanSize, "2.1MB") rather than go-humanize's "2.1 MB", and the score has
 * two decimals (dive's pane prints a whole number, `dive --ci` four).
 */
import type { BuildResult } from '../simulate/types';
import { humanSize } from './human-size';
import { built } from './outcome';

export interface WastedPath {
  path: string;
  /** Layers the path appears in (added, overwritten, deleted), as dive counts it. */
  count: number;
  bytes: number;
  size: string;
}

/** Files responsible for wasted space, grouped by path, largest first. */
export function wastedPaths(result: BuildResult): WastedPath[] {
  const byPath = new Map<string, { layers: Set<number>; bytes: number }>();
  for (const w of result.wasted?.files ?? []) {
    const e = byPath.get(w.path) ?? { layers: new Set<number>(), bytes: 0 };
    e.layers.add(w.addedIn);
    e.layers.add(w.removedIn);
    e.bytes += Math.max(0, w.bytes || 0);
    byPath.set(w.path, e);
  }
  return [...byPath.entries()]
    .map(([path, e]) => ({ path, count: e.layers.size, bytes: e.bytes, size: humanSize(e.bytes) }))
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
}

/** dive's efficiency score with two decimals: `99.82 %`. */
export function efficiencyText(result: BuildResult): string {
  const e = Number.isFinite(result.efficiency) ? Math.min(1, Math.max(0, result.efficiency)) : 1;
  return `${(e * 100).toFixed(2)} %`;
}

export interface DiveOptions {
  /** Shown as "Image name:" when given. */
  name?: string;
  /** Rows of the inefficient-files table; default 10. */
  top?: number;
}

export function diveSummary(result: BuildResult, opts: DiveOptions = {}): string {
  if (!built(result)) return '# Stagecraft: the build failed, so there is no image for dive to analyse.\n';
  const rows = wastedPaths(result).slice(0, Math.max(0, opts.top ?? 10));
  const lines: string[] = [];
  if (opts.name) lines.push(`Image name: ${opts.name}`);
  lines.push(`Total Image size: ${humanSize(result.image?.bytes ?? 0)}`);
  lines.push(`Potential wasted space: ${humanSize(result.wasted?.bytes ?? 0)}`);
  lines.push(`Image efficiency score: ${efficiencyText(result)}`);
  lines.push('');
  const row = (count: string, space: string, path: string) => `${count.padStart(5, ' ')}  ${space.padStart(12, ' ')}  ${path}`;
  lines.push(row('Count', 'Total Space', 'Path'));
  for (const r of rows) lines.push(row(String(r.count), r.size, r.path));
  return `${lines.join('\n')}\n`;
}
