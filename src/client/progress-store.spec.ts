import { describe, expect, it } from 'vitest';
import { STORAGE_KEY, completedLessons, parseProgress } from './progress-store';

const storage = (value: string | null) => ({ getItem: (key: string) => (key === STORAGE_KEY ? value : null) });

describe('saved progress', () => {
  it('reads completed lessons from a version-1 record', () => {
    const raw = JSON.stringify({ version: 1, lessons: { stages: { complete: true }, 'why-images-are-huge': { complete: false } } });
    expect([...completedLessons(storage(raw))]).toEqual(['stages']);
  });

  it.each([
    ['nothing stored', null],
    ['not JSON', '{oops'],
    ['another version', JSON.stringify({ version: 2, lessons: { stages: { complete: true } } })],
    ['lessons not an object', JSON.stringify({ version: 1, lessons: [] })],
    ['a bare string', JSON.stringify('hello')],
  ])('treats %s as no progress', (_name, raw) => {
    expect(completedLessons(storage(raw)).size).toBe(0);
  });

  it('survives storage that throws', () => {
    const throwing = { getItem: () => { throw new Error('SecurityError'); } };
    expect(completedLessons(throwing).size).toBe(0);
  });

  it('keeps only the complete flag of each lesson', () => {
    expect(parseProgress(JSON.stringify({ version: 1, lessons: { a: { complete: 'yes' }, b: 3 } }))).toEqual({
      version: 1,
      lessons: { a: { complete: false } },
    });
  });
});
