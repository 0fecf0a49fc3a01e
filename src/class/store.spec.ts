import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { DashboardState } from './protocol';
import { report, testServer } from './spec-helpers';
import { CODE_ALPHABET, ClassStore, SCHEMA_VERSION, StoreError } from './store';

let dir: string | null = null;
const tmp = () => (dir = mkdtempSync(join(tmpdir(), 'stagecraft-class-')));
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('class store', () => {
  it('creates a class with a random code from the unambiguous alphabet and a 32-byte key', () => {
    const a = ClassStore.open(':memory:');
    const b = ClassStore.open(':memory:');
    expect(a.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));
    expect(a.code).not.toMatch(/[01OIL]/);
    expect(Buffer.from(a.key, 'base64url')).toHaveLength(32);
    expect(a.key).not.toBe(b.key);
    expect(a.checkKey(a.key)).toBe(true);
    expect(a.checkKey(b.key)).toBe(false);
    expect(a.checkKey('')).toBe(false);
    a.close();
    b.close();
  });

  it('keeps only a hash of each token', () => {
    const d = tmp();
    const store = ClassStore.open(join(d, 'c.db'));
    const { token } = store.join('Ada', 1);
    store.close();
    const raw = new DatabaseSync(join(d, 'c.db'));
    const rows = raw.prepare('SELECT * FROM attendees').all();
    raw.close();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('loses nothing across a restart: attendees, tokens, progress, hands, messages, code, key and title', async () => {
    const d = tmp();
    const path = join(d, 'class.db');
    const first = testServer({ dataPath: path });
    first.store.setTitle('Friday');
    const { code, key } = first.store;
    const ada = await first.join('Ada');
    await first.request('POST', '/api/progress', { token: ada.token, body: report() });
    await first.request('POST', '/api/hand', { token: ada.token, body: { lesson: 'stages', question: 'why?' } });
    await first.request('POST', '/api/dashboard/announce', { key, body: { text: 'Welcome' } });
    const before = (await (await first.request('GET', '/api/dashboard', { key })).json()) as DashboardState;
    first.dispose();

    const second = testServer({ dataPath: path });
    expect(second.store.code).toBe(code);
    expect(second.store.key).toBe(key);
    const after = (await (await second.request('GET', '/api/dashboard', { key })).json()) as DashboardState;
    expect({ ...after, now: 0 }).toEqual({ ...before, now: 0 });
    expect(after.title).toBe('Friday');
    // The attendee's page carries on with the token it has.
    expect((await second.request('POST', '/api/progress', { token: ada.token, body: report({ builds: 2 }) })).status).toBe(204);
    expect(second.store.submissions('stages')[0]!.files.Dockerfile).toContain('FROM node:22');
    expect((await second.request('POST', '/api/join', { body: { code, name: 'Bo' } })).status).toBe(201);
    second.dispose();
  });

  it('refuses a database from a newer Stagecraft, a foreign database, and a missing one when asked not to create', () => {
    const d = tmp();
    const newer = join(d, 'newer.db');
    ClassStore.open(newer).close();
    const raw = new DatabaseSync(newer);
    raw.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION + 1);
    raw.close();
    expect(() => ClassStore.open(newer)).toThrow(/newer Stagecraft/);

    const foreign = join(d, 'foreign.db');
    const f = new DatabaseSync(foreign);
    f.exec('CREATE TABLE notes (body TEXT)');
    f.close();
    expect(() => ClassStore.open(foreign)).toThrow(StoreError);
    expect(() => ClassStore.open(foreign)).toThrow(/not a Stagecraft class database/);

    expect(() => ClassStore.open(join(d, 'missing.db'), { create: false })).toThrow(StoreError);
  });

  it('rolls a failed write back (nothing half stored)', () => {
    const store = ClassStore.open(':memory:');
    const { attendee } = store.join('Ada', 1);
    // Foreign key: progress for an attendee that does not exist fails as a whole.
    expect(() => store.saveProgress(attendee.seq + 100, report(), 2)).toThrow();
    expect(store.progress()).toEqual([]);
    store.close();
  });
});
