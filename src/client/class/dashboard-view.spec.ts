import { describe, expect, it } from 'vitest';
import type { AttendeeRow, DashboardState, LessonProgress } from '../../class/protocol';
import { ago, cellView, failureItems, handItems, lessonLabel, progressRows, stuckList, summary } from './dashboard-view';

const NOW = 10_000_000;
const progress = (over: Partial<LessonProgress> = {}): LessonProgress => ({
  goalsMet: 1,
  goalsTotal: 3,
  unmet: ['b', 'c'],
  builds: 2,
  lastImageBytes: 1000,
  lastBuildFailed: false,
  hintsShown: 0,
  usedSolution: false,
  complete: false,
  changedAt: NOW - 60_000,
  ...over,
});
const attendee = (over: Partial<AttendeeRow>): AttendeeRow => ({ id: 'a1', name: 'Ada', joinedAt: NOW - 3_600_000, lastSeenAt: NOW, currentLesson: null, stuck: false, lessons: {}, ...over });

function state(over: Partial<DashboardState> = {}): DashboardState {
  return {
    title: 'Friday workshop',
    code: 'K7QP2M',
    lessons: [
      { id: 'why-images-are-huge', title: 'Why images are huge' },
      { id: 'stages', title: 'Stages' },
    ],
    attendees: [
      attendee({ id: 'a1', name: 'Ada', currentLesson: 'stages', lessons: { 'why-images-are-huge': progress({ goalsMet: 3, complete: true, unmet: [] }), stages: progress() } }),
      attendee({ id: 'a2', name: '<img src=x onerror=alert(1)>', currentLesson: 'stages', stuck: true, lessons: { stages: progress({ goalsMet: 0, changedAt: NOW - 14 * 60_000, usedSolution: true, builds: 1, lastBuildFailed: true }) } }),
    ],
    hands: [
      { attendee: 'a2', name: '<img src=x onerror=alert(1)>', lesson: 'stages', question: 'Why is COPY --from empty?', at: NOW - 125_000 },
      { attendee: 'a1', name: 'Ada', lesson: null, question: '', at: NOW - 3000 },
    ],
    commonFailure: { 'why-images-are-huge': null, stages: { goal: 'c', count: 2 } },
    announcements: [],
    stuckAfterMinutes: 10,
    now: NOW,
    ...over,
  };
}

describe('the dashboard from a DashboardState', () => {
  it('one row per attendee, one cell per lesson in course order, each with words as well as marks', () => {
    const rows = progressRows(state());
    expect(rows.map((r) => r.name)).toEqual(['Ada', '<img src=x onerror=alert(1)>']);
    expect(rows[0]!.cells.map((c) => c.text)).toEqual(['✓ 3/3', '1/3']);
    expect(rows[0]!.cells.map((c) => c.spoken)).toEqual(['complete, 3 of 3 goals met, 2 builds', '1 of 3 goals met, 2 builds, working on it now']);
    expect(rows[1]!.cells.map((c) => c.text)).toEqual(['—', '0/3 S']);
    expect(rows[1]!.cells[0]!.spoken).toBe('not started');
    expect(rows[1]!.cells[1]!.spoken).toBe('0 of 3 goals met, used the solution, 1 build, the last one failed, working on it now');
  });

  it('marks who is stuck, with how long, and lists them longest first', () => {
    const rows = progressRows(state());
    expect(rows.map((r) => [r.stuck, r.note])).toEqual([
      [false, ''],
      [true, 'stuck for 14 min'],
    ]);
    expect(stuckList(state())).toEqual([{ id: 'a2', name: '<img src=x onerror=alert(1)>', lesson: '2. Stages', minutes: 14 }]);
  });

  it('raised hands in order with the lesson, the question and how long ago', () => {
    expect(handItems(state())).toEqual([
      { key: `a2@${NOW - 125_000}`, attendee: 'a2', name: '<img src=x onerror=alert(1)>', lesson: '2. Stages', question: 'Why is COPY --from empty?', ago: '2 min ago' },
      { key: `a1@${NOW - 3000}`, attendee: 'a1', name: 'Ada', lesson: null, question: '', ago: 'just now' },
    ]);
  });

  it('the most common unmet goal per lesson, named when the title is known', () => {
    expect(failureItems(state())).toEqual([{ lesson: 'stages', lessonTitle: '2. Stages', goal: 'c', count: 2, working: 2 }]);
    expect(failureItems(state(), (lesson, goal) => `${lesson}/${goal} title`)[0]!.goal).toBe('stages/c title');
  });

  it('an empty class', () => {
    const empty = state({ attendees: [], hands: [], commonFailure: {} });
    expect(progressRows(empty)).toEqual([]);
    expect(stuckList(empty)).toEqual([]);
    expect(handItems(empty)).toEqual([]);
    expect(failureItems(empty)).toEqual([]);
    expect(summary(empty)).toBe('0 attendees, 0 stuck, 0 hands up');
  });

  it('summary, labels and times in words', () => {
    expect(summary(state())).toBe('2 attendees, 1 stuck, 2 hands up');
    expect(lessonLabel(state(), 'stages')).toBe('2. Stages');
    expect(lessonLabel(state(), 'not-listed')).toBe('not-listed');
    expect([0, 4999, 5000, 59_999, 60_000, 3_599_999, 7_200_000].map(ago)).toEqual(['just now', 'just now', '5 s ago', '59 s ago', '1 min ago', '59 min ago', '2 h ago']);
    expect(cellView(undefined, true)).toMatchObject({ text: '—', started: false, current: true });
  });
});
