import { z } from 'astro/zod';
import { validateGoals } from '../engine/index';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A lesson goal: a goal rule of the engine, with its options. */
export const goalSchema = z
  .object({
    rule: z
      .string()
      .regex(kebab, 'a goal rule id is kebab-case, e.g. "stage-count"')
      .describe('Id of the goal rule that decides this goal (see src/engine/rules/goals).'),
    options: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Options passed to the goal rule, e.g. { min: 2 } or { stage: "builder" }.'),
    title: z
      .string()
      .min(1)
      .optional()
      .describe('What the learner reads in the Goals list; defaults to the rule’s own title for these options.'),
  })
  .strict();

/** `./a//b` → `a/b`, as the terminal's workspace stores paths. */
function cleanProjectPath(path: string): string {
  return path.split('/').filter((p) => p !== '' && p !== '.').join('/');
}

/** What the in-page terminal adds to the lesson's project, beside the editor's live files. */
export const terminalSchema = z
  .object({
    files: z
      .record(z.string(), z.string().min(1))
      .default({})
      .describe(
        'Extra files in the terminal’s copy of the project: a path in the project (e.g. single.Dockerfile) → a file of the lesson folder whose text it gets (e.g. start/Dockerfile or examples/single-stage.Dockerfile). A file that does not exist stops the site build, naming it.',
      ),
  })
  .strict()
  .superRefine((terminal, ctx) => {
    for (const path of Object.keys(terminal.files)) {
      // A path inside the project: relative, `/`-separated, no `..`.
      if (path.startsWith('/') || path.includes('\\') || cleanProjectPath(path) === '' || path.split('/').includes('..')) {
        ctx.addIssue({ code: 'custom', path: ['files', path], message: `"${path}" is not a path inside the project; name one such as single.Dockerfile or docker/single.Dockerfile (relative, no "..")` });
      }
    }
  });

/** The exercise at the end of a lesson; file paths are relative to the lesson folder. */
export const exerciseSchema = z
  .object({
    project: z
      .string()
      .regex(kebab, 'a project name is a folder under content/projects, e.g. "node-express-ts"')
      .describe('Sample project under content/projects/ that is the build context.'),
    start: z
      .string()
      .default('start')
      .describe('Folder whose files are laid over the project to give the exercise’s start (at least a Dockerfile).'),
    solution: z
      .string()
      .default('solution')
      .describe('Folder with only the files the solution changes, laid over the start.'),
    editable: z
      .array(z.string().min(1))
      .min(1)
      .default(['Dockerfile'])
      .describe('Files the learner may edit; every other project file is shown read-only.'),
    baseline: z
      .string()
      .optional()
      .describe('Optional single-stage Dockerfile (relative to the lesson folder) the build panel compares against.'),
    terminal: terminalSchema
      .optional()
      .describe('Optional extras for the in-page terminal beside the exercise, e.g. a second Dockerfile its walk-through builds.'),
  })
  .strict()
  .superRefine((exercise, ctx) => {
    // A terminal file laid over an editable one would hide the learner's live file.
    for (const path of Object.keys(exercise.terminal?.files ?? {})) {
      if (exercise.editable.includes(cleanProjectPath(path))) {
        ctx.addIssue({ code: 'custom', path: ['terminal', 'files', path], message: `"${path}" is a file the learner edits; give the terminal's copy another name (e.g. single.Dockerfile)` });
      }
    }
  });

/** A size or a share, such as 138MB or 44%: figures belong in the lesson text, printed by <Sim>. */
const SIZE_FIGURE = /\d+(?:\.\d+)?\s?(?:B|kB|KB|MB|GB|TB|KiB|MiB|GiB|%)(?![A-Za-z])/;

/** A line of facilitator notes: prose, `…` in backticks reads as code, and no typed figures. */
const noteLine = z
  .string()
  .min(10)
  .max(400)
  .refine((s) => !SIZE_FIGURE.test(s), 'states a size or a percentage; the facilitator notes leave figures to the lesson text, where <Sim> prints the simulator’s own');

/** A command of the in-page shell, as the lesson's terminal runs it. */
const shellLine = z
  .string()
  .min(1)
  .refine((s) => s.trim() !== '' && !s.includes('\n'), 'a demo step is one command line, such as docker build -t app .');

/** What the facilitator guide (/facilitator/) says about a lesson, beside what it reads from the lesson itself. */
export const facilitatorSchema = z
  .object({
    talkingPoints: z
      .array(noteLine)
      .min(1)
      .max(6)
      .describe('What to say while the room works on the lesson: one or two sentences each, the lesson’s key facts in its own terms.'),
    demo: z
      .array(shellLine)
      .min(1)
      .max(10)
      .optional()
      .describe(
        'Commands to show in the lesson’s in-page terminal, in order, with the start files in the editor (and again after Use the solution). Required when the lesson has no <TerminalSteps>, whose commands the guide shows otherwise.',
      ),
    pitfalls: z
      .array(noteLine)
      .max(6)
      .optional()
      .describe('Extra notes for the facilitator: where attendees get stuck beyond the wrong attempts the tests hold, and what to say.'),
  })
  .strict();

/** Frontmatter of `content/lessons/NN-slug/index.mdx`. */
export const lessonSchema = z
  .object({
    title: z.string().min(3).max(80).describe('Lesson title, shown in the navigation and as the page heading.'),
    summary: z
      .string()
      .min(20)
      .max(240)
      .describe('One or two sentences on what the lesson covers; used on the home page and as the meta description.'),
    objectives: z
      .array(z.string().min(3))
      .min(1)
      .max(6)
      .describe('What the learner can do after the lesson, each completing “You will be able to …”.'),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(120)
      .describe('Estimated minutes to read the lesson and finish its exercise.'),
    goals: z
      .array(goalSchema)
      .min(1)
      .describe('Goals the exercise checks, in the order the learner reads them.'),
    hints: z
      .array(z.string().min(10))
      .min(1)
      .max(4)
      .refine((hints) => new Set(hints.map((h) => h.trim())).size === hints.length, 'every hint must be different')
      .describe('Progressive hints, each narrowing the gap more than the one before.'),
    exercise: exerciseSchema.describe('The exercise files: start, solution overlay and the project that is the build context.'),
    facilitator: facilitatorSchema.describe(
      'Notes for the facilitator guide (/facilitator/): talking points, an optional terminal demo and pitfalls. Every lesson has them.',
    ),
  })
  .strict()
  .superRefine((lesson, ctx) => {
    // Goal ids and options are checked against the engine's goal registry.
    for (const message of validateGoals(lesson.goals)) ctx.addIssue({ code: 'custom', path: ['goals'], message });
  });

export type LessonData = z.infer<typeof lessonSchema>;
export type LessonGoal = z.infer<typeof goalSchema>;
export type LessonTerminal = z.infer<typeof terminalSchema>;
export type LessonFacilitator = z.infer<typeof facilitatorSchema>;
