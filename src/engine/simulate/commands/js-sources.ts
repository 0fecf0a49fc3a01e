/** Reading JavaScript/TypeScript sources: which packages a file imports, and tolerant JSON (tsconfig allows comments). */

const IMPORT = /(?:^|[\s;])(?:import\s+(?!type\b)(?:[\w*{}\s,]+\s+from\s+)?|export\s+(?!type\b)[\w*{}\s,]+\s+from\s+|require\s*\(\s*)["']([^"'\n]{1,200})["']/g;

/** Bare package names a source imports for its values (`express`, `@scope/pkg`); node: built-ins and relative paths left out. */
export function importedPackages(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.slice(0, 200_000).matchAll(IMPORT)) {
    const spec = m[1]!;
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]!)) continue;
    const parts = spec.split('/');
    out.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  }
  return [...out];
}

const BUILTINS = new Set(['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'querystring', 'readline', 'stream', 'string_decoder', 'timers', 'tls', 'tty', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib', 'module']);

/** JSON with comments and trailing commas, as tsconfig.json allows; null when it still does not parse. */
export function parseJsonc(text: string): Record<string, unknown> | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  try {
    const v = JSON.parse(out.replace(/,(\s*[}\]])/g, '$1')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Where Node looks for a package from a file in `dir`: dir/node_modules, then each parent's. */
export function nodeModulesDirs(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = d.slice(0, d.lastIndexOf('/')) || '/') {
    if (!d.endsWith('/node_modules')) out.push(`${d === '/' ? '' : d}/node_modules`);
    if (d === '/') break;
  }
  return out;
}
