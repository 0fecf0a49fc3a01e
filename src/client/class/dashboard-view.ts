/**
 * What the instructor's dashboard shows, from a DashboardState (src/class/protocol.ts):
 * pure functions from the state to rows of text, so the page (dashboard.ts) only puts
 * text into elements, and tests can read what a screen reader would. Every mark that
 * is a colour or a symbol on screen has words beside it (`spoken`).
 */
import type { DashboardState, LessonProgress } from '../../class/protocol';

export interface CellView {
  /** What the cell shows: "2/3", "✓ 3/3", "—"; "S" marks a used solution. */
  text: string;
  /** The same in words, for screen readers. */
  spoken: string;
  started: boolean;
  complete: boolean;
  usedSolution: boolean;
  /** The lesson the attendee reported last. */
  current: boolean;
}

export interface RowView {
  id: string;
  name: string;
  stuck: boolean;
  /** "stuck for 12 min", "" when not stuck. */
  note: string;
  cells: CellView[];
}

export interface StuckItem {
  id: string;
  name: string;
  lesson: string;
  minutes: number;
}

export interface HandItem {
  /** Stable while that hand stays up (a hand raised again is a new item). */
  key: string;
  attendee: string;
  name: string;
  lesson: string | null;
  question: string;
  ago: string;
}

export interface FailureItem {
  lesson: string;
  lessonTitle: string;
  goal: string;
  count: number;
  /** Attendees working on the lesson (on it, not complete). */
  working: number;
}

/** "just now", "40 s ago", "3 min ago", "2 h ago". */
export function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ago`;
}

/** "3. Multi-stage basics" (the lesson's number in the course, and its title); the id when the course does not list it. */
export function lessonLabel(state: DashboardState, id: string): string {
  const i = state.lessons.findIndex((l) => l.id === id);
  return i < 0 ? id : `${i + 1}. ${state.lessons[i]!.title}`;
}

export function cellView(p: LessonProgress | undefined, current: boolean): CellView {
  if (!p) return { text: '—', spoken: 'not started', started: false, complete: false, usedSolution: false, current };
  const goals = `${p.goalsMet}/${p.goalsTotal}`;
  const text = `${p.complete ? '✓ ' : ''}${goals}${p.usedSolution ? ' S' : ''}`;
  const spoken = [
    p.complete ? 'complete' : null,
    `${p.goalsMet} of ${p.goalsTotal} goals met`,
    p.usedSolution ? 'used the solution' : null,
    p.builds ? `${p.builds} ${p.builds === 1 ? 'build' : 'builds'}${p.lastBuildFailed ? ', the last one failed' : ''}` : 'no build yet',
    current ? 'working on it now' : null,
  ]
    .filter(Boolean)
    .join(', ');
  return { text, spoken, started: true, complete: p.complete, usedSolution: p.usedSolution, current };
}

const minutesSince = (state: DashboardState, at: number) => Math.max(0, Math.floor((state.now - at) / 60_000));

/** One row per attendee, one cell per lesson, in the course's order. */
export function progressRows(state: DashboardState): RowView[] {
  return state.attendees.map((a) => {
    const current = a.currentLesson ? a.lessons[a.currentLesson] : undefined;
    return {
      id: a.id,
      name: a.name,
      stuck: a.stuck,
      note: a.stuck && current ? `stuck for ${minutesSince(state, current.changedAt)} min` : '',
      cells: state.lessons.map((l) => cellView(a.lessons[l.id], a.currentLesson === l.id)),
    };
  });
}

/** Who is stuck (the server decides: no progress for stuckAfterMinutes on the lesson they are on), longest first. */
export function stuckList(state: DashboardState): StuckItem[] {
  return state.attendees
    .filter((a) => a.stuck && a.currentLesson)
    .map((a) => ({ id: a.id, name: a.name, lesson: lessonLabel(state, a.currentLesson!), minutes: minutesSince(state, a.lessons[a.currentLesson!]?.changedAt ?? state.now) }))
    .sort((x, y) => y.minutes - x.minutes);
}

/** Raised hands, oldest first (as the server orders them). */
export function handItems(state: DashboardState): HandItem[] {
  return state.hands.map((hand) => ({
    key: `${hand.attendee}@${hand.at}`,
    attendee: hand.attendee,
    name: hand.name,
    lesson: hand.lesson ? lessonLabel(state, hand.lesson) : null,
    question: hand.question,
    ago: ago(state.now - hand.at),
  }));
}

/** Per lesson with someone working on it: the goal most of them have not met. */
export function failureItems(state: DashboardState, goalTitle: (lesson: string, goal: string) => string = (_l, g) => g): FailureItem[] {
  const out: FailureItem[] = [];
  for (const l of state.lessons) {
    const f = state.commonFailure[l.id];
    if (!f) continue;
    const working = state.attendees.filter((a) => a.currentLesson === l.id && !a.lessons[l.id]?.complete).length;
    out.push({ lesson: l.id, lessonTitle: lessonLabel(state, l.id), goal: goalTitle(l.id, f.goal), count: f.count, working: Math.max(working, f.count) });
  }
  return out;
}

/** The caption's summary: "3 attendees, 1 stuck, 2 hands up". */
export function summary(state: DashboardState): string {
  const n = state.attendees.length;
  const stuck = state.attendees.filter((a) => a.stuck).length;
  const hands = state.hands.length;
  return `${n} ${n === 1 ? 'attendee' : 'attendees'}, ${stuck} stuck, ${hands} ${hands === 1 ? 'hand' : 'hands'} up`;
}
