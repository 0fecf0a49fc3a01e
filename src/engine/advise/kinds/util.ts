/** Small text helpers the suggestion kinds share. */
import { lookupImage } from '../../images/catalog';

/** Appends a command to a RUN as written: on the same line, or on a continuation line when the RUN spans several. */
export function appendCommand(source: string, command: string): string {
  const body = source.replace(/\s+$/, '');
  return body.includes('\n') ? `${body} \\\n    && ${command}` : `${body} && ${command}`;
}

/** The first match of a word sequence in a RUN's text (`npm ci`), not inside another word. */
export function findWords(source: string, words: RegExp): RegExpExecArray | null {
  return new RegExp(`(^|[\\s;&|(])(${words.source})(?=$|[\\s;&|)])`, 'm').exec(source);
}

/** Inserts text right after the first match of `words`. */
export function insertAfterWords(source: string, words: RegExp, text: string): string | null {
  const m = findWords(source, words);
  if (!m) return null;
  const end = m.index + m[1]!.length + m[2]!.length;
  return source.slice(0, end) + text + source.slice(end);
}

/** Inserts text right before the first match of `words`. */
export function insertBeforeWords(source: string, words: RegExp, text: string): string | null {
  const m = findWords(source, words);
  if (!m) return null;
  const start = m.index + m[1]!.length;
  return source.slice(0, start) + text + source.slice(start);
}

/** Splits `repo:tag` (a digest or registry port kept in the repository part). */
export function splitImage(ref: string): { repo: string; tag: string } {
  const at = ref.indexOf('@');
  const bare = at >= 0 ? ref.slice(0, at) : ref;
  const colon = bare.lastIndexOf(':');
  if (colon > bare.lastIndexOf('/')) return { repo: bare.slice(0, colon), tag: bare.slice(colon + 1) };
  return { repo: bare, tag: 'latest' };
}

/** A catalog image's uncompressed size, or null when Stagecraft has no figures for it. */
export function knownSize(ref: string): number | null {
  const image = lookupImage(ref);
  return image.resolved ? image.uncompressedBytes : null;
}

/**
 * Smaller variants of the same image that the catalog knows, smallest first:
 * `node:20` → `node:20-alpine`, `node:20-slim`; `golang:1.22` → `golang:1.22-alpine`.
 * The version the learner wrote is kept (`node:20.11` → `node:20.11-alpine`).
 */
export function slimmerVariants(ref: string): string[] {
  const { repo, tag } = splitImage(ref);
  const name = repo.replace(/^(docker\.io\/)?(library\/)?/, '');
  const current = knownSize(ref);
  if (current === null) return [];
  const version = tag.replace(/-(slim|alpine[\d.]*|bookworm|bullseye|bookworm-slim|bullseye-slim)$/, '');
  const variants: string[] = [];
  if (name === 'node' || name === 'python') variants.push(`${name}:${version}-alpine`, `${name}:${version}-slim`);
  else if (name === 'golang') variants.push(`golang:${version}-alpine`);
  else if (name === 'debian') variants.push(`debian:${version === 'latest' ? 'bookworm' : version}-slim`);
  return variants.filter((v) => {
    const size = knownSize(v);
    return v !== ref && size !== null && size < current;
  });
}
