/**
 * The in-page shell: one session over a Workspace (the lesson's project with the
 * editor's live files), with a working directory, a history, variables and the
 * images built in it. Commands are registered by name; each writes to the session's
 * output and returns an exit status, as a process would.
 */
import type { BuildResult, GoalSpec, PreparedContext } from '../../engine/index';
import { cleanPath, resolvePath, type Workspace } from '../workspace';
import { completionWords, parseLine, quoteWord } from './line';

/** Where a command writes. Text uses `\n`; the terminal turns it into what it needs. */
export interface ShellOutput {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext {
  /** The words after the command's name. */
  args: string[];
  session: ShellSession;
  io: ShellOutput;
}

export interface ShellCommand {
  name: string;
  /** One line for `help`. */
  summary: string;
  /** Usage lines for `help NAME` and for usage errors. */
  usage?: string;
  run(ctx: CommandContext): number | Promise<number>;
  /**
   * Candidates for the word being typed: `words` are the words before it (the command's
   * name first), `current` what is typed of it so far. Candidates are whole words; the
   * session filters them by `current`.
   */
  complete?(words: string[], current: string, session: ShellSession): string[];
}

/** An image built in this session, as `docker images` lists it. */
export interface SessionImage {
  /** `sha256:…`, as Docker's image ID. */
  id: string;
  /** When it was built (ms since the epoch, the session's clock). */
  created: number;
  result: BuildResult;
  /** What it was built from, for `docker run IMAGE CMD` and `docker history`. */
  dockerfile: string;
  dockerfileName: string;
  /** The context folder, relative to the workspace root. */
  contextDir: string;
  target: string | null;
  /** The build context as it was read, for `docker run IMAGE COMMAND` (read again from the workspace when absent). */
  context?: PreparedContext;
}

/**
 * Images and their tags, as the local image store has them: one image per ID, any number
 * of `repository:tag` names; building a new image under a name moves the name, and an
 * image left without names is `<none>:<none>` (dangling) until removed.
 */
export class ImageStore {
  private byId = new Map<string, SessionImage>();
  /** `repo:tag` → image ID, in the order the names were given. */
  private tags = new Map<string, string>();

  add(image: SessionImage, names: readonly string[]): void {
    const existing = this.byId.get(image.id);
    // Rebuilding the same image keeps its ID and creation time, as Docker's does from cache.
    if (!existing) this.byId.set(image.id, image);
    for (const n of names) {
      this.tags.delete(n);
      this.tags.set(n, image.id);
    }
  }

  get(id: string): SessionImage | undefined {
    return this.byId.get(id);
  }

  /** The image a reference names: `repo:tag`, `repo` (`:latest`), or an ID prefix (at least one hex digit, unique). */
  find(ref: string): SessionImage | undefined {
    const named = this.tags.get(normalizeName(ref));
    if (named) return this.byId.get(named);
    const hex = ref.replace(/^sha256:/, '');
    if (/^[0-9a-f]{1,64}$/.test(hex)) {
      const matches = [...this.byId.values()].filter((i) => i.id.replace(/^sha256:/, '').startsWith(hex));
      if (matches.length === 1) return matches[0];
    }
    return undefined;
  }

  /** Names of an image, in the order they were given. */
  namesOf(id: string): string[] {
    return [...this.tags].filter(([, v]) => v === id).map(([k]) => k);
  }

  /** Every image, newest first, each with its names (none for a dangling one). */
  list(): Array<{ image: SessionImage; names: string[] }> {
    return [...this.byId.values()].sort((a, b) => b.created - a.created).map((image) => ({ image, names: this.namesOf(image.id) }));
  }

  /** Removes a name; the image goes when it has no names left (its ID is returned then). */
  untag(name: string): { untagged: string; deleted: string | null } | null {
    const n = normalizeName(name);
    const id = this.tags.get(n);
    if (!id) return null;
    this.tags.delete(n);
    if (this.namesOf(id).length === 0) {
      this.byId.delete(id);
      return { untagged: n, deleted: id };
    }
    return { untagged: n, deleted: null };
  }

  /** Removes an image with all its names. */
  remove(id: string): string[] {
    const names = this.namesOf(id);
    for (const n of names) this.tags.delete(n);
    this.byId.delete(id);
    return names;
  }

  /** Every `repo:tag` known, for completion. */
  names(): string[] {
    return [...this.tags.keys()];
  }
}

/** `app` → `app:latest`; `docker.io/library/app:1` stays as typed, as the local store shows it. */
export function normalizeName(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return ref.indexOf(':', slash + 1) < 0 && !ref.includes('@') ? `${ref}:latest` : ref;
}

export interface SessionOptions {
  workspace: Workspace;
  /** Commands of the shell, by name. */
  commands: ShellCommand[];
  /** The session's clock (tests fix it). */
  now?: () => number;
  /** Build step keys of earlier builds (shared with the build panel, so a rebuild shows CACHED). */
  cache?: Set<string>;
  /** Said after "not simulated" for host commands (`npm ci`): where they really run. */
  realTerminalHint?: string;
  /** Called by `clear` (the terminal clears its screen). */
  onClear?: () => void;
  /** Environment variables the shell starts with. */
  env?: Record<string, string>;
  /** The lesson whose exercise this is: `stagecraft check` judges its goals. */
  lesson?: { goals: readonly GoalSpec[]; baseline: string | null };
}

const MAX_HISTORY = 500;
/** The learner's home in the shell; the project is the folder `~/<name>`. */
const HOME = '/home/learner';

export class ShellSession {
  readonly workspace: Workspace;
  readonly images = new ImageStore();
  readonly cache: Set<string>;
  readonly commands = new Map<string, ShellCommand>();
  readonly history: string[] = [];
  readonly now: () => number;
  readonly env: Map<string, string>;
  readonly realTerminalHint: string | undefined;
  readonly lesson: SessionOptions['lesson'];
  /** The working directory, relative to the workspace root. */
  cwd = '';
  /** Where `cd -` goes back to. */
  previousCwd = '';
  /** When the session started (what `ls -l` shows for files without a time). */
  readonly startedAt: number;
  private lastStatus = 0;
  private onClear: (() => void) | undefined;

  constructor(options: SessionOptions) {
    this.workspace = options.workspace;
    for (const c of options.commands) this.commands.set(c.name, c);
    this.now = options.now ?? (() => Date.now());
    this.cache = options.cache ?? new Set();
    this.realTerminalHint = options.realTerminalHint;
    this.lesson = options.lesson;
    this.onClear = options.onClear;
    this.startedAt = this.now();
    this.env = new Map(Object.entries({ HOME: HOME, USER: 'learner', SHELL: '/bin/sh', ...options.env }));
  }

  /** The absolute path a workspace path has in this shell: the project is `~/<name>`. */
  absolute(path: string): string {
    return `${HOME}/${this.workspace.name}${path ? `/${path}` : ''}`;
  }

  /**
   * The workspace path a typed path names, from the working folder: `~` and `cd` alone are
   * the project's top, absolute paths inside `~/<name>` work; anything outside the project
   * (`/etc`, `..` above the top) is null — this shell sees only the project.
   */
  resolve(arg: string): string | null {
    const root = this.absolute('');
    let rel: string;
    if (arg === '~' || arg === '~/') rel = '';
    else if (arg.startsWith('~/')) rel = arg.slice(2);
    else if (arg.startsWith('/')) {
      const clean = `/${cleanPath(arg)}`;
      if (clean !== root && !clean.startsWith(`${root}/`)) return null;
      return clean.slice(root.length + 1);
    } else rel = this.cwd ? `${this.cwd}/${arg}` : arg;
    let depth = 0;
    for (const part of rel.split('/')) {
      if (part === '..') depth--;
      else if (part !== '' && part !== '.') depth++;
      if (depth < 0) return null;
    }
    return resolvePath('', rel);
  }

  /** What the prompt shows for the working directory: `~/project/src`. */
  get prompt(): string {
    return `~/${this.workspace.name}${this.cwd ? `/${this.cwd}` : ''}`;
  }

  get status(): number {
    return this.lastStatus;
  }

  clear(): void {
    this.onClear?.();
  }

  private variable = (name: string): string | undefined => {
    if (name === '?') return String(this.lastStatus);
    if (name === 'PWD') return `/${this.cwd}`;
    return this.env.get(name);
  };

  /** Runs one line: its commands in order, `&&`/`||` on the statuses. Never throws. */
  async run(line: string, io: ShellOutput): Promise<number> {
    const trimmed = line.trim();
    if (trimmed && this.history[this.history.length - 1] !== trimmed) {
      this.history.push(trimmed);
      if (this.history.length > MAX_HISTORY) this.history.splice(0, this.history.length - MAX_HISTORY);
    }
    const parsed = parseLine(line, this.variable);
    if ('error' in parsed) {
      io.err(`sh: ${parsed.error}\n`);
      return (this.lastStatus = 2);
    }
    let status = this.lastStatus;
    for (const c of parsed.commands) {
      if (c.op === '&&' && status !== 0) continue;
      if (c.op === '||' && status === 0) continue;
      // Variables expand when the command runs, so `$?` is the status of the one before.
      const words = c.op === null ? c.words : (() => {
        const again = parseLine(c.raw, this.variable);
        return 'error' in again ? c.words : (again.commands[0]?.words ?? []);
      })();
      status = await this.runCommand(words, io);
      this.lastStatus = status;
    }
    return status;
  }

  private async runCommand(words: string[], io: ShellOutput): Promise<number> {
    const [name, ...args] = words;
    if (name === undefined) return 0;
    // `NAME=value` alone sets a variable, as in sh.
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(name);
    if (assign && args.length === 0) {
      this.env.set(assign[1]!, assign[2]!);
      return 0;
    }
    const command = this.commands.get(name);
    if (!command) {
      io.err(`sh: ${name}: command not found${suggestion(name, [...this.commands.keys()])}\n`);
      return 127;
    }
    try {
      return await command.run({ args, session: this, io });
    } catch (e) {
      io.err(`${name}: internal error: ${(e as Error)?.message ?? String(e)} (please report it, with the command you ran)\n`);
      return 1;
    }
  }

  /**
   * Completions for the line up to the cursor: the text to put in place of the word being
   * typed (each already quoted, with a trailing blank for a finished word or `/` for a
   * folder), and where that word starts.
   */
  complete(line: string): { start: number; candidates: string[] } {
    const { words, current, currentStart } = completionWords(line, this.variable);
    let options: string[];
    if (words.length === 0) options = [...this.commands.keys()];
    else {
      const command = this.commands.get(words[0]!);
      options = command?.complete ? command.complete(words, current, this) : pathCandidates(this, current);
    }
    const candidates = [...new Set(options.filter((o) => o.startsWith(current)))].sort();
    return {
      start: currentStart,
      candidates: candidates.map((c) => (c.endsWith('/') ? quoteWord(c.slice(0, -1)) + '/' : `${quoteWord(c)} `)),
    };
  }
}

/** Files and folders matching what is typed of a path (folders end in `/`). */
export function pathCandidates(session: ShellSession, current: string, filter: (name: string, isDir: boolean) => boolean = () => true): string[] {
  const slash = current.lastIndexOf('/');
  const dirPart = slash < 0 ? '' : current.slice(0, slash + 1);
  const base = dirPart === '' ? session.cwd : session.resolve(dirPart);
  const list = base === null ? [] : (session.workspace.list(base) ?? []);
  return list
    .filter((e) => filter(e.name, e.kind === 'dir'))
    .map((e) => `${dirPart}${e.name}${e.kind === 'dir' ? '/' : ''}`);
}

/** ` (did you mean "docker"?)` for a near miss (one edit, two for long names; a swap of neighbours is one), else ''. */
function suggestion(name: string, known: string[]): string {
  const limit = name.length > 6 ? 2 : 1;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
