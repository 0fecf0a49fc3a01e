import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { REPO_ROOT } from '../../src/cli/paths';

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
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const lessonFile = (rel: string) => join(REPO_ROOT, 'content/lessons', rel);

describe('stagecraft parse', () => {
  it('prints one JSON object per file with BuildKit’s argument split', async () => {
    const dir = tempDir({ Dockerfile: 'FROM node:20 AS build\nENV A=1 B="x y"\nCMD ["node", "s.js"]\nONBUILD RUN make\n' });
    const { code, stdout } = await cli(['parse', 'Dockerfile', '--json'], dir);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.file).toBe('Dockerfile');
    expect(out.stages).toEqual([{ index: 0, name: 'build', base: 'node:20', line: 1 }]);
    expect(out.instructions[1]).toMatchObject({ keyword: 'ENV', args: ['A', '1', 'B', '"x y"'], json: false, line: 2, endLine: 2 });
    expect(out.instructions[2]).toMatchObject({ keyword: 'CMD', args: ['node', 's.js'], json: true });
    expect(out.instructions[3].trigger).toMatchObject({ keyword: 'RUN', args: ['make'] });
  });

  it('reads standard input with -', async () => {
    const { code, stdout } = await cli(['parse', '-', '--json'], REPO_ROOT, 'FROM alpine\n');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).file).toBe('-');
  });
});

describe('stagecraft check', () => {
  it('prints findings like a linter and exits 1 on an error', async () => {
    const dir = tempDir({ Dockerfile: 'FROM node:20 as build\nCOPY --from=build /a /b\n' });
    const { code, stdout } = await cli(['check', 'Dockerfile'], dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Dockerfile:1:14 warning 'as' and 'FROM' keywords' casing do not match \[FromAsCasing\] \(from-as-casing\)$/m);
    expect(stdout).toMatch(/^Dockerfile:2:\d+ error .*circular dependency detected on stage: build/m);
  });

  it('exits 0 for a clean file', async () => {
    const dir = tempDir({ Dockerfile: 'FROM alpine:3.20\nCMD ["/bin/true"]\n' });
    const { code } = await cli(['check', 'Dockerfile', '--json'], dir);
    expect(code).toBe(0);
  });

  it('evaluates a lesson’s goals, build goals included, on the lesson’s project', async () => {
    const start = await cli(['check', lessonFile('01-why-images-are-huge/start/Dockerfile'), '--lesson', 'why-images-are-huge', '--json']);
    const solution = await cli(['check', lessonFile('01-why-images-are-huge/solution/Dockerfile'), '--lesson', 'why-images-are-huge', '--json']);
    expect(start.code).toBe(1);
    expect(solution.code).toBe(0);
    const goals = JSON.parse(solution.stdout).goals as Array<{ id: string; met: boolean; detail: string }>;
    expect(goals.every((g) => g.met)).toBe(true);
    expect(goals.find((g) => g.id === 'image-size-under')!.detail).toBe('The image is 226MB.');
  });

  it('reports CopyIgnoredFile when given a context', async () => {
    const dir = tempDir({ Dockerfile: 'FROM alpine:3.20\nCOPY .env /app/\n', '.env': 'X=1\n', '.dockerignore': '.env\n' });
    const { stdout } = await cli(['check', 'Dockerfile', '--context', '.', '--json'], dir);
    expect(JSON.parse(stdout).diagnostics.map((d: { rule: string }) => d.rule)).toContain('copy-ignored-file');
  });

  it('exits 2 with a clear message for usage errors and unreadable files', async () => {
    expect(await cli(['check'])).toMatchObject({ code: 2, stderr: expect.stringContaining('give at least one Dockerfile') });
    expect(await cli(['check', 'nope/Dockerfile'])).toMatchObject({ code: 2, stderr: 'stagecraft: cannot read nope/Dockerfile: no such file\n' });
    expect(await cli(['check', 'x', '--lesson', 'no-such-lesson'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no lesson "no-such-lesson"') });
    expect(await cli(['check', 'x', '--frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --frobnicate') });
    expect(await cli(['frob'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frob"') });
  });

  it('names the option in one line for each way an option can be wrong', async () => {
    const dir = tempDir({ Dockerfile: 'FROM alpine:3.20\n' });
    const firstLine = async (args: string[]) => {
      const r = await cli(args, dir);
      return { code: r.code, line: r.stderr.split('\n')[0] };
    };
    expect(await firstLine(['parse', 'Dockerfile', '--json=yes'])).toEqual({ code: 2, line: 'stagecraft: --json takes no value' });
    expect(await firstLine(['check', 'Dockerfile', '--lesson'])).toEqual({ code: 2, line: 'stagecraft: --lesson needs a value' });
    expect(await firstLine(['check', 'Dockerfile', '--lesson', '--json'])).toEqual({ code: 2, line: 'stagecraft: --lesson needs a value' });
    expect(await firstLine(['build', 'Dockerfile', '--target', 'a', '--target=b'])).toEqual({ code: 2, line: 'stagecraft: --target given more than once' });
    expect(await firstLine(['check', 'Dockerfile', '-x'])).toEqual({ code: 2, line: 'stagecraft: unknown option -x' });
    expect(await firstLine(['check', 'Dockerfile', '-xyz'])).toEqual({ code: 2, line: 'stagecraft: unknown option -xyz' });
    expect(await firstLine(['lessons', '--frob=1'])).toEqual({ code: 2, line: 'stagecraft: unknown option --frob' });
    // --check repeats; --lesson=VALUE and a lone - (standard input) are values, not options.
    const checks = JSON.parse((await cli(['context', '.', '--check', 'a', '--check=b', '--json'], dir)).stdout).checks;
    expect(checks.map((c: { path: string }) => c.path)).toEqual(['a', 'b']);
    expect((await cli(['check', '-', '--lesson=stages', '--json'], dir, 'FROM node:20 AS builder\n')).code).toBe(1);
  });

  it('prints the usage and exits 0 for --help after a command, but reads a file named --help after --', async () => {
    expect(await cli(['build', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: stagecraft'), stderr: '' });
    expect(await cli(['check', 'Dockerfile', '-h'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: stagecraft') });
    expect(await cli(['parse', '--', '--help'])).toMatchObject({ code: 2, stderr: 'stagecraft: cannot read --help: no such file\n' });
  });
});

describe('stagecraft context', () => {
  it('skips symbolic links with one note however many there are', async () => {
    const dir = tempDir({ 'a.txt': 'a' });
    mkdirSync(join(dir, 'bin'));
    for (const name of ['tsc', 'vite', 'eslint', 'jest']) symlinkSync('../a.txt', join(dir, 'bin', name));
    const { code, stdout } = await cli(['context', '.'], dir);
    expect(code).toBe(0);
    const notes = stdout.split('\n').filter((l) => l.startsWith('note:'));
    expect(notes).toEqual(['note: 4 symbolic links skipped (Docker would send each link itself, a few bytes), such as bin/eslint, bin/jest, bin/tsc']);
  });

  it('lists what Docker would send, and explains single paths', async () => {
    const dir = tempDir({ 'a.txt': 'aaaa', '.env': 'SECRET=1', '.dockerignore': '# secrets\n.env\n*.log\n!keep.log\n', 'keep.log': 'k', 'x.log': 'x' });
    const { stdout } = await cli(['context', '.', '--json'], dir);
    const out = JSON.parse(stdout);
    expect(out.included.map((f: { path: string }) => f.path).sort()).toEqual(['.dockerignore', 'a.txt', 'keep.log']);
    expect(out.size).toBe(out.included.reduce((s: number, f: { size: number }) => s + f.size, 0));
    const checks = JSON.parse((await cli(['context', '.', '--check', '.env', '--check', 'keep.log', '--check', 'logs/', '--json'], dir)).stdout).checks;
    expect(checks).toEqual([
      { path: '.env', ignored: true, pattern: '.env', line: 2 },
      { path: 'keep.log', ignored: false, pattern: '!keep.log', line: 4 },
      { path: 'logs/', ignored: false, pattern: null, line: null },
    ]);
  });

  it('refuses a .dockerignore Docker refuses, naming the line', async () => {
    const dir = tempDir({ '.dockerignore': 'ok\n!\n' });
    const { code, stderr } = await cli(['context', '.'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\.dockerignore:2: /);
  });

  it('a pattern Go cannot compile: refused once a file reaches it, a warning while none does (as Docker)', async () => {
    // `[z-a]` is tried on every path: the walk stops, as BuildKit's does.
    const reached = await cli(['context', '.'], tempDir({ 'a.txt': 'a', '.dockerignore': '[z-a]\n' }));
    expect(reached.code).toBe(2);
    expect(reached.stderr).toMatch(/\.dockerignore:1: syntax error in pattern/);
    // An exception is tried only on paths already excluded: here none, so Docker builds.
    const unreached = await cli(['context', '.', '--json'], tempDir({ 'a.txt': 'a', '.dockerignore': 'nothing-here\n![z-a]\n' }));
    expect(unreached.code).toBe(0);
    expect(unreached.stderr).toMatch(/^stagecraft: warning: \.\/\.dockerignore:2: syntax error in pattern \(Docker accepts this line/);
  });

  it('context --check says the root is sent, even under **', async () => {
    const r = await cli(['context', '.', '--check', '.', '--check', 'a.txt'], tempDir({ 'a.txt': 'a', '.dockerignore': '**\n' }));
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['.\tsent', 'a.txt\tignored\t(line 1: **)']);
  });
});

describe('stagecraft build', () => {
  it('simulates the naive and the two-stage Node build on the sample project', async () => {
    const context = join(REPO_ROOT, 'content/projects/node-express-ts');
    const naive = JSON.parse((await cli(['build', lessonFile('01-why-images-are-huge/start/Dockerfile'), '--context', context, '--json'])).stdout);
    const two = JSON.parse((await cli(['build', lessonFile('02-stages/solution/Dockerfile'), '--context', context, '--json'])).stdout);
    expect(naive.summary.image.size).toBe('1.19GB');
    expect(two.summary.image.size).toBe('138MB');
    expect(two.stages).toEqual([{ name: 'builder', index: 0, built: true }, { name: 'runtime', index: 1, built: true }]);
  });

  it('keeps cache keys in --cache so a rebuild shows CACHED steps', async () => {
    const dir = tempDir({ Dockerfile: 'FROM alpine:3.20\nWORKDIR /app\nCOPY a.txt .\n', 'a.txt': 'a' });
    const first = JSON.parse((await cli(['build', 'Dockerfile', '--cache', 'cache.json', '--json'], dir)).stdout);
    const second = JSON.parse((await cli(['build', 'Dockerfile', '--cache', 'cache.json', '--json'], dir)).stdout);
    expect(first.steps.some((s: { cached: boolean }) => s.cached)).toBe(false);
    expect(second.steps.every((s: { cached: boolean }) => s.cached)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'cache.json'), 'utf8')).keys.length).toBeGreaterThan(0);
  });

  it('reports the runtime failure of a cgo binary on scratch', async () => {
    const context = join(REPO_ROOT, 'content/projects/go-http');
    const dir = tempDir({ Dockerfile: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /server ./cmd/server\nFROM scratch\nCOPY --from=build /server /server\nENTRYPOINT ["/server"]\n' });
    const { code, stdout } = await cli(['build', 'Dockerfile', '--context', context], dir);
    expect(code).toBe(1);
    expect(stdout).toContain('exec /server: no such file or directory');
  });
});

describe('verdicts: a failed build has no image, a lesson needs build and start', () => {
  const project = join(REPO_ROOT, 'content/projects/node-express-ts');
  const lockless = 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/server.js"]\n';

  it('build --json of a failing build: "image": null, the failing line, one build problem, no later step', async () => {
    const dir = tempDir({ Dockerfile: lockless });
    const { code, stdout } = await cli(['build', 'Dockerfile', '--context', project, '--json'], dir);
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.image).toBeNull();
    expect(out.failedAt).toBe(4);
    expect(out.problems.filter((p: { when: string }) => p.when === 'build')).toMatchObject([{ code: 'command-failed', line: 4, severity: 'error' }]);
    expect(out.steps.map((s: { instruction: string }) => s.instruction)).not.toContain('RUN npm run build');
  });

  it('check --lesson fails a lesson whose build fails, naming the line, even where its listed goals would pass', async () => {
    const dir = tempDir({ Dockerfile: lockless.replace('FROM node:20', 'FROM node:20-alpine') });
    const { code, stdout } = await cli(['check', 'Dockerfile', '--lesson', 'why-images-are-huge', '--json'], dir);
    expect(code).toBe(1);
    const goals = JSON.parse(stdout).goals as Array<{ id: string; met: boolean; detail: string }>;
    expect(goals.find((g) => g.id === 'image-size-under')).toMatchObject({ met: false, detail: expect.stringMatching(/^Not met: the build failed at line 4/) });
    expect(goals.find((g) => g.id === 'runs-cleanly')).toMatchObject({ met: false });
  });

  it('check --dockerignore grades lesson 6 without copying the project', async () => {
    const dir = tempDir({ good: readFileSync(lessonFile('06-dockerignore/solution/.dockerignore'), 'utf8'), allow: '*\n!package*.json\n!tsconfig.json\n' });
    const start = lessonFile('06-dockerignore/start/Dockerfile');
    expect((await cli(['check', start, '--lesson', 'dockerignore', '--dockerignore', 'good'], dir)).code).toBe(0);
    const allow = await cli(['check', start, '--lesson', 'dockerignore', '--dockerignore', 'allow', '--json'], dir);
    expect(allow.code).toBe(1);
    expect(JSON.parse(allow.stdout).goals.find((g: { id: string }) => g.id === 'runs-cleanly').detail).toContain('TS18003');
    expect((await cli(['check', start, '--lesson', 'dockerignore', '--dockerignore', dir], dir)).stderr).toContain('it is a directory');
    expect((await cli(['check', start, '--dockerignore', 'good'], dir)).code).toBe(2);
  });

  it('lessons --json gives each lesson its start, solution and contexts', async () => {
    const out = JSON.parse((await cli(['lessons', '--json'])).stdout) as Array<Record<string, unknown>>;
    for (const l of out) expect(Object.keys(l)).toEqual(expect.arrayContaining(['id', 'title', 'start', 'solution', 'context', 'goals']));
    // `context` is the project folder, as `--context` takes it; a lesson's own files laid over it are in `contextOverlay`.
    for (const l of out) expect(dirname(String(l.context))).toBe(join(REPO_ROOT, 'content/projects'));
    const lesson6 = out.find((l) => l.id === 'dockerignore');
    expect(lesson6).toMatchObject({
      context: join(REPO_ROOT, 'content/projects/node-express-ts'),
      contextOverlay: { '.dockerignore': lessonFile('06-dockerignore/start/.dockerignore') },
      solutionContext: join(REPO_ROOT, 'content/projects/node-express-ts'),
      solutionContextOverlay: { '.dockerignore': lessonFile('06-dockerignore/solution/.dockerignore') },
      solution: lessonFile('06-dockerignore/start/Dockerfile'),
    });
    expect(out.find((l) => l.id === 'stages')).not.toHaveProperty('contextOverlay');
    expect(out.find((l) => l.id === 'stages')).not.toHaveProperty('solutionContext');
    // Every lesson holds the learner to build + start.
    for (const l of out) expect((l.goals as Array<{ id: string }>).map((g) => g.id)).toContain('runs-cleanly');
  });
});

describe('bad input gets one clear line and exit 2, never a stack trace or a hang', () => {
  const start = lessonFile('01-why-images-are-huge/start/Dockerfile');
  const project = join(REPO_ROOT, 'content/projects/node-express-ts');

  it('an unwritable --cache file', async () => {
    const dir = tempDir({ Dockerfile: 'FROM alpine:3.20\n' });
    const r = await cli(['build', 'Dockerfile', '--context', dir, '--cache', 'no/such/folder/cache.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('stagecraft: cannot write cache file no/such/folder/cache.json: its folder does not exist\n');
  });

  it('a binary file, a device, a directory and a file over the size cap', async () => {
    const dir = tempDir({ 'bin.dat': 'FROM a\u0000\u0001\u0002' });
    writeFileSync(join(dir, 'big'), Buffer.alloc(5 * 1024 * 1024, 0x41));
    expect((await cli(['check', 'bin.dat'], dir)).stderr).toBe('stagecraft: cannot read bin.dat: not a text file (it has NUL bytes)\n');
    expect((await cli(['check', '/dev/zero'], dir)).stderr).toBe('stagecraft: cannot read /dev/zero: not a regular file\n');
    expect((await cli(['check', dir], dir)).stderr).toContain('it is a directory');
    const big = await cli(['check', 'big'], dir);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/cannot read big: it is 5\.2 MB; Stagecraft reads files up to 4 MiB/);
  });

  it('context --dockerignore naming a directory says so', async () => {
    const r = await cli(['context', project, '--dockerignore', project]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot read ${project}: it is a directory`);
  });

  it('--context naming a symbolic link to a folder reads the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stagecraft-link-'));
    symlinkSync(project, join(dir, 'ctx'));
    const r = await cli(['check', start, '--context', join(dir, 'ctx'), '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).file).toBe(start);
  });

  it('a stagecraft.project.json declaring 100,000,000 files is set aside with a note (it ran out of memory before)', async () => {
    const dir = tempDir({ Dockerfile: 'FROM alpine:3.20\nCMD ["/bin/sh", "-c", "sleep 1"]\n', 'stagecraft.project.json': JSON.stringify({ version: 1, dirs: [{ path: 'node_modules', files: 100_000_000, bytes: 1 }] }) });
    const r = await cli(['build', 'Dockerfile', '--context', dir], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('note: stagecraft.project.json: it declares 100,000,000 files; Stagecraft models at most 1,000,000');
  });

  it('stagecraft parse … | head ends quietly', () => {
    const dir = tempDir({ Dockerfile: `FROM alpine:3.20\n${'RUN echo hi\n'.repeat(20_000)}` });
    const bin = join(REPO_ROOT, 'bin/stagecraft.mjs');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" parse Dockerfile | head -1`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toBe('');
  });
});

describe('the installed command', () => {
  it('runs through npx-style bin with no build step', () => {
    const bin = join(REPO_ROOT, 'bin/stagecraft.mjs');
    const out = execFileSync(process.execPath, [bin, 'lessons', '--json'], { encoding: 'utf8' });
    const lessons = JSON.parse(out) as Array<{ id: string; goals: unknown[] }>;
    expect(lessons.map((l) => l.id)).toEqual(expect.arrayContaining(['why-images-are-huge', 'stages']));
    const usage = spawnSync(process.execPath, [bin], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stdout).toContain('Usage: stagecraft');
  });
});
