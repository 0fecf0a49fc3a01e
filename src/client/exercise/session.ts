/**
 * The exercise session: the lesson's data, the learner's files (as the editor holds
 * them), the engine worker, and the results of the last check. Panels (goals,
 * problems, build, terminal) read it and listen to its events; none of them talks to
 * the worker about checks on its own. A check answered after a newer one was asked
 * for is dropped here, once, for every panel.
 */
import type { ExerciseData } from '../../lessons/exercise-data';
import type { EngineClient, EngineReply } from './engine-client';
import type { BuildView, CheckView } from './protocol';

export interface SessionEvents {
  /** A check of the files as they are now finished. */
  check: (result: CheckView) => void;
  /** A check could not answer (over its time limit, a crash, an internal error): the last good result stays. */
  checkFailed: (message: string) => void;
  /** A build finished and its results are on screen (built, or failed at a step); emitted by the build panel. */
  build: (view: BuildView) => void;
  /** The learner opened a hint: how many are shown now. */
  hint: (shown: number) => void;
  /** The learner put the solution in the editor ("Use the solution"). */
  solutionUsed: () => void;
}

type Listeners = { [K in keyof SessionEvents]: Set<SessionEvents[K]> };

export class ExerciseSession {
  readonly data: ExerciseData;
  readonly engine: EngineClient;
  /** The last check that finished, or null before the first. */
  lastCheck: CheckView | null = null;
  private readonly readFiles: () => Record<string, string>;
  private checkSeq = 0;
  private listeners: Listeners = { check: new Set(), checkFailed: new Set(), build: new Set(), hint: new Set(), solutionUsed: new Set() };

  constructor(data: ExerciseData, engine: EngineClient, files: () => Record<string, string>) {
    this.data = data;
    this.engine = engine;
    this.readFiles = files;
  }

  /** The editable files as the editor has them now, by name. */
  files(): Record<string, string> {
    return this.readFiles();
  }

  on<K extends keyof SessionEvents>(event: K, listener: SessionEvents[K]): () => void {
    (this.listeners[event] as Set<SessionEvents[K]>).add(listener);
    return () => (this.listeners[event] as Set<SessionEvents[K]>).delete(listener);
  }

  /** Tells every listener; the panels that own an event (build, hints, solution) call it, checks are emitted here. */
  emit<K extends keyof SessionEvents>(event: K, ...args: Parameters<SessionEvents[K]>): void {
    for (const l of this.listeners[event] as Set<(...a: Parameters<SessionEvents[K]>) => void>) l(...args);
  }

  /** Checks the files as they are now; listeners hear the answer unless a newer check was asked for meanwhile. */
  async check(): Promise<void> {
    const seq = ++this.checkSeq;
    const res: EngineReply = await this.engine.send({ type: 'check', files: this.files() });
    if (seq !== this.checkSeq || res.type === 'superseded') return;
    if (res.type === 'check') {
      this.lastCheck = res.result;
      this.emit('check', res.result);
    } else if (res.type === 'error') this.emit('checkFailed', res.message);
  }
}
