/**
 * Image references as Docker reads them (distribution/reference): split into
 * registry, repository path, tag and digest; validated as ParseNormalizedNamed
 * validates them; and named the short way (`node`) or the full way
 * (`docker.io/library/node:latest`). One home for what FROM, the catalog, the
 * rules and the reports need to know about a reference.
 */

/** The parts of an image reference as hadolint's parser (language-docker) splits them. */
export interface ImageRef {
  registry: string | null;
  /** Repository path without registry, tag or digest: `library/debian`, `build`. */
  name: string;
  tag: string | null;
  /** [start, end) of the tag (without `:`) in the reference. */
  tagSpan: [number, number] | null;
  digest: string | null;
}

export function parseImageRef(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at < 0 ? null : ref.slice(at + 1);
  const named = at < 0 ? ref : ref.slice(0, at);
  const slash = named.lastIndexOf('/');
  const colon = named.indexOf(':', slash + 1);
  const tag = colon < 0 ? null : named.slice(colon + 1);
  let name = colon < 0 ? named : named.slice(0, colon);
  let registry: string | null = null;
  const first = name.indexOf('/');
  if (first > 0) {
    const head = name.slice(0, first);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head;
      name = name.slice(first + 1);
    }
  }
  return { registry, name, tag, tagSpan: colon < 0 ? null : [colon + 1, named.length], digest };
}

/** Registries that are Docker Hub under another name. */
const HUB = /^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)$/i;

/**
 * The repository as `docker images` shows it: `docker.io/library/node:20@sha256:…` → `node`,
 * `docker.io/bitnami/redis` → `bitnami/redis`; another registry keeps its host. Lower case.
 */
export function familiarRepository(ref: string): string {
  const { registry, name } = parseImageRef(ref.trim());
  const path = name.toLowerCase();
  if (registry === null || HUB.test(registry)) return path.replace(/^library\//, '');
  return `${registry.toLowerCase()}/${path}`;
}

/** `node` → `docker.io/library/node:latest`; a digest stays as it is, with no tag added. */
export function normalizedReference(ref: string): string {
  let r = ref.trim();
  if (r === '' || r === 'scratch') return r;
  const slash = r.indexOf('/');
  const first = slash >= 0 ? r.slice(0, slash) : '';
  if (slash < 0) r = `docker.io/library/${r}`;
  else if (!/[.:]/.test(first) && first !== 'localhost') r = `docker.io/${r}`;
  if (r.includes('@')) return r;
  const lastSlash = r.lastIndexOf('/');
  if (r.lastIndexOf(':') <= lastSlash) r = `${r}:latest`;
  return r;
}

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])`;
const NAME = `(?:${HOST}(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** True when `reference.ParseNormalizedNamed` accepts the image reference. */
export function isValidImageReference(ref: string): boolean {
  if (ref === '' || /^[a-f0-9]{64}$/.test(ref)) return false;
  const slash = ref.indexOf('/');
  let remainder = ref;
  let domain = 'docker.io';
  if (slash >= 0) {
    const first = ref.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      domain = first;
      remainder = ref.slice(slash + 1);
    }
  }
  const colon = remainder.indexOf(':');
  const remoteName = colon >= 0 ? remainder.slice(0, colon) : remainder.split('@')[0]!;
  if (remoteName.toLowerCase() !== remoteName) return false;
  const full = `${domain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) return false;
  if ((m[1] ?? '').length > 255) return false;
  const digest = m[3];
  if (digest) {
    const [algorithm = '', hex = ''] = digest.split(':');
    const length = DIGEST_LENGTHS[algorithm];
    if (length === undefined || hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return false;
  }
  return true;
}
