/**
 * What the terminal UI talks to: a backend that runs what the learner types. Two
 * implement it — the in-page shell (the engine worker's ShellSession over the
 * lesson's project, always there) and the WebContainer (real Node, jsh, when the
 * browser can boot one). The UI knows only this interface, as the Svelte
 * tutorial's adapter keeps its UI apart from where code runs.
 */

export interface BackendOutput {
  /** Text to show; `\n` line ends (the UI converts them for xterm). */
  write(text: string): void;
}

/** A backend that reads whole lines (the in-page shell): the UI edits the line, with history and completion. */
export interface LineBackend {
  kind: 'line';
  /** Shown in the terminal's title and status: "In-page shell (simulated Docker)". */
  label: string;
  /** The prompt before each line, e.g. `~/node-express-ts $ `. */
  prompt(): string;
  /** Runs one line; resolves with its exit status once its output has been written. */
  run(line: string, out: BackendOutput): Promise<number>;
  /** Asks a running command to stop (Ctrl+C). */
  interrupt(): void;
  /** Completions for the line up to the cursor (see ShellSession.complete). */
  complete(line: string): Promise<{ start: number; candidates: string[] }>;
  /** The lines run so far, oldest first, for Up/Down. */
  history(): string[];
  dispose(): void;
}

/** A backend that is a real terminal (jsh in a WebContainer): keys go to it raw, it echoes and edits itself. */
export interface RawBackend {
  kind: 'raw';
  label: string;
  /** Starts the shell; its output goes to `out` until disposed. */
  start(out: BackendOutput, size: { cols: number; rows: number }): Promise<void>;
  /** Keys and pasted text, as xterm gives them. */
  input(data: string): void;
  resize(size: { cols: number; rows: number }): void;
  dispose(): void;
}

export type TerminalBackend = LineBackend | RawBackend;
