/**
 * The class server's HTTP API, shared by the server (src/class/server.ts, Node) and the
 * pages that talk to it (the "Join class" panel on lesson pages and the instructor's
 * dashboard, src/client/class/). Every request body is validated with these schemas on
 * the server, and size-limited before it is parsed; the browser uses the same types.
 *
 * Attendee endpoints (same origin as the course; the attendee token is a bearer token):
 *   GET  /api/class                      → ClassInfo             (200 only when served by `stagecraft class`)
 *   POST /api/join        JoinRequest    → JoinResponse          (201; 400 bad input, 403 wrong code)
 *   POST /api/leave                      → 204                   (forgets the attendee and everything they sent)
 *   POST /api/progress    ProgressReport → 204
 *   POST /api/hand        HandRequest    → 204                   (raise, with an optional question)
 *   DELETE /api/hand                     → 204                   (lower)
 *   GET  /api/events                     → text/event-stream of AttendeeEvent (token as ?token=, EventSource cannot send headers)
 *
 * Instructor endpoints (the dashboard key as `Authorization: Bearer KEY`, or ?key= for the event stream and the CSV):
 *   GET  /api/dashboard                  → DashboardState
 *   GET  /api/dashboard/events           → text/event-stream of DashboardEvent
 *   POST /api/dashboard/announce  AnnounceRequest → 204
 *   POST /api/dashboard/hint      PushHintRequest → 204
 *   POST /api/dashboard/hands/:attendee/answer → 204          (lowers that hand)
 *   GET  /api/dashboard/export.csv       → text/csv (attendee × lesson)
 *   GET  /api/dashboard/submissions?lesson=ID → SubmissionsExport (each attendee's current files for `stagecraft grade`)
 *
 * Errors are JSON `{ "error": "a sentence" }` with a 4xx status; nothing is stored then.
 */
import { z } from 'zod';

/** Largest request body the server reads (a progress report carries the learner's files). */
export const MAX_BODY_BYTES = 256 * 1024;
/** Largest file text a progress report may carry (the exercise's own limit is higher; a class needs less). */
export const MAX_FILE_CHARS = 100_000;

const lessonId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a lesson id is kebab-case').max(80);

export const joinRequest = z
  .object({
    code: z.string().trim().min(1, 'the class code is missing').max(32),
    name: z
      .string()
      .trim()
      .min(1, 'a display name is needed')
      .max(40, 'a display name is at most 40 characters')
      // Shown as text only; control characters and newlines never make sense in a name.
      .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'a display name cannot hold control characters'),
  })
  .strict();
export type JoinRequest = z.infer<typeof joinRequest>;

export interface JoinResponse {
  attendee: string;
  /** Sent as `Authorization: Bearer TOKEN` from then on; kept in the browser (sessionStorage) until the learner leaves. */
  token: string;
  name: string;
}

export interface ClassInfo {
  /** The class's title, as the instructor named it (or "Stagecraft class"). */
  title: string;
  /** Whether a code is needed to join (always true today). */
  needsCode: true;
}

export const progressReport = z
  .object({
    lesson: lessonId,
    /** Goal id → met. */
    goals: z.record(z.string().max(80), z.boolean()).refine((g) => Object.keys(g).length <= 40, 'too many goals'),
    goalsTotal: z.number().int().min(0).max(40),
    builds: z.number().int().min(0).max(100_000),
    /** Bytes of the last image built, or null (no build yet, or it failed). */
    lastImageBytes: z.number().int().min(0).max(1e13).nullable(),
    lastBuildFailed: z.boolean(),
    hintsShown: z.number().int().min(0).max(20),
    usedSolution: z.boolean(),
    complete: z.boolean(),
    /** The learner's editable files now (for grading at the end). */
    files: z.record(z.string().max(64), z.string().max(MAX_FILE_CHARS)).refine((f) => Object.keys(f).length <= 8, 'too many files'),
  })
  .strict();
export type ProgressReport = z.infer<typeof progressReport>;

export const handRequest = z
  .object({
    lesson: lessonId.nullable(),
    question: z.string().trim().max(200, 'a question is at most 200 characters').default(''),
  })
  .strict();
export type HandRequest = z.infer<typeof handRequest>;

export const announceRequest = z.object({ text: z.string().trim().min(1).max(500) }).strict();
export type AnnounceRequest = z.infer<typeof announceRequest>;

export const pushHintRequest = z.object({ lesson: lessonId, text: z.string().trim().min(1).max(500) }).strict();
export type PushHintRequest = z.infer<typeof pushHintRequest>;

/** What an attendee's page hears. */
export type AttendeeEvent =
  | { type: 'announcement'; id: number; text: string; at: number }
  | { type: 'hint'; id: number; lesson: string; text: string; at: number }
  | { type: 'hand-answered' }
  /** The instructor's server forgot this attendee (left, or a new class database). */
  | { type: 'gone' };

export interface LessonProgress {
  goalsMet: number;
  goalsTotal: number;
  /** Goal ids not met. */
  unmet: string[];
  builds: number;
  lastImageBytes: number | null;
  lastBuildFailed: boolean;
  hintsShown: number;
  usedSolution: boolean;
  complete: boolean;
  /** When this lesson's progress last changed (ms since the epoch). */
  changedAt: number;
}

export interface AttendeeRow {
  id: string;
  name: string;
  joinedAt: number;
  lastSeenAt: number;
  /** The lesson they reported last. */
  currentLesson: string | null;
  /** No progress for the stuck threshold while working on a lesson. */
  stuck: boolean;
  lessons: Record<string, LessonProgress>;
}

export interface RaisedHand {
  attendee: string;
  name: string;
  lesson: string | null;
  question: string;
  at: number;
}

export interface DashboardState {
  title: string;
  code: string;
  /** The course's lessons in order: id and title. */
  lessons: Array<{ id: string; title: string }>;
  attendees: AttendeeRow[];
  /** Oldest first. */
  hands: RaisedHand[];
  /** Per lesson, the goal most attendees working on it have not met (null when none). */
  commonFailure: Record<string, { goal: string; count: number } | null>;
  announcements: Array<{ id: number; text: string; at: number }>;
  stuckAfterMinutes: number;
  now: number;
}

/** The dashboard's stream: the whole state again after each change (a class is small). */
export type DashboardEvent = { type: 'state'; state: DashboardState };

export interface SubmissionsExport {
  lesson: string;
  /** One per attendee who reported this lesson: a folder name (the display name made safe, unique) and the files. */
  submissions: Array<{ folder: string; name: string; files: Record<string, string> }>;
}
