import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { capYoungGeneration, YOUNG_GENERATION_CAP_BYTES } from './memory';

const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

describe('young generation cap', () => {
  it('keeps V8 from growing the new space past the cap under steady allocation with survivors', async () => {
    const release = capYoungGeneration(YOUNG_GENERATION_CAP_BYTES, 1);
    try {
      const keep: unknown[] = [];
      let max = 0;
      for (let round = 0; round < 300; round++) {
        // Between rounds the check runs, as it does between a server's requests.
        await new Promise((done) => setTimeout(done, 2));
        for (let i = 0; i < 20_000; i++) {
          const o = { a: i, b: `x${i}`, c: [i, i] };
          if (i % 10 === 0) keep.push(o);
          if (keep.length > 50_000) keep.length = 0;
        }
        max = Math.max(max, newSpace());
      }
      expect(max).toBeLessThanOrEqual(YOUNG_GENERATION_CAP_BYTES);
    } finally {
      release();
    }
  });
});
