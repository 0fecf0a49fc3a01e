/**
 * Content hashes for context entries: FNV-1a, 64-bit, over the UTF-16 code units
 * of the text, as 16 lowercase hex digits. Not cryptographic: it only has to
 * tell two versions of a lesson file apart for cache keys. For ASCII text it is
 * the usual FNV-1a-64 of the bytes (`contentHash('a') === 'af63dc4c8601ec8c'`).
 */

/**
 * The 64-bit state is kept in four 16-bit limbs so every product stays exact in
 * a double; multiplying by the FNV prime 2^40 + 0x1b3 is a multiply by 0x1b3 plus
 * a shift by 40 bits.
 */
export function contentHash(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i);
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
    h2 = t2 & 0xffff;
  }
  return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
