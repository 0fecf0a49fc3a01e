/**
 * `stagecraft grade`: every lesson's start, solution and attempts graded in one folder give,
 * goal by goal, the verdict `stagecraft check --lesson` gives each file; the three formats;
 * CSV quoting; what cannot be read is a row, not a crash; exit statuses.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { gradeLessonOf } from '../../src/cli/grade';
import { findLesson, listLessons } from '../../src/cli/lessons-fs';
import { nodeWorkspace } from '../../src/cli/node-workspace';
import { REPO_ROOT } from '../../src/cli/paths';
import { csvCell, gradeWorkspace, mdCode, mdText, type GradeReport, type SubmissionGrade } from '../../src/commands/grade';
import { MemoryWorkspace } from '../../src/commands/workspace';
import { goalKey, type LessonCases } from '../lesson-attempts/types';
import { recommended, start as lesson6Start } from '../lesson-attempts/06-dockerignore';

async function cli(args: string[], cwd = REPO_ROOT) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd });
  return { code, stdout, stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'stagecraft-grade-'));
}

/** Writes files (path → text or bytes) under a new folder. */
function folderWith(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  return dir;
}

async function gradeJson(dir: string, lesson: string): Promise<GradeReport> {
  const r = await cli(['grade', dir, '--lesson', lesson, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as GradeReport;
}

const byName = (report: GradeReport, name: string): SubmissionGrade => {
  const s = report.submissions.find((x) => x.name === name);
  if (!s) throw new Error(`no submission ${name} in ${report.submissions.map((x) => x.name).join(', ')}`);
  return s;
};

describe('stagecraft grade gives the verdicts of stagecraft check --lesson', () => {
  const lessons = listLessons(REPO_ROOT);

  it('covers every lesson', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(10);
  });

  for (const lesson of lessons) {
    it(`${lesson.folder}: its start, its solution and every attempt`, { timeout: 120_000 }, async () => {
      const { cases } = (await import(`../lesson-attempts/${lesson.folder}.ts`)) as { cases: LessonCases };
      const editableIgnore = lesson.loaded.data.exercise.editable.includes('.dockerignore');
      const solutionIgnore = lesson.solutionContextDiffers ? readFileSync(lesson.solutionContextOverlay['.dockerignore']!, 'utf8') : undefined;
      const subs: Array<{ name: string; dockerfile: string; dockerignore?: string }> = [
        { name: 'start', dockerfile: lesson.startDockerfile },
        { name: 'solution', dockerfile: lesson.solutionDockerfile, ...(solutionIgnore !== undefined ? { dockerignore: solutionIgnore } : {}) },
        ...cases.wrong.map((w, i) => ({ name: `wrong-${String(i + 1).padStart(2, '0')}`, dockerfile: w.dockerfile, ...(w.dockerignore !== undefined ? { dockerignore: w.dockerignore } : {}) })),
        ...cases.correct.map((c, i) => ({ name: `correct-${String(i + 1).padStart(2, '0')}`, dockerfile: c.dockerfile, ...(c.dockerignore !== undefined ? { dockerignore: c.dockerignore } : {}) })),
      ];
      // A lesson whose .dockerignore is fixed has no attempt that changes it.
      if (!editableIgnore) expect(subs.filter((s) => s.dockerignore !== undefined).map((s) => s.name)).toEqual([]);
      const dir = tempDir();
      for (const s of subs) {
        if (s.dockerignore === undefined) writeFileSync(join(dir, `${s.name}.Dockerfile`), s.dockerfile);
        else {
          mkdirSync(join(dir, s.name));
          writeFileSync(join(dir, s.name, 'Dockerfile'), s.dockerfile);
          writeFileSync(join(dir, s.name, '.dockerignore'), s.dockerignore);
        }
      }
      const report = await gradeJson(dir, lesson.id);
      expect(report.submissions.map((s) => s.name)).toEqual(subs.map((s) => s.name).sort());
      const keys = lesson.goals.map((g) => goalKey(g, lesson.goals));
      expect(report.lesson.goals.map((g) => g.key)).toEqual(keys);
      for (const s of subs) {
        const file = s.dockerignore === undefined ? join(dir, `${s.name}.Dockerfile`) : join(dir, s.name, 'Dockerfile');
        const args = ['check', '--lesson', lesson.id, '--json', ...(s.dockerignore !== undefined ? ['--dockerignore', join(dir, s.name, '.dockerignore')] : []), file];
        const checked = await cli(args);
        expect([0, 1], checked.stderr).toContain(checked.code);
        const want = JSON.parse(checked.stdout) as { diagnostics: Array<{ severity: string }>; goals: Array<{ id: string; title: string; met: boolean; unknown?: boolean; detail: string }> };
        const got = byName(report, s.name);
        expect(got.graded, s.name).toBe(true);
        expect(got.dockerignore).toBe(s.dockerignore === undefined ? 'lesson' : 'submission');
        expect(got.goals.map((g) => ({ id: g.id, title: g.title, met: g.met, ...(g.unknown ? { unknown: true } : {}), detail: g.detail })), s.name).toEqual(want.goals);
        expect(got.goals.map((g) => g.key)).toEqual(keys);
        expect(got.errors).toBe(want.diagnostics.filter((d) => d.severity === 'error').length);
        expect(got.warnings).toBe(want.diagnostics.filter((d) => d.severity === 'warning').length);
        expect(got.met).toBe(want.goals.filter((g) => g.met).length);
        expect(got.total).toBe(want.goals.length);
        expect(got.complete).toBe(want.goals.every((g) => g.met));
        expect(got.unmet).toEqual(got.goals.filter((g) => !g.met).map((g) => g.key));
        // The builds-and-starts goal and the figures agree.
        const runs = got.goals.find((g) => g.id === 'runs-cleanly')!;
        if (runs.met) expect([got.builds, got.starts]).toEqual([true, 'yes']);
        if (got.builds) expect(got.image!.bytes).toBeGreaterThan(0);
        else expect([got.image, got.starts, got.buildFailure !== null]).toEqual([null, 'no', true]);
      }
      expect(byName(report, 'solution').complete).toBe(true);
      expect(report.submissions.filter((s) => s.name.startsWith('correct-')).every((s) => s.complete)).toBe(true);
      expect(report.submissions.filter((s) => s.name.startsWith('wrong-')).some((s) => s.complete)).toBe(false);
      // The class figures add up.
      expect(report.class.submissions).toBe(subs.length);
      expect(report.class.complete).toBe(report.submissions.filter((s) => s.complete).length);
      report.class.goals.forEach((g, i) => expect(g.met).toBe(report.submissions.filter((s) => s.goals[i]!.met).length));
    });
  }
});

describe('stagecraft grade: formats', () => {
  const lesson = 'stages';
  const dir = folderWith({
    'bob.Dockerfile': readFileSync(join(REPO_ROOT, 'content/lessons/02-stages/solution/Dockerfile'), 'utf8'),
    'alice/Dockerfile': readFileSync(join(REPO_ROOT, 'content/lessons/02-stages/start/Dockerfile'), 'utf8'),
    'carol': 'FROM alpine:3.19\nCOPY missing /x\n',
    'dave.Dockerfile': Buffer.from([0x46, 0x52, 0x00, 0x4d]),
  });

  it('json: the documented shape, submissions by name, the class summary', async () => {
    const report = await gradeJson(dir, lesson);
    expect(Object.keys(report)).toEqual(['version', 'lesson', 'submissions', 'skipped', 'class']);
    expect(report.version).toBe(1);
    expect(report.lesson).toMatchObject({ id: 'stages', title: expect.any(String) });
    expect(report.submissions.map((s) => [s.name, s.path])).toEqual([['alice', 'alice/'], ['bob', 'bob.Dockerfile'], ['carol', 'carol'], ['dave', 'dave.Dockerfile']]);
    expect(Object.keys(report.submissions[0]!)).toEqual([
      'name', 'path', 'graded', 'problem', 'dockerignore', 'met', 'total', 'complete', 'goals', 'unmet', 'errors', 'warnings',
      'diagnostics', 'builds', 'buildFailure', 'image', 'starts', 'startsDetail', 'notes',
    ]);
    const bob = byName(report, 'bob');
    expect(bob).toMatchObject({ graded: true, complete: true, errors: 0, builds: true, starts: 'yes', unmet: [], buildFailure: null });
    expect(bob.image).toEqual({ bytes: expect.any(Number), size: expect.stringMatching(/^\d[\d.]*MB$/) });
    const carol = byName(report, 'carol');
    expect(carol).toMatchObject({ graded: true, builds: false, image: null, starts: 'no', buildFailure: { line: 2, message: expect.stringContaining('not found') } });
    expect(byName(report, 'dave')).toMatchObject({ graded: false, problem: 'the file is not a text file (it has NUL bytes)', met: 0, builds: null, starts: null });
    expect(report.class).toMatchObject({ submissions: 4, graded: 3, ungraded: 1, complete: 1, builds: 2 });
    expect(report.class.goals.map((g) => g.met + g.unmet)).toEqual(report.lesson.goals.map(() => 3));
    expect(report.class.commonFailure).toMatchObject({ key: expect.any(String), count: 2 });
  });

  it('md: a table, the goals, then each submission with the reasons', async () => {
    const r = await cli(['grade', dir, '--lesson', lesson]);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toMatch(/^# Grades: .* \(lesson `stages`\)\n/);
    expect(md).toContain('4 submissions (1 could not be read): 1 complete; 2 build an image and 2 would start.');
    expect(md).toMatch(/Most common failure: .+, not met by 2 of 3\./);
    expect(md).toContain('| Submission | Goals met | Complete | Errors | Warnings | Image | Builds | Starts |');
    expect(md).toMatch(/\| `bob` \| 5\/5 \| yes \| 0 \| 0 \| \d+MB \| yes \| yes \|/);
    expect(md).toContain('| `carol` | 1/5 | no | 0 | 0 | no image (line 2) | no | no |');
    expect(md).toContain('| `dave` | not graded: the file is not a text file (it has NUL bytes) |');
    expect(md).toContain('### `alice`');
    expect(md).toContain('- Not met: A stage is named builder: ');
    expect(md).toMatch(/- No image: the build fails at line 2: .*not found/);
    expect(md).toContain('## Goals');
  });

  it('csv: a header and one row per submission, CRLF', async () => {
    const r = await cli(['grade', dir, '--lesson', lesson, '--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\r\n');
    expect(rows.pop()).toBe('');
    expect(rows[0]).toBe('name,met,total,complete,errors,warnings,image_bytes,builds,starts,unmet,problem');
    expect(rows.slice(1).map((l) => l.split(',')[0])).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(rows[2]).toMatch(/^bob,5,5,yes,0,0,\d+,yes,yes,,$/);
    expect(rows[3]).toBe('carol,1,5,no,0,0,,no,no,stage-named;final-base-matches;final-copies-from;runs-cleanly,');
    expect(rows[4]).toBe('dave,0,5,no,,,,,,,the file is not a text file (it has NUL bytes)');
  });

  it('gives the same report over a workspace in memory (the class server) as over the folder', async () => {
    const l = findLesson(REPO_ROOT, lesson)!;
    const files = ['alice/Dockerfile', 'bob.Dockerfile', 'carol'].map((path) => {
      const text = readFileSync(join(dir, path), 'utf8');
      return { path, size: Buffer.byteLength(text), text };
    });
    const fromMemory = gradeWorkspace(new MemoryWorkspace('export', files), gradeLessonOf(l));
    const fromDisk = gradeWorkspace(nodeWorkspace(dir), gradeLessonOf(l));
    if ('error' in fromMemory || 'error' in fromDisk) throw new Error('unreadable');
    expect(fromMemory.submissions).toEqual(fromDisk.submissions.filter((s) => s.name !== 'dave'));
  });
});

describe('stagecraft grade: CSV cells and Markdown text', () => {
  it('quotes as RFC 4180 says and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(12)).toBe('12');
    expect(csvCell(true)).toBe('yes');
    expect(csvCell(null)).toBe('');
  });

  it('a hostile file name is text in every format', async () => {
    const dir = folderWith({ '=cmd|x,"y".Dockerfile': 'FROM alpine:3.19\n', '<b>`hi`|*x*.Dockerfile': 'FROM alpine:3.19\n', 'line\nbreak.Dockerfile': 'FROM alpine:3.19\n' });
    const csv = (await cli(['grade', dir, '--lesson', 'stages', '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[1]!.startsWith('<b>`hi`|*x*,')).toBe(true);
    expect(csv[2]!.startsWith(`"'=cmd|x,""y""",`)).toBe(true);
    expect(csv[3]!.startsWith('line\uFFFDbreak,')).toBe(true);
    const md = (await cli(['grade', dir, '--lesson', 'stages'])).stdout;
    expect(md).toContain('| ``<b>`hi`\\|*x*`` |');
    expect(md).toContain('### ``<b>`hi`\\|*x*``');
    expect(md).toContain('| `=cmd\\|x,"y"` |');
    expect(md).not.toContain('line\nbreak');
    expect(mdCode('`a`')).toBe('`` `a` ``');
    expect(mdText('a <b> | *c* [d](e) & `f`')).toBe('a \\<b\\> \\| \\*c\\* \\[d\\](e) \\& \\`f\\`');
    const json = await gradeJson(dir, 'stages');
    expect(json.submissions.map((s) => s.name)).toEqual(['<b>`hi`|*x*', '=cmd|x,"y"', 'line\uFFFDbreak']);
  });
});

describe('stagecraft grade: folders, .dockerignore and what cannot be read', () => {
  it('lesson 6: a folder with its own .dockerignore is graded on it; a single file on the lesson’s', async () => {
    const dir = folderWith({
      'ann/Dockerfile': lesson6Start,
      'ann/.dockerignore': recommended,
      'ben.Dockerfile': lesson6Start,
      'cal/Dockerfile': lesson6Start,
      'dan/Dockerfile': lesson6Start,
      'dan/.dockerignore': '!\n',
    });
    const report = await gradeJson(dir, 'dockerignore');
    expect(byName(report, 'ann')).toMatchObject({ graded: true, dockerignore: 'submission', complete: true });
    const ben = byName(report, 'ben');
    expect(ben).toMatchObject({ graded: true, dockerignore: 'lesson', complete: false });
    expect(ben.unmet).toContain('context-size-under');
    expect(ben.notes).toEqual(["a single file: graded with the lesson's own .dockerignore"]);
    expect(byName(report, 'cal')).toMatchObject({ dockerignore: 'lesson', notes: ["no .dockerignore in the folder: graded with the lesson's own"] });
    expect(byName(report, 'dan')).toMatchObject({ graded: false, problem: expect.stringMatching(/^its \.dockerignore is one Docker refuses: line 1: /) });
    // The same verdict as check --lesson --dockerignore.
    const checked = JSON.parse((await cli(['check', '--lesson', 'dockerignore', '--json', '--dockerignore', join(dir, 'ann/.dockerignore'), join(dir, 'ann/Dockerfile')])).stdout);
    expect(byName(report, 'ann').goals.map((g) => g.detail)).toEqual(checked.goals.map((g: { detail: string }) => g.detail));
  });

  it('a lesson whose .dockerignore is not editable ignores a submitted one, and says so', async () => {
    const dir = folderWith({ 'ann/Dockerfile': 'FROM node:20\n', 'ann/.dockerignore': '*\n' });
    const ann = byName(await gradeJson(dir, 'stages'), 'ann');
    expect(ann).toMatchObject({ graded: true, dockerignore: 'lesson' });
    expect(ann.notes[0]).toMatch(/^its \.dockerignore is not used/);
  });

  it('binary, oversized, empty-folder and linked submissions are rows that say why', async () => {
    const dir = folderWith({
      'bin.Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
      'big.Dockerfile': `FROM alpine:3.19\n${'#'.repeat(5 * 1024 * 1024)}\n`,
      'empty/notes.txt': 'hello',
      'ok.Dockerfile': 'FROM alpine:3.19\n',
      'withbin/Dockerfile': 'FROM alpine:3.19\n',
      'withbin/.dockerignore': Buffer.from([0, 1, 2]),
      '.DS_Store': 'x',
    });
    symlinkSync(join(dir, 'ok.Dockerfile'), join(dir, 'link.Dockerfile'));
    const report = await gradeJson(dir, 'dockerignore');
    const problems = Object.fromEntries(report.submissions.map((s) => [s.name, s.problem]));
    expect(problems).toEqual({
      big: 'the file is 5.2 MB; Stagecraft reads files up to 4 MiB',
      bin: 'the file is not a text file (it has NUL bytes)',
      empty: 'the folder has no Dockerfile',
      link: 'the file is a symbolic link (not followed)',
      ok: null,
      withbin: 'its .dockerignore is not a text file (it has NUL bytes)',
    });
    expect(report.skipped).toEqual([{ path: '.DS_Store', reason: 'hidden' }]);
    expect(report.class).toMatchObject({ submissions: 6, graded: 1, ungraded: 5 });
    const csv = (await cli(['grade', dir, '--lesson', 'dockerignore', '--format', 'csv'])).stdout;
    expect(csv.split('\r\n')).toContain('bin,0,5,no,,,,,,,the file is not a text file (it has NUL bytes)');
  });

  it('two submissions with the same name keep their file names', async () => {
    const dir = folderWith({ 'alice.Dockerfile': 'FROM alpine:3.19\n', 'alice/Dockerfile': 'FROM alpine:3.19\n', 'Dockerfile.bob': 'FROM alpine:3.19\n' });
    const report = await gradeJson(dir, 'stages');
    expect(report.submissions.map((s) => [s.name, s.path])).toEqual([['alice', 'alice/'], ['alice.Dockerfile', 'alice.Dockerfile'], ['bob', 'Dockerfile.bob']]);
  });
});

describe('stagecraft grade: exit status', () => {
  it('an empty folder: a report saying there are no submissions, exit 0', async () => {
    const dir = tempDir();
    const md = await cli(['grade', dir, '--lesson', 'stages']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('No submissions: the folder holds no files or folders to grade.');
    const json = await gradeJson(dir, 'stages');
    expect(json.submissions).toEqual([]);
    expect(json.class).toMatchObject({ submissions: 0, graded: 0, complete: 0, commonFailure: null });
    expect((await cli(['grade', dir, '--lesson', 'stages', '--format', 'csv'])).stdout).toBe('name,met,total,complete,errors,warnings,image_bytes,builds,starts,unmet,problem\r\n');
  });

  it('exit 0 when submissions fail their goals', async () => {
    const dir = folderWith({ 'a.Dockerfile': 'FROM nothing-here\nRUN exit 1\n' });
    expect((await cli(['grade', dir, '--lesson', 'stages'])).code).toBe(0);
  });

  it('a missing or unreadable DIR, or a file: exit 2 with one line', async () => {
    const dir = tempDir();
    expect(await cli(['grade', join(dir, 'nope'), '--lesson', 'stages'], dir)).toEqual({ code: 2, stdout: '', stderr: `stagecraft: cannot read ${join(dir, 'nope')}: no such directory\n` });
    expect(await cli(['grade', 'nope', '--lesson', 'stages'], dir)).toEqual({ code: 2, stdout: '', stderr: 'stagecraft: cannot read nope: no such directory\n' });
    writeFileSync(join(dir, 'f'), 'FROM x\n');
    expect((await cli(['grade', 'f', '--lesson', 'stages'], dir)).stderr).toBe('stagecraft: cannot read f: not a directory (grade takes a folder of submissions)\n');
  });

  it('usage errors: exit 2 with the usage', async () => {
    const dir = tempDir();
    for (const [args, message] of [
      [['grade', dir], 'grade needs --lesson ID'],
      [['grade', '--lesson', 'stages'], 'grade takes one DIR'],
      [['grade', dir, dir, '--lesson', 'stages'], 'grade takes one DIR'],
      [['grade', dir, '--lesson', 'nope'], 'no lesson "nope"; lessons: '],
      [['grade', dir, '--lesson', 'stages', '--format', 'xml'], '--format is one of md, csv, json, not "xml"'],
      [['grade', dir, '--lesson', 'stages', '--json'], 'unknown option --json'],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`stagecraft: ${message}`);
      expect(r.stderr).toContain('Usage: stagecraft');
    }
  });
});
