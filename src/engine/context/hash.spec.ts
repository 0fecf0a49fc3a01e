import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from './hash';

/** FNV-1a 64 over UTF-16 code units, with BigInt: slow and obviously right. */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

describe('contentHash', () => {
  it('gives the published FNV-1a 64 values for ASCII', () => {
    expect(contentHash('')).toBe('cbf29ce484222325');
    expect(contentHash('a')).toBe('af63dc4c8601ec8c');
    expect(contentHash('foobar')).toBe('85944171f73967e8');
  });

  it('matches a BigInt reference on any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => contentHash(s) === reference(s)));
  });

  it('tells close texts apart', () => {
    expect(contentHash('FROM node:20\n')).not.toBe(contentHash('FROM node:22\n'));
  });
});
