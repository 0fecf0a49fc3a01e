/**
 * The in-page shell as a terminal backend: each line goes to the engine worker with
 * the editor's files as they are now, and its output comes back as it is written.
 * Always there, offline; the WebContainer backend replaces it only when one boots.
 */
import type { BackendOutput, LineBackend } from '../terminal/backend';
import type { EngineClient } from './engine-client';

export interface InPageShellOptions {
  client: EngineClient;
  /** The editor's files now (Dockerfile, .dockerignore). */
  files: () => Record<string, string>;
  /** The project's folder name, for the first prompt. */
  project: string;
  /** The terminal's width, for `ls` columns. */
  columns?: () => number;
  /** Called when `clear` runs. */
  onClear?: () => void;
}

/** The status a line interrupted with Ctrl+C ends with, as in sh (128 + SIGINT). */
export const INTERRUPTED = 130;

export function inPageShell(options: InPageShellOptions): LineBackend {
  let prompt = `~/${options.project}`;
  const history: string[] = [];
  /** The line running now: what Ctrl+C stops listening to. */
  let current: { interrupted: boolean; finish: (status: number) => void } | null = null;
  return {
    kind: 'line',
    label: 'In-page shell (simulated Docker)',
    prompt: () => `${prompt} $ `,
    history: () => history,
    run(line: string, out: BackendOutput): Promise<number> {
      const trimmed = line.trim();
      if (trimmed && history[history.length - 1] !== trimmed) history.push(trimmed);
      return new Promise<number>((resolve) => {
        const job = {
          interrupted: false,
          finish: (status: number) => {
            if (current === job) current = null;
            resolve(status);
          },
        };
        current = job;
        const columns = options.columns?.();
        void options.client
          .send({ type: 'shell', line, files: options.files(), ...(columns ? { columns } : {}) }, (res) => {
            if (job.interrupted) return;
            if (res.type === 'shell-output') out.write(res.text);
            else if (res.type === 'shell-clear') options.onClear?.();
          })
          .then((reply) => {
            if (job.interrupted) return;
            if (reply.type === 'shell') {
              prompt = reply.prompt;
              job.finish(reply.status);
            } else if (reply.type === 'error') {
              out.write(`${reply.message}\n`);
              job.finish(1);
            } else job.finish(1);
          });
      });
    },
    interrupt() {
      // The simulation cannot be stopped halfway; what it prints after Ctrl+C is not shown.
      if (!current) return;
      current.interrupted = true;
      current.finish(INTERRUPTED);
    },
    async complete(line: string) {
      const reply = await options.client.send({ type: 'complete', line, files: options.files() });
      return reply.type === 'complete' ? { start: reply.start, candidates: reply.candidates } : { start: line.length, candidates: [] };
    },
    dispose() {
      current = null;
    },
  };
}
