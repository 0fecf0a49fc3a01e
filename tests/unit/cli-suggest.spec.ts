/**
 * `stagecraft suggest` and `stagecraft build --why` / `build --json`'s breakdown, run as
 * cli.spec.ts runs the CLI. Figures are never typed in: they are the engine's, worked out
 * here on the same files, or another simulated build of the edited file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { REPO_ROOT } from '../../src/cli/paths';
import { readContextDir } from '../../src/cli/context-fs';
import {
  breakdown, breakdownJson, breakdownTable, buildOnContext, humanSize, parseDockerfile, suggest, suggestText,
  type PreparedContext,
} from '../../src/engine/index';

async function cli(args: string[], cwd = REPO_ROOT, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd,
    readStdin: async () => stdin ?? '',
  });
  return { code, stdout, stderr };
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-suggest-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function contextOf(dir: string): PreparedContext {
  const read = readContextDir(dir);
  if ('error' in read) throw new Error(read.error);
  return read.context;
}

const START = 'content/lessons/01-why-images-are-huge/start/Dockerfile';
const NODE = 'content/projects/node-express-ts';
const GO_SINGLE = 'content/lessons/05-go-scratch/examples/single-stage.Dockerfile';
const GO = 'content/projects/go-http';
const startText = readFileSync(join(REPO_ROOT, START), 'utf8');
const lockless = 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/server.js"]\n';

interface SuggestionJson {
  id: string; kind: string; title: string; saves: number; after: { size: number; compressed: number }; diff: string; lesson: string;
  why: string; estimated: boolean; edits: Array<{ path: string; after: string }>; cache?: { changed: string; cachedBefore: string[]; cachedAfter: string[] };
}

describe('stagecraft suggest', () => {
  it('prints the engine’s report for the naive Node Dockerfile, and exits 0', async () => {
    const r = await cli(['suggest', START, '--context', NODE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // The CLI adds nothing to the engine's text here (no notes, no failure).
    expect(r.stdout).toBe(suggestText(suggest(startText, contextOf(join(REPO_ROOT, NODE)), { path: START })));
    expect(r.stdout).toMatch(/^The image is \S+ \(\S+ compressed\)\.\n\nWhat would make it smaller/);
    expect(r.stdout).toMatch(/^1\. /m);
    // Installing before COPY . . would put npm's cache in the image here (the host's node_modules come in
    // with COPY . . today, so npm install downloads nothing): cache advice that grows the image is not given.
    expect(r.stdout).not.toContain('For the build cache');
    expect(r.stdout).toContain(`   --- a/${START}\n   +++ b/${START}\n`);
  });

  it('--json: ranked by the simulated saving, each saving the difference of two builds', async () => {
    const r = await cli(['suggest', START, '--context', NODE, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { verdict: string; size: number; compressed: number; message: string | null; suggestions: SuggestionJson[]; cache: SuggestionJson[]; problem: unknown; notes: string[] };
    expect(Object.keys(out)).toEqual(['verdict', 'message', 'size', 'compressed', 'suggestions', 'cache', 'problem', 'notes']);
    expect(out).toMatchObject({ verdict: 'ok', message: null, problem: null, notes: [] });
    const built = JSON.parse((await cli(['build', START, '--context', NODE, '--json'])).stdout) as { image: { size: number; compressedSize: number } };
    expect(out.size).toBe(built.image.size);
    expect(out.compressed).toBe(built.image.compressedSize);
    expect(out.suggestions.length).toBeGreaterThan(0);
    const saves = out.suggestions.map((s) => s.saves);
    expect(saves).toEqual([...saves].sort((a, b) => b - a));
    const lessons = new Set((JSON.parse((await cli(['lessons', '--json'])).stdout) as Array<{ id: string }>).map((l) => l.id));
    for (const s of out.suggestions) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['id', 'title', 'saves', 'after', 'diff', 'lesson']));
      expect(s.saves).toBe(out.size - s.after.size);
      expect(lessons.has(s.lesson)).toBe(true);
      expect(s.diff).toMatch(/^--- a\//);
    }
    // Each Dockerfile edit, built again by `stagecraft build`, is the size the suggestion promised, and starts.
    const dir = tempDir({});
    for (const s of out.suggestions.filter((x) => x.edits.every((e) => e.path === START))) {
      writeFileSync(join(dir, 'Dockerfile'), s.edits[0]!.after);
      const after = await cli(['build', 'Dockerfile', '--context', join(REPO_ROOT, NODE), '--json'], dir);
      expect(after.code, s.id).toBe(0);
      expect(JSON.parse(after.stdout).image.size, s.id).toBe(s.after.size);
    }
    // Here cache advice would grow the image (see above): none is given.
    expect(out.cache).toEqual([]);
  });

  it('--json: cache-only advice is apart, its figures simulated too, and names the step it keeps CACHED', async () => {
    // Lesson 4's start installs in a build stage, where the order of COPY and npm ci changes no byte of the image.
    const r = await cli(['suggest', 'content/lessons/04-node-typescript/start/Dockerfile', '--context', NODE, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { size: number; cache: SuggestionJson[] };
    expect(out.cache.length).toBeGreaterThan(0);
    for (const c of out.cache) {
      expect(c.saves).toBe(out.size - c.after.size);
      expect(c.cache!.cachedAfter.length).toBeGreaterThan(c.cache!.cachedBefore.length);
    }
  });

  it('--lesson without --context builds on the lesson’s own project, as check --lesson does', async () => {
    const viaLesson = await cli(['suggest', START, '--lesson', 'why-images-are-huge', '--json']);
    const viaContext = await cli(['suggest', START, '--context', NODE, '--json']);
    expect(viaLesson.code).toBe(0);
    expect(viaLesson.stdout).toBe(viaContext.stdout);
    // Lesson 6 lays its own .dockerignore over the project; --dockerignore replaces it.
    const lesson6 = 'content/lessons/06-dockerignore/start/Dockerfile';
    const own = JSON.parse((await cli(['suggest', lesson6, '--lesson', 'dockerignore', '--json'])).stdout);
    const solved = JSON.parse((await cli(['suggest', lesson6, '--lesson', 'dockerignore', '--dockerignore', 'content/lessons/06-dockerignore/solution/.dockerignore', '--json'])).stdout);
    expect(own.verdict).toBe('ok');
    expect(solved.size).toBeLessThan(own.size);
  });

  it('a build that fails, or a container that would not start, exits 1 (as build) and says why', async () => {
    const dir = tempDir({ Dockerfile: lockless, 'nostart.Dockerfile': 'FROM node:20-alpine\nCMD ["node", "dist/server.js"]\n' });
    const fails = await cli(['suggest', 'Dockerfile', '--context', join(REPO_ROOT, NODE)], dir);
    const build = await cli(['build', 'Dockerfile', '--context', join(REPO_ROOT, NODE), '--json'], dir);
    expect(build.code).toBe(1);
    expect(fails.code).toBe(1);
    const problem = JSON.parse(build.stdout).problems.find((p: { when: string }) => p.when === 'build');
    expect(fails.stdout).toBe(`The build fails at line ${problem.line}, so there is no image to make smaller: fix that first.\n\n${problem.message}\n  → ${problem.explanation}\n`);
    const json = JSON.parse((await cli(['suggest', 'Dockerfile', '--context', join(REPO_ROOT, NODE), '--json'], dir)).stdout);
    expect(json).toMatchObject({ verdict: 'build-fails', size: null, suggestions: [], problem: { line: problem.line, message: problem.message } });

    const nostart = await cli(['suggest', 'nostart.Dockerfile', '--context', join(REPO_ROOT, NODE), '--json'], dir);
    expect(nostart.code).toBe(1);
    expect(JSON.parse(nostart.stdout)).toMatchObject({ verdict: 'wont-start', suggestions: [], problem: { when: 'run' } });

    const target = await cli(['suggest', START, '--context', NODE, '--target', 'nope']);
    expect(target.code).toBe(1);
    expect(target.stdout).toContain('target stage "nope" could not be found');
  });

  it('a file Docker’s parser refuses gets BuildKit’s line on stderr and exit 1, as build', async () => {
    const dir = tempDir({ Dockerfile: 'FROM\n' });
    const s = await cli(['suggest', 'Dockerfile'], dir);
    const b = await cli(['build', 'Dockerfile'], dir);
    expect(s).toEqual({ code: 1, stdout: '', stderr: b.stderr });
    expect(s.stderr).toMatch(/^ERROR: failed to solve: dockerfile parse error on line 1: /);
  });

  it('says plainly when nothing is worth doing, and exits 0', async () => {
    const dir = tempDir({ Dockerfile: 'FROM alpine:3.20\nCMD ["/bin/sh", "-c", "echo hi"]\n' });
    const r = await cli(['suggest', 'Dockerfile', '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.suggestions).toEqual([]);
    expect(out.message).toMatch(/^Nothing Stagecraft knows would make this image noticeably smaller/);
  });

  it('reads standard input with -, and names it Dockerfile in the diffs', async () => {
    const r = await cli(['suggest', '-', '--context', NODE, '--json'], REPO_ROOT, startText);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).suggestions[0].diff).toMatch(/^--- a\/Dockerfile\n/);
  });

  it('usage errors and unreadable files: one clear line, exit 2, never a stack trace', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['suggest'], /^stagecraft: suggest takes exactly one Dockerfile\n\nUsage: stagecraft/],
      [['suggest', START, START], /^stagecraft: suggest takes exactly one Dockerfile\n/],
      [['suggest', START, '--frob'], /^stagecraft: unknown option --frob\n/],
      [['suggest', START, '--json=yes'], /^stagecraft: --json takes no value\n/],
      [['suggest', START, '--context'], /^stagecraft: --context needs a value\n/],
      [['suggest', START, '--lesson', 'nope'], /^stagecraft: no lesson "nope"; lessons: why-images-are-huge, /],
      [['suggest', START, '--context', NODE, '--lesson', 'nope'], /^stagecraft: no lesson "nope"/],
      [['suggest', 'no-such.Dockerfile', '--context', NODE], /^stagecraft: cannot read no-such.Dockerfile: no such file\n$/],
      [['suggest', START, '--context', 'no/such/dir'], /^stagecraft: cannot read context .*no\/such\/dir: no such directory\n$/],
      [['suggest', START, '--context', NODE, '--dockerignore', NODE], /^stagecraft: cannot read content\/projects\/node-express-ts: it is a directory\n$/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const dir = tempDir({ bad: '!\n' });
    const ignored = await cli(['suggest', join(REPO_ROOT, START), '--context', join(REPO_ROOT, NODE), '--dockerignore', 'bad'], dir);
    expect(ignored.code).toBe(2);
    expect(ignored.stderr).toMatch(/^stagecraft: bad:1: /);
  });

  it('--help prints the usage, which lists suggest and build --why', async () => {
    const r = await cli(['suggest', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('suggest FILE [--context DIR] [--lesson ID] [--target STAGE] [--dockerignore FILE] [--json]');
    expect(r.stdout).toContain('[--why]');
  });
});

describe('stagecraft build --why and the breakdown in build --json', () => {
  const engineBreakdown = (file: string, project: string) => {
    const parsed = parseDockerfile(readFileSync(join(REPO_ROOT, file), 'utf8'));
    const result = buildOnContext(parsed, contextOf(join(REPO_ROOT, project)));
    return { result, b: breakdown(parsed, result)! };
  };

  for (const [file, project] of [[START, NODE], [GO_SINGLE, GO]] as const) {
    it(`--why prints the engine's table after the usual output, its rows adding up (${file})`, async () => {
      const plain = await cli(['build', file, '--context', project]);
      const why = await cli(['build', file, '--context', project, '--why']);
      expect(why.code).toBe(plain.code);
      expect(why.stdout.startsWith(plain.stdout)).toBe(true);
      const { result, b } = engineBreakdown(file, project);
      expect(why.stdout.slice(plain.stdout.length)).toBe(`\n${breakdownTable(b)}\n`);
      // Every byte of the image is on a row, and the table says so.
      expect(b.rows.reduce((n, r) => n + r.size, 0)).toBe(result.image!.bytes);
      expect(b.total).toBe(result.image!.bytes);
      const table = why.stdout.slice(plain.stdout.length).split('\n');
      expect(table[1]).toBe(`Where the ${humanSize(result.image!.bytes)} are, by Dockerfile line:`);
      const rows = table.slice(3, table.indexOf('', 3));
      expect(rows).toHaveLength(b.rows.length);
      rows.forEach((line, i) => {
        const r = b.rows[i]!;
        expect(line.startsWith(String(r.line ?? '-'))).toBe(true);
        expect(line).toContain(`${r.estimated ? '~' : ''}${humanSize(r.size)}`);
      });
      // The kinds add up too.
      expect(b.categories.reduce((n, c) => n + c.size, 0)).toBe(result.image!.bytes);
    });
  }

  it('--json gains "breakdown" (the engine’s), whose sizes sum to the image size; the rest is unchanged', async () => {
    const out = JSON.parse((await cli(['build', START, '--context', NODE, '--json'])).stdout);
    const why = JSON.parse((await cli(['build', START, '--context', NODE, '--json', '--why'])).stdout);
    expect(why).toEqual(out);
    expect(Object.keys(out).at(-1)).toBe('breakdown');
    expect(Object.keys(out).slice(0, -1)).toEqual(['image', 'failedAt', 'context', 'steps', 'stages', 'wasted', 'efficiency', 'problems', 'unknowns', 'notes', 'summary']);
    const rows = out.breakdown as Array<{ line: number | null; instruction: string; category: string; size: number }>;
    for (const r of rows) expect(Object.keys(r)).toEqual(['line', 'instruction', 'category', 'size']);
    expect(rows.reduce((n, r) => n + r.size, 0)).toBe(out.image.size);
    expect(rows).toEqual(breakdownJson(engineBreakdown(START, NODE).b));
  });

  it('a failed build: "breakdown": null, and --why says in one line that there is no image', async () => {
    const dir = tempDir({ Dockerfile: lockless });
    const json = await cli(['build', 'Dockerfile', '--context', join(REPO_ROOT, NODE), '--json'], dir);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).breakdown).toBeNull();
    const plain = await cli(['build', 'Dockerfile', '--context', join(REPO_ROOT, NODE)], dir);
    const why = await cli(['build', 'Dockerfile', '--context', join(REPO_ROOT, NODE), '--why'], dir);
    expect(why.code).toBe(1);
    expect(why.stdout).toBe(`${plain.stdout}\nNo image, so no breakdown: the build failed before it made one.\n`);
  });
});
