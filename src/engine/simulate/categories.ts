/**
 * What the bytes of an image are. Every entry the simulator places carries the
 * category of the tool that made it (npm knows a package is a devDependency, Go
 * knows its build cache); files copied from the build context are classified by
 * their path; base-image layers by what their `docker history` line installed.
 */
import type { ImageInfo } from '../images/catalog';

export type ByteCategory =
  | 'base-os'
  | 'runtime'
  | 'build-tools'
  | 'base-image'
  | 'prod-deps'
  | 'dev-deps'
  | 'cache'
  | 'source'
  | 'vcs'
  | 'secrets'
  | 'build-output'
  | 'other'
  | 'wasted';

/** In the order the breakdown lists them: what the image is built on, then what was added, then waste. */
export const CATEGORIES: readonly ByteCategory[] = [
  'base-os', 'runtime', 'build-tools', 'base-image', 'prod-deps', 'dev-deps', 'cache', 'source', 'vcs', 'secrets', 'build-output', 'other', 'wasted',
];

export const CATEGORY_LABELS: Record<ByteCategory, string> = {
  'base-os': 'base OS',
  runtime: 'language runtime',
  'build-tools': 'build tools and compilers',
  'base-image': 'base image (not split)',
  'prod-deps': 'production dependencies',
  'dev-deps': 'development dependencies',
  cache: 'package-manager caches',
  source: 'source and tests',
  vcs: 'version control (.git)',
  secrets: 'secrets (.env)',
  'build-output': 'build output',
  other: 'other files',
  wasted: 'wasted (hidden by a later layer)',
};

/** Categories a runtime image does not need: what a smaller image leaves out. */
export const AVOIDABLE: ReadonlySet<ByteCategory> = new Set(['build-tools', 'dev-deps', 'cache', 'source', 'vcs', 'secrets', 'wasted']);

const OUTPUT_DIRS = new Set(['dist', 'build', 'out', 'coverage', '.next', '.nuxt', 'target', 'bin']);

/**
 * A file of the build context, by its path in the context. `devPackages` holds the
 * `node_modules/…` folders the context's package-lock.json marks as dev.
 */
export function classifyContextPath(path: string, devPackages: ReadonlySet<string>): ByteCategory {
  const first = path.split('/', 1)[0]!;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    if (path.slice(nm).startsWith('node_modules/.cache')) return 'cache';
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    const pkg = `${path.slice(0, nm)}node_modules/${rest[0]?.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0]}`;
    return devPackages.has(pkg) ? 'dev-deps' : 'prod-deps';
  }
  if (first === '.git' || first === '.svn' || first === '.hg') return 'vcs';
  if (/^\.env(\.|$)/.test(first) && !/\.(example|sample|template)$/.test(first)) return 'secrets';
  if (/\.(pem|key|p12|pfx)$/.test(path) || first === '.npmrc' || first === 'id_rsa' || first === '.aws' || first === '.ssh') return 'secrets';
  if (first === '.npm' || first === '.cache' || path.startsWith('.yarn/cache/')) return 'cache';
  if (OUTPUT_DIRS.has(first) && path !== first) return 'build-output';
  // Sources and tests alike: the project's own files.
  return 'source';
}

/**
 * A base-image layer, by the command its `docker history` line shows. Images the
 * calibration has only as a total are one layer: `base-image`, since how much of it
 * is the OS and how much the runtime is not known.
 */
export function classifyBaseLayer(createdBy: string, image: ImageInfo, layerCount: number): ByteCategory {
  const t = createdBy.toLowerCase();
  if (/rootfs|minirootfs|debian\.sh|ubuntu|^add file/.test(t)) return 'base-os';
  if (/gcc|g\+\+|make|autoconf|build-essential|libc6-dev|pkg-config/.test(t)) return 'build-tools';
  if (/git |mercurial|subversion|openssh/.test(t)) return 'build-tools';
  if (/golang_version|go toolchain/.test(t)) return 'build-tools';
  if (/node_version|yarn|python_version|pip|docker-entrypoint/.test(t)) return 'runtime';
  if (/ca-certificates|curl|wget|gnupg|netbase|groupadd|useradd|adduser|mkdir|workdir/.test(t)) return 'base-os';
  if (layerCount === 1) {
    if (image.family === 'scratch') return 'base-os';
    const osOnly = /^(alpine|debian|ubuntu|busybox|distroless-static|distroless-base|chainguard-static)/.test(image.family);
    return osOnly ? 'base-os' : 'base-image';
  }
  return 'base-image';
}

/** `node_modules/…` folders (top level and nested) a lockfile marks as dev: what `npm ci --omit=dev` would leave out. */
export function devPackagesOf(lockText: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!lockText) return out;
  try {
    const lock = JSON.parse(lockText) as { packages?: Record<string, { dev?: boolean }> };
    for (const [path, info] of Object.entries(lock?.packages ?? {})) if (path.includes('node_modules/') && info?.dev) out.add(path);
  } catch {
    // Not JSON: nothing is known to be dev.
  }
  return out;
}
