import { describe, expect, it } from 'vitest';
import { lineDiff } from './diff';

const render = (lines: ReturnType<typeof lineDiff>) => lines.map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'mine' ? '-' : '+'}${l.text}`);

describe('lineDiff', () => {
  it('marks the lines only one side has, keeping the common ones', () => {
    expect(render(lineDiff('FROM a\nRUN x\nCMD y', 'FROM a\nRUN z\nCMD y'))).toEqual([' FROM a', '-RUN x', '+RUN z', ' CMD y']);
    expect(render(lineDiff('a\nb\nc', 'a\nc'))).toEqual([' a', '-b', ' c']);
    expect(render(lineDiff('a', 'a\nb'))).toEqual([' a', '+b']);
    expect(render(lineDiff('', ''))).toEqual([' ']);
  });

  it('interleaves changes in the middle by their longest common subsequence', () => {
    expect(render(lineDiff('x\n1\n2\n3\ny', 'x\n2\n4\n3\ny'))).toEqual([' x', '-1', ' 2', '+4', ' 3', ' y']);
  });

  it('stays bounded on large, wholly different inputs', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}`).join('\n');
    const started = performance.now();
    const out = lineDiff(a, b);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(out.filter((l) => l.kind === 'mine')).toHaveLength(5000);
    expect(out.filter((l) => l.kind === 'theirs')).toHaveLength(5000);
  });
});
