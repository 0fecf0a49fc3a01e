/** FNV-1a (64-bit, as two 32-bit halves) over the UTF-16 code units of its parts. Fast, stable, not cryptographic. */
export function hashParts(...parts: Array<string | number>): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (const part of parts) {
    const s = `${String(part)}\u0000`;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ (c >>> 3) ^ (h1 & 0xff), 0x01000193);
    }
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** An incremental FNV-1a hasher, for hashing many parts without building one big string. */
export class Hasher {
  private h1 = 0x811c9dc5;
  private h2 = 0xcbf29ce4;

  add(part: string | number): this {
    const s = `${String(part)}\u0000`;
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ (c >>> 3) ^ (h1 & 0xff), 0x01000193);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  digest(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}
