import { describe, expect, it } from 'vitest';
import { agendaOf, clockTime, workshopPlans, type AgendaLesson, type WorkshopPlan } from './agenda';
import { siteLesson } from './exercise-data';
import { siteSource } from './exercise-files';
import { lessonFolders } from './loader';

const lesson = (id: string, number: number, minutes: number): AgendaLesson => ({ id, number, title: id, minutes, href: `/lessons/${id}/` });
const fake = [lesson('one', 1, 15), lesson('two', 2, 20), lesson('three', 3, 25)];
const plan = (items: WorkshopPlan['items'], length: number): WorkshopPlan => ({ id: 'p', title: 'test plan', length, why: 'because', items });

describe('agendaOf', () => {
  it('times each row from the start of the session, taking a lesson’s time from its minutes', () => {
    const a = agendaOf(plan([{ kind: 'talk', label: 'Welcome', minutes: 5 }, { lesson: 'one' }, { kind: 'break', label: 'Break', minutes: 10 }, { lesson: 'three' }], 55), fake);
    expect(a.rows.map((r) => [r.start, r.end, r.kind, r.label])).toEqual([
      [0, 5, 'talk', 'Welcome'],
      [5, 20, 'lesson', '1. one'],
      [20, 30, 'break', 'Break'],
      [30, 55, 'lesson', '3. three'],
    ]);
    expect(a.total).toBe(55);
    expect(a.later.map((l) => l.id)).toEqual(['two']);
  });

  it('stops the build when a plan does not add up to its length, names an unknown lesson or repeats one', () => {
    expect(() => agendaOf(plan([{ lesson: 'one' }], 20), fake)).toThrow(/test plan adds up to 15 minutes, not 20\. A lesson's `minutes` changed/);
    expect(() => agendaOf(plan([{ lesson: 'four' }], 20), fake)).toThrow(/names lesson "four", which does not exist; use one of one, two, three/);
    expect(() => agendaOf(plan([{ lesson: 'one' }, { lesson: 'one' }], 30), fake)).toThrow(/lists lesson "one" twice/);
  });

  it('prints times as hours and minutes', () => {
    expect([0, 5, 85, 240].map(clockTime)).toEqual(['0:00', '0:05', '1:25', '4:00']);
  });
});

describe('the workshop paths, with the course’s own lessons', () => {
  const lessons = lessonFolders(siteSource).map((folder, i): AgendaLesson => {
    const l = siteLesson(folder);
    return { id: l.id, number: i + 1, title: l.title, minutes: l.data.minutes, href: `/lessons/${l.id}/` };
  });
  const agendas = new Map(workshopPlans.map((p) => [p.id, agendaOf(p, lessons)]));
  const ninety = agendas.get('ninety-minutes')!;
  const halfDay = agendas.get('half-day')!;
  const lessonIds = (a: typeof ninety) => a.rows.flatMap((r) => (r.lesson ? [r.lesson.id] : []));

  it('has a 90-minute path and a four-hour half day', () => {
    expect(ninety.total).toBe(90);
    expect(halfDay.total).toBe(240);
  });

  for (const a of agendas.values()) {
    it(`${a.plan.title}: rows follow each other without gaps and add up to the session`, () => {
      let clock = 0;
      for (const r of a.rows) {
        expect(r.start).toBe(clock);
        expect(r.end - r.start).toBe(r.minutes);
        clock = r.end;
      }
      expect(clock).toBe(a.plan.length);
      expect(a.rows.reduce((sum, r) => sum + r.minutes, 0)).toBe(a.plan.length);
    });

    it(`${a.plan.title}: every lesson row takes the lesson’s own minutes, in course order`, () => {
      const rows = a.rows.filter((r) => r.kind === 'lesson');
      for (const r of rows) expect(r.minutes, r.label).toBe(lessons.find((l) => l.id === r.lesson!.id)!.minutes);
      const numbers = rows.map((r) => r.lesson!.number);
      expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
      // The lessons in the session and those left for afterwards are the whole course, each once.
      expect([...lessonIds(a), ...a.later.map((l) => l.id)].sort()).toEqual(lessons.map((l) => l.id).sort());
    });
  }

  it('the 90-minute path starts at lesson 1 and takes the lessons in a row', () => {
    expect(lessonIds(ninety)).toEqual(lessons.slice(0, lessonIds(ninety).length).map((l) => l.id));
  });

  it('the half day covers everything the 90-minute path does and more, with breaks', () => {
    expect(lessonIds(halfDay).slice(0, lessonIds(ninety).length)).toEqual(lessonIds(ninety));
    expect(lessonIds(halfDay).length).toBeGreaterThan(lessonIds(ninety).length);
    const breaks = halfDay.rows.filter((r) => r.kind === 'break');
    expect(breaks.length).toBeGreaterThanOrEqual(2);
    // No stretch of more than two hours without a break.
    let since = 0;
    for (const r of halfDay.rows) {
      since = r.kind === 'break' ? 0 : since + r.minutes;
      expect(since, `by ${clockTime(r.end)}`).toBeLessThanOrEqual(120);
    }
  });
});
