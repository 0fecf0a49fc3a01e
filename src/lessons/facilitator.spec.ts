/**
 * The facilitator guide's data for every lesson: the common mistakes (each wrong attempt
 * the tests hold, with the verdict the exercise gives, computed by the engine), and the
 * terminal demo, run through the in-page shell as the lesson's terminal would run it.
 */
import { describe, expect, it } from 'vitest';
import { goalKey } from '../../tests/lesson-attempts/types';
import { projectWorkspace } from '../commands/context';
import { createShell } from '../commands/shell/index';
import type { CourseLesson } from './course';
import { siteLesson } from './exercise-data';
import { siteSource } from './exercise-files';
import { byDetail, commonMistakes, exerciseCard, facilitatorLesson, lessonAttempts } from './facilitator';
import { lessonFolders, type LessonFile, type LoadedLesson } from './loader';

const folders = lessonFolders(siteSource);

/** The lesson as the site's pages get it (number and path as courseLessons gives them). */
const courseLesson = (folder: string, i: number): CourseLesson => {
  const l = siteLesson(folder);
  return { id: l.id, number: i + 1, folder, href: `/lessons/${l.id}/`, entry: { id: l.id, data: l.data } } as unknown as CourseLesson;
};

/** The in-page shell over what the lesson's terminal has: the project, the editor's files (start or solution) and the terminal's extra files. */
function terminal(l: LoadedLesson) {
  const ws = projectWorkspace(l.project.name, l.project.files, l.project.manifest);
  const lay = (files: LessonFile[]) => {
    for (const name of l.data.exercise.editable) ws.write(name, files.find((f) => f.path === name)?.text ?? '');
  };
  lay(l.startFiles);
  for (const [path, text] of Object.entries(l.terminalFiles)) ws.write(path, text);
  let clock = Date.UTC(2025, 0, 1);
  const shell = createShell({ workspace: ws, now: () => (clock += 5000), lesson: { goals: l.goals, baseline: l.baseline } });
  return { ws, shell, useSolution: () => lay(l.solutionFiles) };
}

it('covers the ten lessons', () => {
  expect(folders).toHaveLength(10);
});

describe.each(folders.map((folder, i) => [folder, i] as const))('the facilitator guide for %s', (folder, i) => {
  const lesson = siteLesson(folder);

  it('assembles everything the guide shows, from the lesson’s own content', () => {
    const f = facilitatorLesson(courseLesson(folder, i));
    expect(f.talkingPoints.length).toBeGreaterThan(0);
    expect(f.realDocker.blocks.length).toBeGreaterThan(0);
    for (const b of f.realDocker.blocks) for (const c of b.commands) expect(c).toMatch(/^(docker|dive|curl|time) /);
    expect(f.walkthroughs.length > 0 || (f.demo?.length ?? 0) > 0, 'a terminal walk-through or facilitator.demo').toBe(true);
    expect(f.solution.length).toBeGreaterThan(0);
    expect(f.goals).toEqual(lesson.titledGoals.map((g) => g.title));
    expect(exerciseCard(courseLesson(folder, i))).toEqual({ id: lesson.id, number: i + 1, title: lesson.title, href: `/lessons/${lesson.id}/`, goals: f.goals, hints: lesson.data.hints });
  });

  it('has common mistakes, each a failure the exercise explains, goal by goal as the attempt table states', () => {
    const attempts = lessonAttempts(folder);
    const mistakes = commonMistakes(lesson, attempts);
    expect(mistakes.length).toBeGreaterThan(0);
    mistakes.forEach((m, n) => {
      expect(m.name).toBe(attempts[n]!.name);
      expect(m.unmet.length, `${m.name}: a mistake leaves a goal unmet`).toBeGreaterThan(0);
      for (const g of m.unmet) {
        expect(g.title).toBe(lesson.titledGoals[g.goal]!.title);
        expect(g.detail.trim(), `${m.name}: ${g.title} says why`).not.toBe('');
      }
      // The engine's verdict is the one the table holds for real Docker.
      const unmetKeys = m.unmet.map((g) => goalKey(lesson.goals[g.goal]!, lesson.goals)).sort();
      const tableKeys = Object.entries(attempts[n]!.met).filter(([, met]) => !met).map(([k]) => k).sort();
      expect(unmetKeys, m.name).toEqual(tableKeys);
      expect(byDetail(m.unmet).flatMap((d) => d.goals).sort()).toEqual(m.unmet.map((g) => g.title).sort());
    });
  });

  // Lessons whose terminal demo is their own TerminalSteps have that checked by terminal-walkthroughs.spec.ts.
  const demo = lesson.data.facilitator.demo ?? [];
  if (demo.length > 0) it('runs its demo in the in-page shell, on the start and again after Use the solution', async () => {
    const t = terminal(lesson);
    for (const side of ['start', 'solution'] as const) {
      if (side === 'solution') t.useSolution();
      for (const run of demo) {
        const f = /(?:^|\s)-f\s+(\S+)/.exec(run);
        if (f) expect(t.ws.stat(f[1]!)?.kind, `${run}: ${f[1]} is not in the terminal’s project`).toBe('file');
        let out = '';
        const status = await t.shell.run(run, { out: (s) => void (out += s), err: (s) => void (out += s) });
        const where = `${folder} (${side}): $ ${run}\n${out}`;
        // A demo may show a failure (docker run on a broken image, --check with warnings), never a shell or usage error.
        expect(out, where).not.toMatch(/command not found|not simulated|not available in the in-page shell|internal error|unknown flag|unknown shorthand flag|requires (?:exactly|at least|at most) \d+ argument/i);
        expect([0, 1, 127], where).toContain(status);
        expect(out.trim(), where).not.toBe('');
      }
    }
  });
});
