/**
 * Go's `path.Clean` (filepath.Clean on Linux, where `\\` is an ordinary
 * character): Docker cleans COPY sources, .dockerignore patterns and context
 * paths with it.
 */

/**
 * Go's `path.Clean`: the shortest equivalent path by purely lexical processing
 * (collapse `//`, drop `.`, resolve `..` against the element before it, drop a
 * trailing `/`); `""` becomes `"."`.
 */
export function goCleanPath(p: string): string {
  if (p === '') return '.';
  // Fast path: already clean paths are common and need no allocation.
  if (isClean(p)) return p;
  const rooted = p.charCodeAt(0) === 0x2f;
  const out: string[] = [];
  let dotdot = 0; // leading `..` elements that cannot be resolved (relative paths only)
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > dotdot) out.pop();
      else if (!rooted) {
        out.push('..');
        dotdot++;
      }
      continue;
    }
    out.push(part);
  }
  const body = out.join('/');
  if (rooted) return '/' + body;
  return body === '' ? '.' : body;
}

function isClean(p: string): boolean {
  if (p === '/' || p === '.') return true;
  if (p.endsWith('/')) return false;
  // Most paths have no `.` right after a slash and no `//`: answer those with native searches.
  if (p.indexOf('//') === -1 && p.indexOf('/.') === -1 && p.charCodeAt(0) !== 0x2e) return true;
  let start = 0;
  for (let i = 0; i <= p.length; i++) {
    if (i === p.length || p.charCodeAt(i) === 0x2f) {
      const len = i - start;
      if (len === 0 && i !== 0) return false; // `//`
      if (len === 1 && p.charCodeAt(start) === 0x2e) return false; // `.`
      if (len === 2 && p.charCodeAt(start) === 0x2e && p.charCodeAt(start + 1) === 0x2e) return false; // `..`
      start = i + 1;
    }
  }
  return true;
}
