/**
 * containerd's platforms.Parse and its errors, for a linux/amd64 build machine:
 * what FROM --platform accepts, in BuildKit's words.
 */
import { goQuote } from '../../go/quote';

const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl',
  'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos', 'wasip1',
]);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips',
  'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x',
  'sparc', 'sparc64', 'wasm',
]);

export interface Platform {
  os: string;
  architecture: string;
  variant: string;
}

function normalizeArch(arch: string, variant: string): [string, string] {
  const a = arch.toLowerCase();
  const v = variant.toLowerCase();
  switch (a) {
    case 'i386':
      return ['386', ''];
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', v === 'v1' ? '' : v];
    case 'aarch64':
    case 'arm64':
      return ['arm64', v === '8' || v === 'v8' ? '' : v];
    case 'armhf':
      return ['arm', 'v7'];
    case 'armel':
      return ['arm', 'v6'];
    case 'arm':
      return ['arm', v === '' ? 'v7' : /^[5-8]$/.test(v) ? 'v' + v : v];
    default:
      return [a, v];
  }
}

/** containerd's platforms.Parse; `null` where it returns an error ({@link platformError} says which). */
export function parsePlatform(specifier: string): Platform | null {
  if (platformError(specifier) !== null) return null;
  const parts = specifier.split('/');
  const os = (parts[0] ?? '').toLowerCase() === 'macos' ? 'darwin' : (parts[0] ?? '').toLowerCase();
  switch (parts.length) {
    case 1:
      if (KNOWN_OS.has(os)) return { os, architecture: 'amd64', variant: '' };
      {
        const [architecture, variant] = normalizeArch(parts[0]!, '');
        if (KNOWN_ARCH.has(architecture)) return { os: 'linux', architecture, variant };
      }
      return null;
    case 2: {
      const [architecture, variant] = normalizeArch(parts[1]!, '');
      return { os, architecture, variant: architecture === 'arm' && variant === 'v7' ? '' : variant };
    }
    case 3: {
      const [architecture, variant] = normalizeArch(parts[1]!, parts[2]!);
      return { os, architecture, variant };
    }
    default:
      return null;
  }
}

/** The error containerd's platforms.Parse returns for a specifier, in its words, or null when it parses. */
export function platformError(specifier: string): string | null {
  const q = goQuote;
  if (specifier.includes('*')) return `${q(specifier)}: wildcards not yet supported: invalid argument`;
  const parts = specifier.split('/');
  for (const part of parts) {
    if (!/^[A-Za-z0-9_.-]+$/.test(part)) return `${q(part)} is an invalid component of ${q(specifier)}: platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument`;
  }
  if (parts.length > 3) return `${q(specifier)}: cannot parse platform specifier: invalid argument`;
  if (parts.length === 1) {
    const os = parts[0]!.toLowerCase() === 'macos' ? 'darwin' : parts[0]!.toLowerCase();
    if (!KNOWN_OS.has(os) && !KNOWN_ARCH.has(normalizeArch(parts[0]!, '')[0])) return `${q(specifier)}: unknown operating system or architecture: invalid argument`;
  }
  return null;
}
