/**
 * Clients for the oracle programs (see the oracle directory's README): Docker's
 * own Go code built as commands. Nothing here knows what the answers mean.
 *
 * - `bkoracle parse FILE...` answers one JSON line per file; files are written to
 *   a temporary folder and sent many to a call.
 * - `bkoracle expand`, `bkoracle words` and `dioracle` answer one JSON line per
 *   JSON line of standard input; one long-lived process serves a whole run.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** What `bkoracle parse` says about one file. */
export interface BkParse {
  file: string;
  /** parser.Parse refused the file. */
  error?: string;
  /** Node.Dump() per instruction, each wrapped in parentheses. */
  dump: string[];
  /** 1-based [start, end] line of each instruction. */
  lines: Array<[number, number]>;
  /** instructions.Parse refused the file. */
  instrError?: string;
  lint?: Array<{ rule: string; message: string; line: number }> | null;
}

/** The answer for an input the oracle died on (a Go panic, say): kept, never retried forever. */
export interface OracleCrash {
  crash: string;
}

export function isCrash(x: unknown): x is OracleCrash {
  return typeof x === 'object' && x !== null && 'crash' in x;
}

/** Paths of the two programs inside the oracle directory given on the command line. */
export function oraclePaths(dir: string): { bkoracle: string; dioracle: string } {
  const paths = { bkoracle: join(dir, 'bkoracle'), dioracle: join(dir, 'dioracle') };
  for (const p of Object.values(paths)) if (!existsSync(p)) throw new Error(`oracle not found: ${p}`);
  return paths;
}

/**
 * A long-lived JSON-lines process. Answers come back in request order, so a FIFO
 * of waiting callers is all the bookkeeping needed. If the process dies, every
 * waiting request fails and the next request starts a new process.
 */
export class JsonLinesOracle {
  private proc: ChildProcessWithoutNullStreams | null = null;
  private waiting: Array<{ resolve: (v: unknown) => void; reject: (e: Error) => void }> = [];
  private stderrTail = '';

  constructor(
    private readonly bin: string,
    private readonly args: readonly string[],
  ) {}

  private start(): ChildProcessWithoutNullStreams {
    const proc = spawn(this.bin, [...this.args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderrTail = '';
    // Go's text/scanner reports oddities (a NUL, say) on stderr; keep the tail for crash reports.
    proc.stderr.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-2000);
    });
    createInterface({ input: proc.stdout, crlfDelay: Infinity }).on('line', (line) => {
      const w = this.waiting.shift();
      if (!w) return;
      try {
        w.resolve(JSON.parse(line));
      } catch (e) {
        w.reject(new Error(`${this.bin}: unreadable answer ${JSON.stringify(line.slice(0, 200))}: ${String(e)}`));
      }
    });
    proc.on('exit', (code, signal) => {
      if (this.proc === proc) this.proc = null;
      const err = new Error(`${this.bin} ${this.args.join(' ')} exited (${code ?? signal}): ${this.stderrTail.trim().slice(-500)}`);
      for (const w of this.waiting.splice(0)) w.reject(err);
    });
    proc.stdin.on('error', () => {
      /* reported by the exit handler */
    });
    this.proc = proc;
    return proc;
  }

  /** One request, one answer. */
  ask(request: unknown): Promise<unknown> {
    const proc = this.proc ?? this.start();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      proc.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  /**
   * Many requests in one go. If the process dies on the batch, the requests are
   * retried one at a time so that only the input that kills it is marked a crash.
   */
  async askAll(requests: readonly unknown[]): Promise<unknown[]> {
    try {
      return await Promise.all(requests.map((r) => this.ask(r)));
    } catch {
      const out: unknown[] = [];
      for (const r of requests) {
        try {
          out.push(await this.ask(r));
        } catch (e) {
          out.push({ crash: String(e instanceof Error ? e.message : e) } satisfies OracleCrash);
        }
      }
      return out;
    }
  }

  close(): void {
    this.proc?.stdin.end();
    this.proc = null;
  }
}

/** Runs `bkoracle parse` on many Dockerfile texts, written to a private temporary folder. */
export class ParseOracle {
  private readonly dir = mkdtempSync(join(tmpdir(), 'stagecraft-differential-'));
  private batch = 0;

  constructor(private readonly bin: string) {}

  async parseAll(texts: readonly string[]): Promise<Array<BkParse | OracleCrash>> {
    const folder = join(this.dir, String(this.batch++));
    mkdirSync(folder);
    const files = texts.map((text, i) => {
      const file = join(folder, `${i}.Dockerfile`);
      writeFileSync(file, text, 'utf8');
      return file;
    });
    try {
      const { answers, failure } = await this.run(files);
      if (!failure) return files.map((f) => answers.get(f) ?? { crash: `no answer for ${f}` });
      // Something died: ask file by file so that only the culprit is marked.
      const out: Array<BkParse | OracleCrash> = [];
      for (const f of files) {
        const one = answers.get(f) ?? (await this.run([f])).answers.get(f);
        out.push(one ?? { crash: failure });
      }
      return out;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  private run(files: string[]): Promise<{ answers: Map<string, BkParse>; failure: string | null }> {
    return new Promise((resolve) => {
      const proc = spawn(this.bin, ['parse', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
      const answers = new Map<string, BkParse>();
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-2000);
      });
      createInterface({ input: proc.stdout, crlfDelay: Infinity }).on('line', (line) => {
        if (!line.trim()) return;
        const answer = JSON.parse(line) as BkParse;
        answers.set(answer.file, { ...answer, dump: answer.dump ?? [], lines: answer.lines ?? [] });
      });
      proc.on('close', (code) => {
        const complete = files.every((f) => answers.has(f));
        resolve({ answers, failure: complete && code === 0 ? null : `bkoracle parse exited ${code}: ${stderr.trim().slice(-500)}` });
      });
    });
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
