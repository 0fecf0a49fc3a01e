/**
 * Share links carry a Dockerfile in the URL fragment (never sent to a server):
 * `#share=v1.<base64url of deflate-raw(UTF-8 text)>`. Both directions are
 * bounded and validated; a link that is not ours, too long, or does not
 * decompress is refused with a reason. Decoded text is only ever shown as text.
 */
export const SHARE_PREFIX = 'share=v1.';
/** Longest Dockerfile a link may carry. */
export const MAX_TEXT_CHARS = 20_000;
/** Longest fragment we will try to decode (browsers and chat apps cut long URLs). */
export const MAX_FRAGMENT_CHARS = 8_000;

export type ShareResult = { ok: true; text: string } | { ok: false; error: string };

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new RangeError('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** The fragment (without `#`) for a Dockerfile, or why it cannot be shared. */
export async function encodeShare(text: string): Promise<{ ok: true; fragment: string } | { ok: false; error: string }> {
  if (text.length > MAX_TEXT_CHARS) return { ok: false, error: `The Dockerfile is longer than ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters, too long for a link.` };
  const packed = await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'), Infinity);
  const fragment = SHARE_PREFIX + toBase64Url(packed);
  if (fragment.length > MAX_FRAGMENT_CHARS) return { ok: false, error: 'The Dockerfile does not fit in a link, even compressed.' };
  return { ok: true, fragment };
}

/** Reads a fragment (with or without `#`). `null` when it is not a share link at all. */
export async function decodeShare(fragment: string): Promise<ShareResult | null> {
  const f = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!f.startsWith('share=')) return null;
  if (!f.startsWith(SHARE_PREFIX)) return { ok: false, error: 'This share link comes from a newer or different version of Stagecraft.' };
  if (f.length > MAX_FRAGMENT_CHARS) return { ok: false, error: 'This share link is too long to be one Stagecraft made.' };
  const bytes = fromBase64Url(f.slice(SHARE_PREFIX.length));
  if (!bytes) return { ok: false, error: 'This share link is damaged: it has characters a Stagecraft link never has.' };
  let raw: Uint8Array;
  try {
    raw = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_TEXT_CHARS * 4);
  } catch (e) {
    return { ok: false, error: e instanceof RangeError ? 'This share link holds more text than a Stagecraft link may.' : 'This share link is damaged: it does not decompress. It may have been cut short when it was copied.' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, error: 'This share link is damaged: its text is not valid UTF-8.' };
  }
  if (text.length > MAX_TEXT_CHARS) return { ok: false, error: 'This share link holds more text than a Stagecraft link may.' };
  return { ok: true, text };
}
