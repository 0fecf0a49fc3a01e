/** What a stage starts from: the files the simulator knows a base image has, and its image config. */
import type { ImageInfo } from '../images/catalog';
import { hashParts } from './hash';
import type { FsEntry, ImageConfig } from './types';

/** Folders present in every image but scratch. */
const STANDARD_DIRS = ['/bin', '/etc', '/home', '/lib', '/opt', '/root', '/sbin', '/srv', '/tmp', '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/local/bin', '/usr/local/lib', '/usr/local/share', '/usr/sbin', '/usr/share', '/var', '/var/cache', '/var/lib', '/var/log', '/var/tmp'];

export const CA_PATH = '/etc/ssl/certs/ca-certificates.crt';
const CA_BYTES = { glibc: 219_597, musl: 241_000 } as const;

/** Files the simulator knows a base image has, so COPY --from and runtime checks can find them. */
export function baseFiles(image: ImageInfo): Map<string, FsEntry> {
  const out = new Map<string, FsEntry>();
  const put = (path: string, e: Partial<FsEntry> = {}) =>
    out.set(path, { path, kind: 'file', bytes: 0, files: 1, hash: hashParts('base', image.resolved ?? image.requested, path), ...e });
  if (image.shell) put('/bin/sh', { mode: 0o755 });
  if (image.caCertificates) {
    put(CA_PATH, {
      bytes: image.libc === 'musl' ? CA_BYTES.musl : CA_BYTES.glibc,
      source: image.libc === 'musl' ? 'Alpine ca-certificates-bundle, 236–240 KiB (calibration; estimate)' : 'Debian /etc/ssl/certs/ca-certificates.crt, measured (calibration)',
      estimated: image.libc === 'musl',
      compressRatio: 0.45,
      category: 'base-os',
    });
  }
  if (image.family !== 'scratch') {
    put('/etc/passwd', { bytes: 0 });
    // The folders every Linux image has (the file system hierarchy), so mkdir /tmp/x or COPY into /usr/local/bin find them.
    for (const dir of STANDARD_DIRS) put(dir, { kind: 'dir', files: 0 });
  }
  for (const p of Object.values(image.paths)) put(p, { mode: 0o755 });
  if (image.family === 'nginx') put('/docker-entrypoint.sh', { mode: 0o755 });
  if (image.family.startsWith('node') && image.family !== 'distroless-nodejs') put('/usr/local/bin/docker-entrypoint.sh', { mode: 0o755 });
  return out;
}

/** The image config a base image starts with. */
export function baseConfig(image: ImageInfo): ImageConfig {
  const env: Record<string, string> = image.family === 'scratch' ? {} : { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
  let cmd: string[] | null = null;
  let entrypoint: string[] | null = null;
  if (image.family.startsWith('node')) {
    env.NODE_VERSION = image.resolved?.split(':')[1]?.split('-')[0] ?? '';
    cmd = ['node'];
    entrypoint = image.family === 'distroless-nodejs' ? ['/nodejs/bin/node'] : ['docker-entrypoint.sh'];
  } else if (image.family.startsWith('golang')) {
    env.PATH = `/go/bin:/usr/local/go/bin:${env.PATH}`;
    env.GOPATH = '/go';
    cmd = image.family === 'golang-alpine' ? ['/bin/sh'] : ['bash'];
  } else if (image.family === 'nginx') {
    entrypoint = ['/docker-entrypoint.sh'];
    cmd = ['nginx', '-g', 'daemon off;'];
  } else if (image.shell) {
    cmd = ['/bin/sh'];
  }
  return {
    user: image.defaultUser === 'root' ? '' : image.defaultUser,
    workdir: image.family.startsWith('golang') ? '/go' : '/',
    env,
    cmd,
    cmdShell: false,
    entrypoint,
    entrypointShell: false,
    exposed: [],
  };
}


export function cloneConfig(c: ImageConfig): ImageConfig {
  return { ...c, env: { ...c.env }, cmd: c.cmd ? [...c.cmd] : null, entrypoint: c.entrypoint ? [...c.entrypoint] : null, exposed: [...c.exposed] };
}

export function imageRef(image: ImageInfo, written: string): string {
  if (image.family === 'scratch') return 'scratch';
  return written.includes('/') ? written : `docker.io/library/${written}`;
}

