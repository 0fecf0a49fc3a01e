import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, headersFile, pathHeaders, securityHeaders } from './headers.mjs';

describe('security headers', () => {
  it('make the page cross-origin isolated for the WebContainer', () => {
    expect(securityHeaders['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(securityHeaders['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });

  it('allow only our own scripts, and workers from our origin or blob:', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self';");
    expect(contentSecurityPolicy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(contentSecurityPolicy).toContain("worker-src 'self' blob:");
    expect(contentSecurityPolicy).toContain("object-src 'none'");
  });

  it('are written to the static-host file one per line under /*', () => {
    const lines = headersFile().split('\n');
    expect(lines[1]).toBe('/*');
    for (const [name, value] of Object.entries(securityHeaders)) {
      expect(lines).toContain(`  ${name}: ${value}`);
    }
  });

  it('have the service worker revalidated on every fetch, in _headers too', () => {
    expect(pathHeaders['/sw.js']).toEqual({ 'Cache-Control': 'no-cache' });
    const lines = headersFile().split('\n');
    expect(lines[lines.indexOf('/sw.js') + 1]).toBe('  Cache-Control: no-cache');
  });
});
