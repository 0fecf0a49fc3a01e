import { describe, expect, it } from 'vitest';
import { humanSize } from './human-size';

describe('humanSize (docker images / docker history format)', () => {
  it.each([
    [0, '0B'],
    [634, '634B'],
    [999, '999B'],
    [1000, '1kB'],
    [1234, '1.23kB'],
    [219_597, '220kB'],
    [2_573_788, '2.57MB'],
    [7_800_000, '7.8MB'],
    [90_206_845, '90.2MB'],
    [135_660_000, '136MB'],
    [822_980_000, '823MB'],
    [1_100_000_000, '1.1GB'],
    [1_275_328_744, '1.28GB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(humanSize(bytes)).toBe(text);
  });

  it('switches to exponent form where Go’s %g does', () => {
    // 999.6 kB rounds to 1000 at three digits; Go prints 1e+03.
    expect(humanSize(999_600)).toBe('1e+03kB');
  });

  it('treats negative and non-finite input as zero instead of throwing', () => {
    expect(humanSize(-5)).toBe('0B');
    expect(humanSize(Number.NaN)).toBe('0B');
  });
});
