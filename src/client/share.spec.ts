import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MAX_TEXT_CHARS, SHARE_PREFIX } from './share';

const DOCKERFILE = 'FROM node:20-alpine AS runtime\nCOPY --from=builder /app/dist ./dist\nCMD ["node", "dist/server.js"]\n';

describe('share links', () => {
  it('round-trip a Dockerfile, compressed', async () => {
    const enc = await encodeShare(DOCKERFILE);
    expect(enc.ok).toBe(true);
    if (!enc.ok) return;
    expect(enc.fragment.startsWith(SHARE_PREFIX)).toBe(true);
    expect(enc.fragment).toMatch(/^share=v1\.[A-Za-z0-9_-]+$/);
    expect(await decodeShare(`#${enc.fragment}`)).toEqual({ ok: true, text: DOCKERFILE });
  });

  it('round-trip any text, including markup and emoji, as text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 400 }), async (text) => {
        const enc = await encodeShare(text);
        if (!enc.ok) return;
        expect(await decodeShare(enc.fragment)).toEqual({ ok: true, text });
      }),
      { numRuns: 100 },
    );
  });

  it('refuse text too long for a link', async () => {
    expect(await encodeShare('x'.repeat(MAX_TEXT_CHARS + 1))).toMatchObject({ ok: false });
  });

  it('ignore fragments that are not share links', async () => {
    expect(await decodeShare('#main')).toBeNull();
    expect(await decodeShare('')).toBeNull();
  });

  it.each([
    ['another version', '#share=v9.abc', 'newer or different version'],
    ['bad characters', '#share=v1.<img src=x onerror=alert(1)>', 'characters a Stagecraft link never has'],
    ['a cut-off link', '#share=v1.q1ZKzs8rKUrMS0lVslIyMjIwVCrWUSrJzM1VslIqLs3JSQ', 'does not decompress'],
    ['an over-long link', `#share=v1.${'A'.repeat(9000)}`, 'too long'],
  ])('refuse %s with a reason', async (_name, fragment, reason) => {
    const r = await decodeShare(fragment);
    expect(r?.ok).toBe(false);
    expect(r && !r.ok ? r.error : '').toContain(reason);
  });

  it('refuse a compression bomb', async () => {
    // 1 MB of zeros compresses to a few hundred bytes: a valid link, but far too much text.
    const stream = new CompressionStream('deflate-raw');
    const writer = stream.writable.getWriter();
    void writer.write(new Uint8Array(1_000_000));
    void writer.close();
    const packed = new Uint8Array(await new Response(stream.readable).arrayBuffer());
    let bin = '';
    for (const b of packed) bin += String.fromCharCode(b);
    const fragment = `share=v1.${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    const r = await decodeShare(fragment);
    expect(r).toEqual({ ok: false, error: 'This share link holds more text than a Stagecraft link may.' });
  });
});
