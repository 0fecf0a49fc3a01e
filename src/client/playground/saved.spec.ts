import { describe, expect, it } from 'vitest';
import { LIMITS } from '../store';
import { loadPlayground, PLAYGROUND_KEY, savePlayground } from './saved';

const memory = () => {
  const map = new Map<string, string>();
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
};

describe('the playground’s text in the browser', () => {
  it('keeps the Dockerfile, the .dockerignore and the project, and reads them back', () => {
    const s = memory();
    const state = { dockerfile: 'FROM node:20\n', dockerignore: 'node_modules\n', project: 'node-express-ts' };
    expect(savePlayground(s, state)).toEqual({ ok: true });
    expect(loadPlayground(s)).toEqual(state);
  });

  it('reads only what it writes', () => {
    const s = memory();
    for (const raw of ['not json', '{"version":2,"dockerfile":"","dockerignore":"","project":"none"}', '{"version":1,"dockerfile":1,"dockerignore":"","project":"none"}', '{"version":1,"dockerfile":"","dockerignore":"","project":"evil"}', 'null']) {
      s.map.set(PLAYGROUND_KEY, raw);
      expect(loadPlayground(s), raw).toBeNull();
    }
    expect(loadPlayground(null)).toBeNull();
  });

  it('says why when it cannot keep the text, and throws on nothing', () => {
    const big = 'x'.repeat(LIMITS.fileChars + 1);
    expect(savePlayground(memory(), { dockerfile: big, dockerignore: '', project: 'none' })).toMatchObject({ ok: false, reason: expect.stringContaining('too long') });
    const full = { setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(savePlayground(full, { dockerfile: '', dockerignore: '', project: 'none' })).toMatchObject({ ok: false, reason: expect.stringContaining('refused') });
    expect(savePlayground(null, { dockerfile: '', dockerignore: '', project: 'none' })).toMatchObject({ ok: false });
    const blocked = { getItem: () => { throw new Error('SecurityError'); } };
    expect(loadPlayground(blocked)).toBeNull();
  });
});
