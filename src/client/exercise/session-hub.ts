/**
 * Where the running exercise can be found by code that loads apart from it: the
 * class panel (src/client/class/join.ts, only on pages a class server serves)
 * listens to the session without app.ts knowing a class exists. Nothing here sends
 * or stores anything.
 */
import type { ExerciseSession } from './session';

export interface RunningExercise {
  lessonId: string;
  session: ExerciseSession;
  /** What the learner's saved work says now (the store app.ts keeps). */
  saved(): { hintsShown: number; complete: boolean; lastImageBytes: number | null };
}

let running: RunningExercise | null = null;
const waiting = new Set<(exercise: RunningExercise) => void>();

/** app.ts: the exercise is up (editor, engine, first check under way). */
export function publishExercise(exercise: RunningExercise): void {
  running = exercise;
  for (const listener of waiting) listener(exercise);
}

/** Calls `listener` with the running exercise, now if it is up, else once it is. Returns a stop function. */
export function onExercise(listener: (exercise: RunningExercise) => void): () => void {
  waiting.add(listener);
  if (running) listener(running);
  return () => waiting.delete(listener);
}
