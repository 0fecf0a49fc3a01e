import { afterEach, describe, expect, it } from 'vitest';
import { DashboardModel } from './dashboard';
import { LESSONS, report, testServer, type TestServer } from './spec-helpers';

let t: TestServer;
afterEach(() => t?.dispose());

/** A tiny deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('dashboard model', () => {
  it('after any sequence of changes, equals a model read afresh from the database', async () => {
    t = testServer({ limits: { join: { burst: 1e6, perSecond: 1 }, attendee: { burst: 1e6, perSecond: 1 } } });
    const rnd = random(13);
    const people: Array<{ token: string; attendee: string }> = [];
    const pick = () => people[Math.floor(rnd() * people.length)];
    for (let step = 0; step < 300; step++) {
      t.clock.now += Math.floor(rnd() * 120_000);
      const r = rnd();
      const p = pick();
      if (r < 0.15 || !p) {
        people.push(await t.join(['Ada', 'ada', 'Bo', 'Cy'][Math.floor(rnd() * 4)]!));
      } else if (r < 0.65) {
        const lesson = LESSONS[Math.floor(rnd() * LESSONS.length)]!.id;
        await t.request('POST', '/api/progress', { token: p.token, body: report({ lesson, builds: Math.floor(rnd() * 5), complete: rnd() < 0.2, goals: { a: rnd() < 0.5, b: rnd() < 0.5 } }) });
      } else if (r < 0.75) {
        await t.request('POST', '/api/hand', { token: p.token, body: { lesson: null, question: `q${step}` } });
      } else if (r < 0.8) {
        await t.request('DELETE', '/api/hand', { token: p.token });
      } else if (r < 0.85) {
        await t.request('POST', `/api/dashboard/hands/${p.attendee}/answer`, { key: t.store.key });
      } else if (r < 0.9) {
        await t.request('POST', '/api/dashboard/announce', { key: t.store.key, body: { text: `note ${step}` } });
      } else if (r < 0.95) {
        await t.request('POST', '/api/leave', { token: p.token });
        people.splice(people.indexOf(p), 1);
      }
      if (step % 10 === 0 || step === 299) {
        const served = await (await t.request('GET', '/api/dashboard', { key: t.store.key })).text();
        const fresh = new DashboardModel({ store: t.store, lessons: LESSONS, stuckMinutes: 10, now: () => t.clock.now }).json();
        expect(JSON.parse(served), `step ${step}`).toEqual(JSON.parse(fresh));
      }
    }
  });
});
