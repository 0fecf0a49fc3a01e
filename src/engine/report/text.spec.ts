import { describe, expect, it } from 'vitest';
import { goQuoteList } from '../go/quote';
import { ellipsis, groupDigits, humanDuration, progressBytes, tabwrite, truncateId } from './text';

describe('tabwrite (docker/cli tables: minwidth 10, padding 3)', () => {
  it('pads every column but the last to its widest cell + 3, at least 10', () => {
    expect(tabwrite([['REPOSITORY', 'TAG', 'SIZE'], ['app', 'latest', '1.1GB']])).toBe('REPOSITORY   TAG       SIZE\napp          latest    1.1GB');
  });
  it('leaves trailing spaces before an empty last cell, as Go’s tabwriter does', () => {
    expect(tabwrite([['A', 'B'], ['x', '']])).toBe('A         B\nx         ');
  });
  it('counts “…” as one character', () => {
    expect(tabwrite([['ab…', 'c'], ['abcdefghijk', 'd']])).toBe('ab…           c\nabcdefghijk   d');
  });
});

describe('humanDuration (go-units)', () => {
  it.each([
    [0, 'Less than a second'],
    [1, '1 second'],
    [10, '10 seconds'],
    [59, '59 seconds'],
    [60, 'About a minute'],
    [150, '2 minutes'],
    [3600, 'About an hour'],
    [5 * 3600, '5 hours'],
    [3 * 86400, '3 days'],
    [21 * 86400, '3 weeks'],
    [90 * 86400, '3 months'],
    [800 * 86400, '2 years'],
  ])('%d s → %s', (s, text) => expect(humanDuration(s)).toBe(text));
});

describe('small formats', () => {
  it('ellipsis keeps 44 characters and “…” at 45', () => {
    const s = 'RUN /bin/sh -c npm ci --omit=dev && npm cache clean --force # buildkit';
    expect(ellipsis(s, 45)).toBe('RUN /bin/sh -c npm ci --omit=dev && npm cach…');
    expect([...ellipsis(s, 45)]).toHaveLength(45);
    expect(ellipsis('short', 45)).toBe('short');
  });
  it('truncateId', () => {
    expect(truncateId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
  });
  it('Go’s %q of a string list', () => {
    expect(goQuoteList(['node', 'dist/server.js'])).toBe('["node" "dist/server.js"]');
    expect(goQuoteList(['/bin/sh', '-c', 'echo "hi"\n'])).toBe('["/bin/sh" "-c" "echo \\"hi\\"\\n"]');
  });
  it('BuildKit’s progress bytes: plain bytes below 1 kB, then two decimals', () => {
    expect(progressBytes(37)).toBe('37B');
    expect(progressBytes(1234)).toBe('1.23kB');
    expect(progressBytes(2_500_000)).toBe('2.50MB');
    expect(progressBytes(93_530_000)).toBe('93.53MB');
    expect(progressBytes(Number.NaN)).toBe('0B');
  });
  it('groups digits', () => {
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(12)).toBe('12');
  });
});
