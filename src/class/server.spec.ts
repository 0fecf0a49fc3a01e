import { afterEach, describe, expect, it } from 'vitest';
import { securityHeaders } from '../site/headers.mjs';
import { MAX_BODY_BYTES, type DashboardState, type SubmissionsExport } from './protocol';
import { report, testServer, type TestServer } from './spec-helpers';

let t: TestServer;
afterEach(() => t?.dispose());

const state = async (s: TestServer): Promise<DashboardState> => {
  const res = await s.request('GET', '/api/dashboard', { key: s.store.key });
  expect(res.status).toBe(200);
  return (await res.json()) as DashboardState;
};

async function expectError(res: Response, status: number, pattern?: RegExp): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: string };
  expect(typeof body.error).toBe('string');
  // A sentence: a capital letter first, a full stop last.
  expect(body.error).toMatch(/^[A-Z].*[.!?]$/s);
  if (pattern) expect(body.error).toMatch(new RegExp(pattern.source, `${pattern.flags}i`));
  return body.error;
}

describe('class server: joining', () => {
  it('tells the page a class is here, with its title', async () => {
    t = testServer();
    t.store.setTitle('Docker Friday');
    const res = await t.request('GET', '/api/class');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ title: 'Docker Friday', needsCode: true });
  });

  it('joins with the code (case, spaces and dashes ignored) and returns a token', async () => {
    t = testServer();
    const code = t.store.code;
    const messy = `${code.slice(0, 3).toLowerCase()}-${code.slice(3)} `;
    const res = await t.request('POST', '/api/join', { body: { code: messy, name: '  Ada  ' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { attendee: string; token: string; name: string };
    expect(body.name).toBe('Ada');
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t.store.attendeeByToken(body.token)?.id).toBe(body.attendee);
  });

  it('refuses a wrong code with 403 and stores nothing', async () => {
    t = testServer();
    await expectError(await t.request('POST', '/api/join', { body: { code: 'NOPE42', name: 'Eve' } }), 403, /code/);
    expect(t.store.attendeeCount()).toBe(0);
  });

  it('refuses every bad join body with a 400 sentence and stores nothing', async () => {
    t = testServer();
    const code = t.store.code;
    const cases: Array<[unknown, RegExp]> = [
      [{ code, name: '' }, /display name is needed/],
      [{ code, name: '   ' }, /display name is needed/],
      [{ code, name: 'x'.repeat(41) }, /at most 40/],
      [{ code, name: 'a\nb' }, /control characters/],
      [{ code, name: 'a\u0000' }, /control characters/],
      [{ code }, /name.*missing/],
      [{ name: 'Ann' }, /code.*missing/],
      [{ code, name: 'Ann', admin: true }, /unknown field "admin"/],
      [{ code: 5, name: 'Ann' }, /code.*string/],
      [[], /body should be an object/],
      [null, /body should be an object/],
    ];
    // Each from its own address: failed joins count against the address's rate limit too.
    let n = 0;
    const from = () => ({ 'x-test-ip': `198.51.100.${++n}` });
    for (const [body, pattern] of cases) await expectError(await t.request('POST', '/api/join', { body, headers: from() }), 400, pattern);
    await expectError(await t.request('POST', '/api/join', { raw: '{"code":', headers: from() }), 400, /not valid JSON/);
    await expectError(await t.request('POST', '/api/join', { raw: '', headers: from() }), 400, /no body/);
    expect(t.store.attendeeCount()).toBe(0);
  });

  it('allows the same name twice and tells them apart on the dashboard (and in hands)', async () => {
    t = testServer();
    const a = await t.join('Alex');
    const b = await t.join('alex');
    const c = await t.join('Alex');
    expect([a.name, b.name, c.name]).toEqual(['Alex', 'alex', 'Alex']);
    await t.request('POST', '/api/hand', { token: c.token, body: { lesson: 'stages', question: 'help' } });
    const s = await state(t);
    expect(s.attendees.map((r) => r.name)).toEqual(['Alex', 'alex (2)', 'Alex (3)']);
    expect(s.hands.map((h) => h.name)).toEqual(['Alex (3)']);
  });
});

describe('class server: progress, hands, messages', () => {
  it('stores progress per lesson and shows it on the dashboard', async () => {
    t = testServer();
    const a = await t.join('Ada');
    expect((await t.request('POST', '/api/progress', { token: a.token, body: report() })).status).toBe(204);
    t.clock.now += 1000;
    expect((await t.request('POST', '/api/progress', { token: a.token, body: report({ lesson: 'copy-from', builds: 3, complete: true, goals: { x: true } }) })).status).toBe(204);
    const s = await state(t);
    expect(s.lessons).toEqual([{ id: 'stages', title: 'Stages' }, { id: 'copy-from', title: 'Copy from' }]);
    const row = s.attendees[0]!;
    expect(row.currentLesson).toBe('copy-from');
    expect(row.lessons.stages).toMatchObject({ goalsMet: 1, goalsTotal: 2, unmet: ['small-final'], builds: 1, lastImageBytes: 123_456_789, complete: false });
    expect(row.lessons['copy-from']).toMatchObject({ goalsMet: 1, unmet: [], builds: 3, complete: true });
    // The files are for grading, not for the dashboard.
    expect(JSON.stringify(s)).not.toContain('FROM node');
  });

  it('updates a lesson in place; a report that changes nothing but files keeps its change time', async () => {
    t = testServer({ stuckMinutes: 10 });
    const a = await t.join('Ada');
    await t.request('POST', '/api/progress', { token: a.token, body: report() });
    const first = t.clock.now;
    t.clock.now += 11 * 60_000;
    await t.request('POST', '/api/progress', { token: a.token, body: report({ files: { Dockerfile: 'FROM scratch\n' } }) });
    let s = await state(t);
    expect(s.attendees[0]!.lessons.stages!.changedAt).toBe(first);
    expect(s.attendees[0]!.stuck).toBe(true);
    expect(s.commonFailure.stages).toEqual({ goal: 'small-final', count: 1 });
    expect(t.store.submissions('stages')[0]!.files.Dockerfile).toBe('FROM scratch\n');
    await t.request('POST', '/api/progress', { token: a.token, body: report({ builds: 2 }) });
    s = await state(t);
    expect(s.attendees[0]!.lessons.stages!.changedAt).toBe(t.clock.now);
    expect(s.attendees[0]!.stuck).toBe(false);
    expect(t.store.progress()).toHaveLength(1);
  });

  it('refuses bad progress with 400 and stores nothing', async () => {
    t = testServer();
    const a = await t.join('Ada');
    const cases: Array<[unknown, RegExp]> = [
      [report({ lesson: 'Not Kebab' }), /kebab-case/],
      [report({ lesson: 'no-such-lesson' }), /no lesson "no-such-lesson"/],
      [{ ...report(), goalsTotal: -1 }, /goalsTotal/],
      [{ ...report(), builds: 1.5 }, /builds/],
      [{ ...report(), goals: { a: 'yes' } }, /goals\.a.*boolean/],
      [{ ...report(), files: { Dockerfile: 'x'.repeat(100_001) } }, /files\.Dockerfile.*longer/],
      [{ ...report(), files: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, ''])) }, /too many files/],
      [{ ...report(), extra: 1 }, /unknown field "extra"/],
      [(({ complete: _, ...r }) => r)(report()), /complete.*missing/],
    ];
    for (const [body, pattern] of cases) await expectError(await t.request('POST', '/api/progress', { token: a.token, body }), 400, pattern);
    expect(t.store.progress()).toEqual([]);
    expect(t.store.attendeeById(a.attendee)?.currentLesson).toBeNull();
  });

  it('needs a known token for attendee endpoints (401), and forgets everything on leave', async () => {
    t = testServer();
    await expectError(await t.request('POST', '/api/progress', { body: report() }), 401, /join/);
    await expectError(await t.request('POST', '/api/progress', { token: 'forged', body: report() }), 401);
    const a = await t.join('Ada');
    const b = await t.join('Bo');
    await t.request('POST', '/api/progress', { token: a.token, body: report() });
    await t.request('POST', '/api/hand', { token: a.token, body: { lesson: null } });
    expect((await t.request('POST', '/api/leave', { token: a.token })).status).toBe(204);
    expect(t.store.attendees().map((x) => x.id)).toEqual([b.attendee]);
    expect(t.store.progress()).toEqual([]);
    expect((await state(t)).hands).toEqual([]);
    await expectError(await t.request('POST', '/api/progress', { token: a.token, body: report() }), 401, /join again/);
  });

  it('raises, lowers and answers hands, oldest first', async () => {
    t = testServer();
    const a = await t.join('Ada');
    const b = await t.join('Bo');
    expect((await t.request('POST', '/api/hand', { token: b.token, body: { lesson: 'stages', question: ' Why two FROMs? ' } })).status).toBe(204);
    t.clock.now += 5;
    await t.request('POST', '/api/hand', { token: a.token, body: { lesson: null } });
    t.clock.now += 5;
    // Raising again keeps the place in the queue.
    await t.request('POST', '/api/hand', { token: b.token, body: { lesson: 'stages', question: 'Solved one, now…' } });
    let s = await state(t);
    expect(s.hands.map((h) => [h.name, h.lesson, h.question])).toEqual([['Bo', 'stages', 'Solved one, now…'], ['Ada', null, '']]);
    await expectError(await t.request('POST', '/api/hand', { token: a.token, body: { lesson: 'stages', question: 'q'.repeat(201) } }), 400, /at most 200/);
    await expectError(await t.request('POST', '/api/hand', { token: a.token, body: { lesson: 'nope', question: 'x' } }), 400, /no lesson/);
    expect(t.store.attendeeById(a.attendee)?.hand).toEqual({ at: expect.any(Number), lesson: null, question: '' });
    expect((await t.request('DELETE', '/api/hand', { token: a.token })).status).toBe(204);
    expect((await t.request('POST', `/api/dashboard/hands/${b.attendee}/answer`, { key: t.store.key })).status).toBe(204);
    s = await state(t);
    expect(s.hands).toEqual([]);
    await expectError(await t.request('POST', '/api/dashboard/hands/nobody/answer', { key: t.store.key }), 404);
  });

  it('announces and pushes hints (validated, stored)', async () => {
    t = testServer();
    const key = t.store.key;
    expect((await t.request('POST', '/api/dashboard/announce', { key, body: { text: 'Break until 11:00' } })).status).toBe(204);
    expect((await t.request('POST', '/api/dashboard/hint', { key, body: { lesson: 'stages', text: 'Name the first stage' } })).status).toBe(204);
    await expectError(await t.request('POST', '/api/dashboard/announce', { key, body: { text: '  ' } }), 400);
    await expectError(await t.request('POST', '/api/dashboard/hint', { key, body: { lesson: 'nope', text: 'x' } }), 400, /no lesson/);
    const s = await state(t);
    expect(s.announcements.map((m) => m.text)).toEqual(['Break until 11:00']);
    expect(t.store.messagesAfter(0, 10).map((m) => [m.kind, m.lesson, m.text])).toEqual([
      ['announcement', null, 'Break until 11:00'],
      ['hint', 'stages', 'Name the first stage'],
    ]);
  });
});

describe('class server: the instructor key', () => {
  it('401 without the key or with a wrong one; ?key= only for GETs', async () => {
    t = testServer();
    const key = t.store.key;
    await expectError(await t.request('GET', '/api/dashboard'), 401, /missing/);
    await expectError(await t.request('GET', '/api/dashboard', { key: `${key}x` }), 401, /wrong/);
    await expectError(await t.request('GET', '/api/dashboard', { key: key.slice(0, -1) }), 401);
    await expectError(await t.request('GET', '/api/dashboard/export.csv'), 401);
    await expectError(await t.request('GET', '/api/dashboard/submissions?lesson=stages'), 401);
    await expectError(await t.request('GET', '/api/dashboard/events'), 401);
    await expectError(await t.request('POST', '/api/dashboard/announce', { body: { text: 'hi' } }), 401);
    await expectError(await t.request('POST', `/api/dashboard/announce?key=${key}`, { body: { text: 'hi' } }), 401);
    // An attendee's token is not the key.
    const a = await t.join('Ada');
    await expectError(await t.request('GET', '/api/dashboard', { token: a.token }), 401);
    expect(t.store.messagesAfter(0, 10)).toEqual([]);
    expect((await t.request('GET', `/api/dashboard?key=${encodeURIComponent(key)}`)).status).toBe(200);
  });
});

describe('class server: exports', () => {
  it('CSV: attendee × lesson, RFC 4180 quoting, formulas neutralised', async () => {
    t = testServer();
    const a = await t.join('=HYPERLINK("http://x","y")');
    const b = await t.join('Doe, "Jo"');
    await t.request('POST', '/api/progress', { token: a.token, body: report({ usedSolution: true, hintsShown: 2 }) });
    await t.request('POST', '/api/progress', { token: b.token, body: report({ lesson: 'copy-from', complete: true, goals: { g: true }, goalsTotal: 1 }) });
    const res = await t.request('GET', `/api/dashboard/export.csv?key=${t.store.key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="stagecraft-class-\d{4}-\d\d-\d\d\.csv"$/);
    const text = await res.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('name,attendee,lesson,lesson title,goals met,goals total,builds,last image bytes,last build failed,hints shown,used solution,complete,last change');
    expect(lines).toHaveLength(1 + 2 * 2 + 1);
    expect(lines[1]).toMatch(new RegExp(`^"'=HYPERLINK\\(""http://x"",""y""\\)",${a.attendee},stages,Stages,1,2,1,123456789,no,2,yes,no,\\d{4}-`));
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://x"",""y"")",${a.attendee},copy-from,Copy from,,,,,,,,no,`);
    expect(lines[4]).toMatch(new RegExp(`^"Doe, ""Jo""",${b.attendee},copy-from,Copy from,1,1,1,123456789,no,0,no,yes,`));
    expect(lines[5]).toBe('');
  });

  it('submissions: current files per attendee, folder names safe and unique, unsafe file names left out', async () => {
    t = testServer();
    const names = ['Zoë Ängström', 'zoe angstrom', '../../etc', 'CON', '🙂'];
    for (const n of names) {
      const a = await t.join(n);
      await t.request('POST', '/api/progress', { token: a.token, body: report({ files: { Dockerfile: `FROM ${n}\n`, '.dockerignore': 'node_modules\n', '../evil': 'x', 'a/../../b': 'y' } }) });
    }
    const res = await t.request('GET', `/api/dashboard/submissions?lesson=stages&key=${t.store.key}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as SubmissionsExport;
    expect(body.lesson).toBe('stages');
    expect(body.submissions.map((s) => s.folder)).toEqual(['Zoe-Angstrom', 'zoe-angstrom-2', 'etc', 'CON-', 'attendee']);
    expect(body.submissions.map((s) => s.name)).toEqual(['Zoë Ängström', 'zoe angstrom', '../../etc', 'CON', '🙂']);
    for (const s of body.submissions) expect(Object.keys(s.files).sort()).toEqual(['.dockerignore', 'Dockerfile']);
    expect(body.submissions[0]!.files.Dockerfile).toBe('FROM Zoë Ängström\n');
    const empty = (await (await t.request('GET', `/api/dashboard/submissions?lesson=copy-from&key=${t.store.key}`)).json()) as SubmissionsExport;
    expect(empty.submissions).toEqual([]);
    await expectError(await t.request('GET', `/api/dashboard/submissions?key=${t.store.key}`), 400, /lesson/);
    await expectError(await t.request('GET', `/api/dashboard/submissions?lesson=../x&key=${t.store.key}`), 400);
    await expectError(await t.request('GET', `/api/dashboard/submissions?lesson=nope&key=${t.store.key}`), 404);
  });
});

describe('class server: trusts nobody', () => {
  it('puts the security headers on every answer, errors included, and never an Allow-Origin', async () => {
    t = testServer();
    const answers = [
      await t.request('GET', '/api/class'),
      await t.request('GET', '/api/dashboard'),
      await t.request('POST', '/api/join', { raw: 'nope' }),
      await t.request('GET', '/api/nothing'),
      await t.request('GET', '/api/class', { headers: { host: 'evil.example', origin: 'http://evil.example' } }),
      await t.request('GET', '/'),
      await t.request('PUT', '/'),
    ];
    for (const res of answers) {
      for (const [name, value] of Object.entries(securityHeaders)) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(answers[3]!.status).toBe(404);
    expect(answers[6]!.status).toBe(405);
    expect(answers[0]!.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a foreign Origin with 403 before doing anything; its own origin is fine', async () => {
    t = testServer();
    const body = { code: t.store.code, name: 'Mallory' };
    await expectError(await t.request('POST', '/api/join', { body, headers: { origin: 'http://evil.example' } }), 403, /other sites/);
    await expectError(await t.request('POST', '/api/join', { body, headers: { origin: 'null' } }), 403);
    await expectError(await t.request('POST', '/api/join', { body, headers: { origin: 'http://localhost:8080' } }), 403);
    await expectError(await t.request('GET', '/api/class', { headers: { origin: 'http://evil.example' } }), 403);
    expect(t.store.attendeeCount()).toBe(0);
    expect((await t.request('POST', '/api/join', { body, headers: { origin: 'http://localhost' } })).status).toBe(201);
  });

  it('refuses a Host that is not one of its addresses (DNS rebinding) with 403', async () => {
    const addresses = ['192.168.1.20'];
    t = testServer({ hosts: () => addresses });
    const at = (url: string) => Promise.resolve(t.server.app.request(url));
    await expectError(await at('http://rebind.evil.example:8080/api/class'), 403, /host name "rebind\.evil\.example"/);
    expect((await at('http://evil.example/')).status).toBe(403);
    expect((await at('http://10.0.0.99:8080/api/class')).status).toBe(403);
    expect((await at('http://192.168.1.20:8080/api/class')).status).toBe(200);
    expect((await at('http://localhost:8080/api/class')).status).toBe(200);
    expect((await at('http://127.0.0.1:8080/api/class')).status).toBe(200);
    expect((await at('http://[::1]:8080/api/class')).status).toBe(200);
    // The laptop moved to another network: its new address is asked for and allowed.
    addresses.push('10.0.0.99');
    expect((await at('http://10.0.0.99:8080/api/class')).status).toBe(200);
  });

  it('refuses a body larger than MAX_BODY_BYTES with 413, declared or not, and stores nothing', async () => {
    t = testServer();
    const a = await t.join('Ada');
    const big = JSON.stringify(report({ files: { Dockerfile: 'x'.repeat(MAX_BODY_BYTES) } }));
    await expectError(await t.request('POST', '/api/progress', { token: a.token, raw: big, headers: { 'content-length': String(big.length) } }), 413, /256 KiB/);
    // Streamed without a length: counted as it arrives.
    const stream = new ReadableStream({
      start(c) {
        const enc = new TextEncoder();
        for (let i = 0; i < 5; i++) c.enqueue(enc.encode('x'.repeat(MAX_BODY_BYTES / 4)));
        c.close();
      },
    });
    const res = await t.server.app.request('/api/progress', { method: 'POST', body: stream, duplex: 'half', headers: { authorization: `Bearer ${a.token}` } } as RequestInit);
    await expectError(res, 413);
    expect(t.store.progress()).toEqual([]);
  });

  it('rate-limits joins per address and requests per attendee, with Retry-After', async () => {
    t = testServer({ limits: { join: { burst: 3, perSecond: 0.5 }, attendee: { burst: 2, perSecond: 1 } } });
    for (let i = 0; i < 3; i++) await t.join(`n${i}`, '198.51.100.7');
    const res = await t.request('POST', '/api/join', { body: { code: t.store.code, name: 'x' }, headers: { 'x-test-ip': '198.51.100.7' } });
    await expectError(res, 429, /too many joins/);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(t.store.attendeeCount()).toBe(3);
    // Another address is not held back; the clock refills the bucket.
    await t.join('other', '198.51.100.8');
    t.clock.now += 2000;
    await t.join('later', '198.51.100.7');

    const a = await t.join('Ada', '203.0.113.1');
    expect((await t.request('POST', '/api/progress', { token: a.token, body: report() })).status).toBe(204);
    expect((await t.request('POST', '/api/progress', { token: a.token, body: report() })).status).toBe(204);
    const limited = await t.request('POST', '/api/progress', { token: a.token, body: report({ builds: 9 }) });
    await expectError(limited, 429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(t.store.progress()[0]!.builds).toBe(1);
    t.clock.now += 1000;
    expect((await t.request('POST', '/api/progress', { token: a.token, body: report({ builds: 9 }) })).status).toBe(204);
  });

  it('answers unknown API paths with a 404 sentence', async () => {
    t = testServer();
    await expectError(await t.request('GET', '/api/attendees'), 404, /no such endpoint/);
    await expectError(await t.request('PUT', '/api/progress'), 404);
  });
});
