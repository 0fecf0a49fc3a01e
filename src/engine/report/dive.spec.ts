import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../simulate/types';
import { diveSummary, efficiencyText, wastedPaths } from './dive';
import { build, GOLDEN } from './spec-fixtures';

describe('dive summary', () => {
  const r = build(GOLDEN['node-wasted-layers']!);

  it('shows size, wasted space and efficiency with two decimals', () => {
    const out = diveSummary(r).split('\n');
    expect(out[0]).toBe('Total Image size: 179MB');
    expect(out[1]).toBe('Potential wasted space: 43.2MB');
    expect(out[2]).toBe(`Image efficiency score: ${(r.efficiency * 100).toFixed(2)} %`);
    expect(out[4]).toBe('Count   Total Space  Path');
    expect(out[5]).toBe('    2        23.6MB  /app/node_modules/typescript');
  });

  it('lists files largest first, grouped by path, top 10', () => {
    const paths = wastedPaths(r);
    expect(paths.map((p) => p.bytes)).toEqual([...paths.map((p) => p.bytes)].sort((a, b) => b - a));
    expect(paths.reduce((s, p) => s + p.bytes, 0)).toBe(r.wasted.bytes);
    const many = { ...r, wasted: { bytes: 0, files: Array.from({ length: 15 }, (_, i) => ({ path: `/f${i}`, bytes: i + 1, addedIn: 1, removedIn: 2 })) } } as BuildResult;
    const rows = diveSummary(many).trimEnd().split('\n').slice(5);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toBe('    2           15B  /f14');
  });

  it('names the image when asked, and says when there is no image', () => {
    expect(diveSummary(r, { name: 'app:latest' }).split('\n')[0]).toBe('Image name: app:latest');
    expect(diveSummary(build(GOLDEN['missing-copy-source']!))).toMatch(/no image/);
    expect(efficiencyText({ ...r, efficiency: 1 })).toBe('100.00 %');
    expect(efficiencyText({ ...r, efficiency: 0.98765 })).toBe('98.77 %');
  });
});
