import { describe, expect, it } from '@jest/globals';

describe('port', () => {
  it('defaults to 3000', () => {
    expect(Number(process.env.PORT ?? 3000)).toBe(3000);
  });
});
