import { describe, expect, it } from 'vitest';
import { isNetworkOnly, NETWORK_TIMEOUT_SECONDS, precachedUrlCandidates } from './service-worker-routes';

const origin = 'https://course.example';
const u = (path: string) => new URL(path, origin);

describe('the service worker’s routes', () => {
  it('leaves the class server’s /api/ to the network, on its own origin only', () => {
    for (const path of ['/api', '/api/', '/api/class', '/api/events?token=x', '/api/dashboard/export.csv']) expect(isNetworkOnly(u(path), origin), path).toBe(true);
    for (const path of ['/', '/apis/', '/lessons/api/', '/exercise/api.json', '/_astro/api.js']) expect(isNetworkOnly(u(path), origin), path).toBe(false);
    expect(isNetworkOnly(new URL('https://other.example/api/class'), origin)).toBe(false);
  });

  it('finds a page’s precached copy whatever form its address takes', () => {
    expect(precachedUrlCandidates(u('/lessons/stages/'))).toEqual([`${origin}/lessons/stages/`]);
    expect(precachedUrlCandidates(u('/lessons/stages'))).toEqual([`${origin}/lessons/stages`, `${origin}/lessons/stages/`]);
    expect(precachedUrlCandidates(u('/lessons/stages/index.html'))).toEqual([`${origin}/lessons/stages/index.html`, `${origin}/lessons/stages/`]);
    expect(precachedUrlCandidates(u('/lessons/stages/?key=1#exercise'))).toEqual([`${origin}/lessons/stages/`]);
    expect(precachedUrlCandidates(u('/exercise/stages.json?x'))).toEqual([`${origin}/exercise/stages.json`]);
  });

  it('waits a few seconds for the network before serving the precached copy', () => {
    expect(NETWORK_TIMEOUT_SECONDS).toBeGreaterThanOrEqual(2);
    expect(NETWORK_TIMEOUT_SECONDS).toBeLessThanOrEqual(5);
  });
});
