/**
 * The workshop agendas of the facilitator guide (/facilitator/): which lessons a
 * 90-minute session and a half day cover, and the timings, taken from each lesson's
 * own `minutes`. Pure: lessons in, rows out. A plan that no longer adds up to its
 * length (a lesson's estimate changed) stops the site build with a hint.
 */

/** What the agenda needs to know about a lesson. */
export interface AgendaLesson {
  id: string;
  number: number;
  title: string;
  minutes: number;
  href: string;
}

/** A line of a plan: a lesson by id, or a fixed item (welcome, break, wrap-up). */
export type PlanItem = { lesson: string } | { kind: 'talk' | 'break'; label: string; minutes: number };

export interface WorkshopPlan {
  id: string;
  /** The table's caption. */
  title: string;
  /** The length of the session, in minutes: the items must add up to it. */
  length: number;
  /** Why these lessons: said on the page under the table. */
  why: string;
  items: PlanItem[];
}

const welcome = (minutes: number): PlanItem => ({ kind: 'talk', label: 'Welcome: what the course does, and everyone opens lesson 1', minutes });
const wrapUp = (minutes: number): PlanItem => ({ kind: 'talk', label: 'Wrap-up: questions, and what to do next on your own', minutes });
const coffee = (minutes: number): PlanItem => ({ kind: 'break', label: 'Break', minutes });

/** The two paths the guide offers. */
export const workshopPlans: readonly WorkshopPlan[] = [
  {
    id: 'ninety-minutes',
    title: '90-minute session',
    length: 90,
    why:
      'Lessons 1 to 4 are the spine of the course: the problem (a one-stage image of over a gigabyte), the idea (stages), the mechanism (COPY --from) and the result, a production-ready Node image. Each builds on the one before, so the room leaves with a Dockerfile it can use at work. The other lessons are for afterwards, at each person’s own pace.',
    items: [welcome(5), { lesson: 'why-images-are-huge' }, { lesson: 'stages' }, { lesson: 'copy-from' }, { lesson: 'node-typescript' }, wrapUp(5)],
  },
  {
    id: 'half-day',
    title: 'Half day (four hours, two breaks)',
    length: 240,
    why:
      'Everything the 90-minute session covers, then Go on scratch, the build context, more stages with --target, measuring and production habits: every technique the course teaches. The capstone is left out: it is the longest lesson, a design brief with no walkthrough, and it works best as homework or as a second session, once people have slept on the ideas.',
    items: [
      welcome(5),
      { lesson: 'why-images-are-huge' },
      { lesson: 'stages' },
      { lesson: 'copy-from' },
      { lesson: 'node-typescript' },
      coffee(15),
      { lesson: 'go-scratch' },
      { lesson: 'dockerignore' },
      { lesson: 'more-stages' },
      coffee(15),
      { lesson: 'measuring' },
      { lesson: 'production-habits' },
      wrapUp(10),
    ],
  },
];

/** A row of an agenda table: when it starts and ends, in minutes from the start of the session. */
export interface AgendaRow {
  start: number;
  end: number;
  minutes: number;
  kind: 'lesson' | 'talk' | 'break';
  label: string;
  lesson: AgendaLesson | null;
}

export interface Agenda {
  plan: WorkshopPlan;
  rows: AgendaRow[];
  total: number;
  /** The course's lessons the plan leaves out, in course order. */
  later: AgendaLesson[];
}

/** The plan's rows, timed from the lessons' minutes; throws when it names an unknown lesson, repeats one or does not add up to its length. */
export function agendaOf(plan: WorkshopPlan, lessons: readonly AgendaLesson[]): Agenda {
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const rows: AgendaRow[] = [];
  const used = new Set<string>();
  let clock = 0;
  for (const item of plan.items) {
    if ('lesson' in item) {
      const lesson = byId.get(item.lesson);
      if (!lesson) throw new Error(`src/lessons/agenda.ts: the ${plan.title} names lesson "${item.lesson}", which does not exist; use one of ${lessons.map((l) => l.id).join(', ')}`);
      if (used.has(lesson.id)) throw new Error(`src/lessons/agenda.ts: the ${plan.title} lists lesson "${lesson.id}" twice`);
      used.add(lesson.id);
      rows.push({ start: clock, end: clock + lesson.minutes, minutes: lesson.minutes, kind: 'lesson', label: `${lesson.number}. ${lesson.title}`, lesson });
      clock += lesson.minutes;
    } else {
      rows.push({ start: clock, end: clock + item.minutes, minutes: item.minutes, kind: item.kind, label: item.label, lesson: null });
      clock += item.minutes;
    }
  }
  if (clock !== plan.length) {
    throw new Error(
      `src/lessons/agenda.ts: the ${plan.title} adds up to ${clock} minutes, not ${plan.length}. A lesson's \`minutes\` changed: move a lesson in or out of the plan, or change its welcome, breaks or wrap-up so that the items add up again.`,
    );
  }
  return { plan, rows, total: clock, later: lessons.filter((l) => !used.has(l.id)) };
}

/** Minutes from the start of the session as the agenda prints them: 0:00, 1:25. */
export function clockTime(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
