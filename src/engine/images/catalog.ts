/**
 * Base images the simulator knows: sizes from calibration/image-sizes.json
 * (docker-library/repo-info and measured figures, each with its source), and
 * what the simulator needs to know about each image's filesystem — libc,
 * shell, CA certificates, users, package manager, where the toolchains live.
 */
import calibration from './calibration/image-sizes.json';
import { familiarRepository, parseImageRef } from '../dockerfile/reference';

export type Libc = 'glibc' | 'musl' | 'none';

export interface ImageLayer {
  createdBy: string;
  /** Uncompressed bytes (what `docker history` shows). */
  bytes: number;
  compressedBytes: number;
  /** The uncompressed size is an estimate (the registry only publishes compressed sizes). */
  estimated: boolean;
}

export interface ImageInfo {
  /** The reference as written in the Dockerfile. */
  requested: string;
  /** The catalog entry whose figures are used, e.g. `node:20-alpine`; `null` when unknown. */
  resolved: string | null;
  family: string;
  os: string;
  libc: Libc;
  /** `/bin/sh` exists (shell-form RUN/CMD need it). */
  shell: boolean;
  /** A CA bundle is installed (HTTPS clients work). */
  caCertificates: boolean;
  /** The user the image runs as unless USER says otherwise. */
  defaultUser: string;
  /** Users that exist, by name, with their uid. */
  users: Record<string, number>;
  packageManager: 'apk' | 'apt' | null;
  /** A C compiler is present (cgo builds work). */
  cCompiler: boolean;
  /** Where key programs live: node, npm, go… */
  paths: Record<string, string>;
  uncompressedBytes: number;
  compressedBytes: number;
  layers: ImageLayer[];
  /** Something the learner should know about these figures (a resolved tag, an estimate, an unknown image). */
  note: string | null;
  /** The figures are estimates or assumed. */
  estimated: boolean;
  source: string;
}

interface CalibrationImage {
  os: string;
  uncompressed_bytes: number;
  compressed_bytes: number;
  uncompressed_is_estimate?: boolean;
  compressed_is_estimate?: boolean;
  layers?: Array<{ created_by: string; compressed_bytes: number; bytes?: number; bytes_is_estimate?: boolean }>;
  source: string;
}

const IMAGES = calibration.images as unknown as Record<string, CalibrationImage>;

/** An image we know nothing about is assumed to weigh this much (a Debian-slim-sized image). */
export const ASSUMED_UNKNOWN_BYTES = 100_000_000;
const ASSUMED_RATIO = 0.36;

type Traits = Omit<ImageInfo, 'requested' | 'resolved' | 'uncompressedBytes' | 'compressedBytes' | 'layers' | 'note' | 'estimated' | 'source' | 'os'>;

const ROOT = { root: 0 };
const debianUsers = { root: 0, daemon: 1, nobody: 65534 };
const alpineUsers = { root: 0, daemon: 2, nobody: 65534 };

/** What each family of images contains. */
const FAMILIES: Record<string, Traits> = {
  node: {
    family: 'node', libc: 'glibc', shell: true, caCertificates: true, defaultUser: 'root',
    users: { ...debianUsers, node: 1000 }, packageManager: 'apt', cCompiler: true,
    paths: { node: '/usr/local/bin/node', npm: '/usr/local/bin/npm', npx: '/usr/local/bin/npx', yarn: '/usr/local/bin/yarn', python3: '/usr/bin/python3', git: '/usr/bin/git' },
  },
  'node-slim': {
    family: 'node-slim', libc: 'glibc', shell: true, caCertificates: false, defaultUser: 'root',
    users: { ...debianUsers, node: 1000 }, packageManager: 'apt', cCompiler: false,
    paths: { node: '/usr/local/bin/node', npm: '/usr/local/bin/npm', npx: '/usr/local/bin/npx', yarn: '/usr/local/bin/yarn' },
  },
  'node-alpine': {
    family: 'node-alpine', libc: 'musl', shell: true, caCertificates: true, defaultUser: 'root',
    users: { ...alpineUsers, node: 1000 }, packageManager: 'apk', cCompiler: false,
    paths: { node: '/usr/local/bin/node', npm: '/usr/local/bin/npm', npx: '/usr/local/bin/npx', yarn: '/usr/local/bin/yarn' },
  },
  golang: {
    family: 'golang', libc: 'glibc', shell: true, caCertificates: true, defaultUser: 'root',
    users: debianUsers, packageManager: 'apt', cCompiler: true, paths: { go: '/usr/local/go/bin/go', gcc: '/usr/bin/gcc', git: '/usr/bin/git' },
  },
  'golang-alpine': {
    family: 'golang-alpine', libc: 'musl', shell: true, caCertificates: true, defaultUser: 'root',
    users: alpineUsers, packageManager: 'apk', cCompiler: false, paths: { go: '/usr/local/go/bin/go' },
  },
  alpine: {
    family: 'alpine', libc: 'musl', shell: true, caCertificates: true, defaultUser: 'root',
    users: alpineUsers, packageManager: 'apk', cCompiler: false, paths: {},
  },
  debian: {
    family: 'debian', libc: 'glibc', shell: true, caCertificates: false, defaultUser: 'root',
    users: debianUsers, packageManager: 'apt', cCompiler: false, paths: {},
  },
  ubuntu: {
    family: 'ubuntu', libc: 'glibc', shell: true, caCertificates: false, defaultUser: 'root',
    users: { ...debianUsers, ubuntu: 1000 }, packageManager: 'apt', cCompiler: false, paths: {},
  },
  busybox: {
    family: 'busybox', libc: 'glibc', shell: true, caCertificates: false, defaultUser: 'root',
    users: { root: 0, daemon: 1, nobody: 65534 }, packageManager: null, cCompiler: false, paths: {},
  },
  'distroless-static': {
    family: 'distroless-static', libc: 'none', shell: false, caCertificates: true, defaultUser: 'root',
    users: { root: 0, nobody: 65534, nonroot: 65532 }, packageManager: null, cCompiler: false, paths: {},
  },
  'distroless-base': {
    family: 'distroless-base', libc: 'glibc', shell: false, caCertificates: true, defaultUser: 'root',
    users: { root: 0, nobody: 65534, nonroot: 65532 }, packageManager: null, cCompiler: false, paths: {},
  },
  'distroless-nodejs': {
    family: 'distroless-nodejs', libc: 'glibc', shell: false, caCertificates: true, defaultUser: 'root',
    users: { root: 0, nobody: 65534, nonroot: 65532 }, packageManager: null, cCompiler: false, paths: { node: '/nodejs/bin/node' },
  },
  'chainguard-static': {
    family: 'chainguard-static', libc: 'none', shell: false, caCertificates: true, defaultUser: 'nonroot',
    users: { root: 0, nonroot: 65532 }, packageManager: null, cCompiler: false, paths: {},
  },
  python: {
    family: 'python', libc: 'glibc', shell: true, caCertificates: true, defaultUser: 'root',
    users: debianUsers, packageManager: 'apt', cCompiler: true, paths: { python3: '/usr/local/bin/python3', pip: '/usr/local/bin/pip' },
  },
  'python-slim': {
    family: 'python-slim', libc: 'glibc', shell: true, caCertificates: true, defaultUser: 'root',
    users: debianUsers, packageManager: 'apt', cCompiler: false, paths: { python3: '/usr/local/bin/python3', pip: '/usr/local/bin/pip' },
  },
  'python-alpine': {
    family: 'python-alpine', libc: 'musl', shell: true, caCertificates: true, defaultUser: 'root',
    users: alpineUsers, packageManager: 'apk', cCompiler: false, paths: { python3: '/usr/local/bin/python3', pip: '/usr/local/bin/pip' },
  },
  nginx: {
    family: 'nginx', libc: 'musl', shell: true, caCertificates: true, defaultUser: 'root',
    users: { ...alpineUsers, nginx: 101 }, packageManager: 'apk', cCompiler: false, paths: { nginx: '/usr/sbin/nginx' },
  },
  scratch: {
    family: 'scratch', libc: 'none', shell: false, caCertificates: false, defaultUser: 'root',
    users: {}, packageManager: null, cCompiler: false, paths: {},
  },
};

const FAMILY_OF: Record<string, string> = {
  'node:20': 'node', 'node:22': 'node', 'node:20-slim': 'node-slim', 'node:22-slim': 'node-slim',
  'node:20-alpine': 'node-alpine', 'node:22-alpine': 'node-alpine', 'node:24-alpine': 'node-alpine',
  'golang:1.22': 'golang', 'golang:1.23': 'golang', 'golang:1.22-alpine': 'golang-alpine',
  'alpine:3.20': 'alpine', 'alpine:3.21': 'alpine', 'debian:bookworm': 'debian', 'debian:bookworm-slim': 'debian',
  'ubuntu:24.04': 'ubuntu', busybox: 'busybox',
  'gcr.io/distroless/static-debian12': 'distroless-static', 'gcr.io/distroless/base-debian12': 'distroless-base',
  'gcr.io/distroless/nodejs20-debian12': 'distroless-nodejs', 'cgr.dev/chainguard/static': 'chainguard-static',
  'python:3.12': 'python', 'python:3.12-slim': 'python-slim', 'python:3.12-alpine': 'python-alpine',
  'nginx:alpine': 'nginx', scratch: 'scratch',
};

/** A reference split into repository (Docker Hub prefixes removed), tag and digest. */
export function splitReference(ref: string): { repo: string; tag: string | null; digest: string | null } {
  const { tag, digest } = parseImageRef(ref.trim());
  return { repo: familiarRepository(ref), tag, digest };
}

/**
 * Maps a tag onto a catalog entry: `node:20.11-alpine3.19` → `node:20-alpine`,
 * `golang:1.22.5-bookworm` → `golang:1.22`, `alpine:3.20.3` → `alpine:3.20`.
 */
function resolveTag(repo: string, tag: string | null): { key: string; why: string | null } | null {
  const t = tag ?? 'latest';
  const exact = tag ? `${repo}:${tag}` : repo;
  if (IMAGES[exact]) return { key: exact, why: null };
  if (!tag && IMAGES[repo]) return { key: repo, why: null };
  const variant = (s: string) => (/(^|-)alpine/.test(s) ? 'alpine' : /(^|-)slim/.test(s) ? 'slim' : '');
  const suffix = (v: string) => (v ? `-${v}` : '');
  switch (repo) {
    case 'node': {
      if (/^(latest|current|lts|alpine|slim)(-|$)/.test(t)) {
        // Floating tags move with Node's releases; use the newest figures the catalog has, and say so.
        const v = variant(t) || (t.startsWith('alpine') ? 'alpine' : t.startsWith('slim') ? 'slim' : '');
        const key = v === 'alpine' ? 'node:24-alpine' : v === 'slim' ? 'node:22-slim' : 'node:22';
        return { key, why: `node:${t} moves with each Node.js release; these are the ${key} figures, the newest Stagecraft has` };
      }
      const major = /^(\d+)/.exec(t)?.[1];
      if (!major) return null;
      const key = `node:${major}${suffix(variant(t))}`;
      return IMAGES[key] ? { key, why: `${repo}:${t} uses the ${key} figures` } : null;
    }
    case 'golang': {
      const minor = /^(\d+\.\d+)/.exec(t)?.[1];
      if (!minor) return null;
      const key = `golang:${minor}${variant(t) === 'alpine' ? '-alpine' : ''}`;
      return IMAGES[key] ? { key, why: `${repo}:${t} uses the ${key} figures` } : null;
    }
    case 'alpine': {
      if (t === 'latest') return { key: 'alpine:3.21', why: 'alpine:latest moves with each release; these are the alpine:3.21 figures' };
      const minor = /^(\d+\.\d+)/.exec(t)?.[1];
      const key = `alpine:${minor}`;
      return minor && IMAGES[key] ? { key, why: `alpine:${t} uses the ${key} figures` } : null;
    }
    case 'debian': {
      const slim = /slim/.test(t);
      if (/^(12|bookworm)/.test(t) || t === 'latest' || t === 'stable' || t === 'stable-slim') {
        const key = slim ? 'debian:bookworm-slim' : 'debian:bookworm';
        return { key, why: tag === key.split(':')[1] ? null : `debian:${t} uses the ${key} figures` };
      }
      return null;
    }
    case 'ubuntu':
      return /^(24\.04|noble|latest)/.test(t) ? { key: 'ubuntu:24.04', why: t === '24.04' ? null : `ubuntu:${t} uses the ubuntu:24.04 figures` } : null;
    case 'busybox':
      return { key: 'busybox', why: tag ? `busybox:${t} uses the busybox figures` : null };
    case 'nginx':
      return variant(t) === 'alpine' ? { key: 'nginx:alpine', why: t === 'alpine' ? null : `nginx:${t} uses the nginx:alpine figures` } : null;
    case 'python': {
      const minor = /^(\d+\.\d+)/.exec(t)?.[1];
      const key = `python:${minor}${suffix(variant(t))}`;
      return minor && IMAGES[key] ? { key, why: `python:${t} uses the ${key} figures` } : null;
    }
    case 'gcr.io/distroless/static':
    case 'gcr.io/distroless/static-debian12':
      return { key: 'gcr.io/distroless/static-debian12', why: repo.endsWith('debian12') && !tag ? null : `${repo}:${t} uses the static-debian12 figures` };
    case 'gcr.io/distroless/base':
    case 'gcr.io/distroless/base-debian12':
      return { key: 'gcr.io/distroless/base-debian12', why: repo.endsWith('debian12') && !tag ? null : `${repo}:${t} uses the base-debian12 figures` };
    case 'gcr.io/distroless/nodejs20-debian12':
      return { key: 'gcr.io/distroless/nodejs20-debian12', why: tag ? `${repo}:${t} uses the nodejs20-debian12 figures` : null };
    case 'cgr.dev/chainguard/static':
      return { key: 'cgr.dev/chainguard/static', why: tag && tag !== 'latest' ? `${repo}:${t} uses the chainguard/static figures` : null };
    default:
      return null;
  }
}

/** Layers of a catalog image, with uncompressed sizes filled in where the data has only compressed ones. */
function layersOf(entry: CalibrationImage): ImageLayer[] {
  const raw = entry.layers;
  if (!raw || raw.length === 0) {
    return [{ createdBy: 'base image (one layer: per-layer sizes are not published)', bytes: entry.uncompressed_bytes, compressedBytes: entry.compressed_bytes, estimated: !!entry.uncompressed_is_estimate }];
  }
  const known = raw.reduce((s, l) => s + (l.bytes ?? 0), 0);
  const compressedWithout = raw.filter((l) => l.bytes === undefined).reduce((s, l) => s + l.compressed_bytes, 0);
  const rest = Math.max(0, entry.uncompressed_bytes - known);
  const layers = raw.map((l) => ({
    createdBy: l.created_by,
    // Layers without an uncompressed figure share what is left of the total, by compressed size.
    bytes: l.bytes ?? (compressedWithout > 0 ? Math.round((rest * l.compressed_bytes) / compressedWithout) : 0),
    compressedBytes: l.compressed_bytes,
    estimated: l.bytes === undefined || l.bytes_is_estimate !== false,
  }));
  // Make the layers add up exactly to the published total.
  const sum = layers.reduce((s, l) => s + l.bytes, 0);
  const biggest = layers.reduce((a, b) => (b.bytes > a.bytes ? b : a), layers[0]!);
  biggest.bytes += entry.uncompressed_bytes - sum;
  return layers;
}

/** Looks up a base image. Never fails: an unknown image gets an assumed size and a note. */
export function lookupImage(requested: string): ImageInfo {
  const { repo, tag, digest } = splitReference(requested);
  const resolved = repo === 'scratch' ? { key: 'scratch', why: null } : resolveTag(repo, tag);
  if (!resolved) {
    const assumedCompressed = Math.round(ASSUMED_UNKNOWN_BYTES * ASSUMED_RATIO);
    return {
      requested,
      resolved: null,
      family: 'unknown',
      os: 'unknown (assumed Debian-like)',
      libc: 'glibc',
      shell: true,
      caCertificates: true,
      defaultUser: 'root',
      users: ROOT,
      packageManager: null,
      cCompiler: false,
      paths: {},
      uncompressedBytes: ASSUMED_UNKNOWN_BYTES,
      compressedBytes: assumedCompressed,
      layers: [{ createdBy: `${requested} (unknown image: size assumed)`, bytes: ASSUMED_UNKNOWN_BYTES, compressedBytes: assumedCompressed, estimated: true }],
      note: digest && !tag
        ? `${requested} is pinned by digest only; Stagecraft cannot look digests up, so it assumes ${ASSUMED_UNKNOWN_BYTES / 1e6} MB.`
        : `Stagecraft has no figures for ${requested}; it assumes ${ASSUMED_UNKNOWN_BYTES / 1e6} MB, a Debian-slim-sized image.`,
      estimated: true,
      source: 'assumed',
    };
  }
  const entry = IMAGES[resolved.key]!;
  const traits = FAMILIES[FAMILY_OF[resolved.key] ?? 'debian']!;
  const nonroot = /nonroot/.test(tag ?? '');
  const notes = [resolved.why, digest ? 'the digest is not checked; the figures are for the tag' : null].filter(Boolean);
  return {
    ...traits,
    requested,
    resolved: resolved.key,
    os: entry.os,
    defaultUser: nonroot ? 'nonroot' : traits.defaultUser,
    users: { ...traits.users },
    paths: { ...traits.paths },
    uncompressedBytes: entry.uncompressed_bytes,
    compressedBytes: entry.compressed_bytes,
    layers: resolved.key === 'scratch' ? [] : layersOf(entry),
    note: notes.length ? `${notes.join('; ')}.` : null,
    estimated: !!entry.uncompressed_is_estimate || !!entry.compressed_is_estimate,
    source: entry.source,
  };
}

/** Every image the catalog has figures for. */
/** The calibration data itself (image-sizes.json, each figure with its source), for the lesson text's figures. */
export const imageCalibration = calibration;

export function catalogImages(): string[] {
  return Object.keys(IMAGES);
}
