import { describe, expect, it } from 'vitest';
import { BENCH_DOCKERIGNORE, benchContextDetailed } from './bench';
import { parseDockerignore } from './dockerignore';

// Not a timing test: the benchmark script reports the time. This only checks
// that the benchmark measures what it says.
describe('benchContext', () => {
  it('builds 100 000 files and applies a 30-line .dockerignore', () => {
    expect(BENCH_DOCKERIGNORE.trimEnd().split('\n')).toHaveLength(30);
    expect(parseDockerignore(BENCH_DOCKERIGNORE).errors).toEqual([]);
    const times = benchContextDetailed();
    expect(times.files).toBe(100_000);
    expect(times.included).toBeGreaterThan(0);
    expect(times.included).toBeLessThan(10_000);
    expect(times.totalMs).toBeGreaterThanOrEqual(times.applyMs);
  });
});
