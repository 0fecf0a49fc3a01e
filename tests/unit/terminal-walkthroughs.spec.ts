/**
 * The terminal walk-throughs of the lessons, run as a learner would run them: every
 * command of every <TerminalSteps> in the lesson's MDX goes, in order, through the
 * in-page shell (createShell) over the workspace the worker gives the terminal — the
 * project (with its heavy folders), the start files as the editor has them, and the
 * lesson's `exercise.terminal.files`. A list marked `solved` runs with the solution's
 * files in the editor ("after the fix"). Each command must exit with the status the
 * walk-through expects (0 unless a step says `status`), print what it promises
 * (`expect`), and never answer "command not found" or "not simulated". Every <Sim>
 * figure in the walk-through's prose must be one the terminal printed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFrontmatter } from '../../src/cli/content-fs';
import { projectWorkspace } from '../../src/commands/context';
import { createShell } from '../../src/commands/shell/index';
import type { MemoryWorkspace } from '../../src/commands/workspace';
import type { CourseLesson } from '../../src/lessons/course';
import { exerciseData, type ExerciseData } from '../../src/lessons/exercise-data';
import { simulateLessonFile } from '../../src/lessons/projects';
import { lessonSchema } from '../../src/lessons/schema';
import { simFigure } from '../../src/lessons/sim-figures';
import { jsxTags, proseOf, type TagProps } from '../../src/lessons/lesson-text';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LESSONS = ['01-why-images-are-huge', '06-dockerignore', '07-more-stages', '08-measuring'];

// ---- Reading the MDX: JSX tags and their props, as data (src/lessons/lesson-text.ts) ----

interface Step {
  run: string;
  note?: string;
  status?: number;
  expect?: string[];
}
interface StepList {
  steps: Step[];
  solved: boolean;
}

interface Walkthrough {
  lists: StepList[];
  /** The <Sim> figures in the "In the terminal" section. */
  sims: TagProps[];
}

function walkthrough(folder: string): Walkthrough {
  const text = proseOf(readFileSync(join(root, 'content/lessons', folder, 'index.mdx'), 'utf8'));
  const lists = jsxTags(text, 'TerminalSteps').map(({ props }) => ({ steps: props.steps as Step[], solved: props.solved === true }));
  const heading = /^(#{2,3}) In the terminal\s*$/m.exec(text);
  let sims: TagProps[] = [];
  if (heading) {
    const rest = text.slice(heading.index + heading[0].length);
    const end = new RegExp(`^#{1,${heading[1]!.length}} |^<Callout`, 'm').exec(rest);
    sims = jsxTags(rest.slice(0, end ? end.index : undefined), 'Sim').map((t) => t.props);
  }
  return { lists, sims };
}

// ---- The terminal's workspace, as the worker builds it ----

function lessonData(folder: string): ExerciseData {
  const fm = readFrontmatter(join(root, 'content/lessons', folder, 'index.mdx'));
  if ('error' in fm) throw new Error(`${folder}: ${fm.error}`);
  const data = lessonSchema.parse(fm.data);
  const id = folder.replace(/^\d\d-/, '');
  const lesson = { id, number: Number(folder.slice(0, 2)), folder, href: `/lessons/${id}/`, entry: { id, data } } as unknown as CourseLesson;
  return exerciseData(lesson, undefined);
}

/** The project (its heavy folders as simulated files), the editor's files and the terminal's extra files, as the worker lays them. */
function terminalWorkspace(data: ExerciseData): MemoryWorkspace {
  const ws = projectWorkspace(data.project.name, data.project.files, data.project.manifest);
  for (const [path, text] of Object.entries(data.start)) ws.write(path, text);
  for (const [path, text] of Object.entries(data.terminalFiles)) ws.write(path, text);
  return ws;
}

// ---- Figures: "92.5MB" in the prose is what the terminal printed as 92.46MB ----

const QUANTITY = /(\d+(?:\.\d+)?)\s?(B|kB|MB|GB|TB|%)(?![A-Za-z])/g;

/** The output states `figure` (a size or percentage, to the precision the figure has). */
function states(output: string, figure: string): boolean {
  const f = /^(\d+(?:\.\d+)?)\s?(B|kB|MB|GB|TB|%)$/.exec(figure.trim());
  if (!f) return output.includes(figure);
  const decimals = (f[1]!.split('.')[1] ?? '').length;
  const want = Number(f[1]).toFixed(decimals);
  for (const m of output.matchAll(QUANTITY)) if (m[2] === f[2] && Number(m[1]).toFixed(decimals) === want) return true;
  return false;
}

// ---- The walk-throughs ----

describe.each(LESSONS)('the terminal walk-through of %s', (folder) => {
  const w = walkthrough(folder);
  let data: ExerciseData;
  beforeAll(() => {
    data = lessonData(folder);
  });

  it('has steps, each a one-line command', () => {
    expect(w.lists.length).toBeGreaterThan(0);
    for (const list of w.lists) {
      expect(list.steps.length).toBeGreaterThan(0);
      for (const s of list.steps) {
        expect(typeof s.run).toBe('string');
        expect(s.run.trim()).not.toBe('');
        expect(s.run).not.toContain('\n');
        // Figures belong in the prose, where <Sim> prints the simulator's own.
        expect(s.note ?? '', `the note of "${s.run}" states a figure; put it in the prose with <Sim>`).not.toMatch(QUANTITY);
      }
    }
  });

  it('names only files the terminal’s workspace has', () => {
    const ws = terminalWorkspace(data);
    for (const list of w.lists) {
      for (const s of list.steps) {
        const f = /(?:^|\s)-f\s+(\S+)/.exec(s.run);
        if (f) expect(ws.stat(f[1]!)?.kind, `${s.run}: ${f[1]} is not in the workspace`).toBe('file');
        const cat = /^cat\s+(\S+)$/.exec(s.run);
        if (cat) expect(ws.stat(cat[1]!)?.kind, `${s.run}: ${cat[1]} is not in the workspace`).toBe('file');
      }
    }
  });

  it('runs every command as the walk-through says, and prints every figure its prose states', async () => {
    const ws = terminalWorkspace(data);
    let clock = Date.UTC(2025, 0, 1);
    const shell = createShell({ workspace: ws, now: () => (clock += 5000), lesson: { goals: data.goals, baseline: data.baseline } });
    let all = '';
    let solved = false;
    for (const list of w.lists) {
      if (list.solved && !solved) {
        for (const [path, text] of Object.entries(data.solution)) ws.write(path, text);
        solved = true;
      }
      for (const step of list.steps) {
        let out = '';
        const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t) };
        const status = await shell.run(step.run, io);
        all += `$ ${step.run}\n${out}`;
        const where = `${folder}: $ ${step.run}\n${out}`;
        expect(out, where).not.toMatch(/command not found|not simulated|internal error/);
        expect(status, where).toBe(step.status ?? 0);
        for (const e of step.expect ?? []) expect(out, `${where}\n(expected it to print ${JSON.stringify(e)})`).toContain(e);
      }
    }
    for (const sim of w.sims) {
      const result = simulateLessonFile(folder, data.project.name, String(sim.file), {
        ...(sim.dockerignore ? { dockerignore: String(sim.dockerignore) } : {}),
        ...(sim.target ? { target: String(sim.target) } : {}),
      });
      const figure = simFigure(result, String(sim.show));
      expect(states(all, figure), `${folder}: the prose says ${figure} (<Sim ${JSON.stringify(sim)}>), which the terminal never printed:\n${all.slice(0, 20000)}`).toBe(true);
    }
  });
});

describe('reading a figure in the output', () => {
  it('matches to the precision the prose gives, in the same unit', () => {
    expect(states('#4 transferring context: 92.46MB 1.8s done', '92.5MB')).toBe(true);
    expect(states('Image efficiency score: 44.53 %', '44.53%')).toBe(true);
    expect(states('app   latest   138MB', '138MB')).toBe(true);
    expect(states('app   latest   138MB', '138kB')).toBe(false);
    expect(states('app   latest   139MB', '138MB')).toBe(false);
  });
});
