import { LESSON_FOLDER, lessonIdFromFolder } from './ids';
import { lessonSchema } from './schema';

/** A mistake in the lesson content, with the file it is in and how to fix it. */
export interface ContentProblem {
  /** Path relative to the repository root. */
  file: string;
  message: string;
  hint: string;
}

/** What the layout check needs to know about one lesson folder. */
export interface LessonFolderListing {
  folder: string;
  /** Paths of every file in the folder, relative to it, with `/` separators. */
  files: string[];
  /** The frontmatter of index.mdx as read from YAML, or why it could not be read. */
  frontmatter?: { data: Record<string, unknown> } | { error: string };
}

/**
 * Checks the shape of `content/lessons/` that the frontmatter schema cannot see:
 * folder names, order prefixes, and the files the exercise refers to.
 */
export function checkLessonLayout(
  lessons: LessonFolderListing[],
  projects: ReadonlySet<string>,
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const seenOrder = new Map<string, string>();
  const seenId = new Map<string, string>();
  for (const lesson of lessons) {
    const base = `content/lessons/${lesson.folder}`;
    const m = LESSON_FOLDER.exec(lesson.folder);
    if (!m) {
      problems.push({
        file: base,
        message: `"${lesson.folder}" is not a lesson folder name.`,
        hint: 'Name lesson folders NN-slug: a two-digit order, a dash, then lowercase words joined by dashes (e.g. 03-copy-from).',
      });
      continue;
    }
    const [, order, id] = m as unknown as [string, string, string];
    const orderTwin = seenOrder.get(order);
    if (orderTwin) {
      problems.push({
        file: base,
        message: `Order ${order} is used by both ${orderTwin} and ${lesson.folder}.`,
        hint: 'Give every lesson folder its own two-digit prefix.',
      });
    }
    seenOrder.set(order, lesson.folder);
    const idTwin = seenId.get(id);
    if (idTwin) {
      problems.push({
        file: base,
        message: `Lesson id "${id}" is used by both ${idTwin} and ${lesson.folder}.`,
        hint: 'The part after the order prefix is the lesson id and must be unique.',
      });
    }
    seenId.set(id, lesson.folder);

    const files = new Set(lesson.files);
    if (!files.has('index.mdx')) {
      problems.push({
        file: `${base}/index.mdx`,
        message: 'The lesson has no index.mdx.',
        hint: 'Every lesson folder holds its text in index.mdx, with the frontmatter the schema in src/lessons/schema.ts describes.',
      });
      continue;
    }
    const fm = lesson.frontmatter ?? { data: {} };
    if ('error' in fm) {
      problems.push({
        file: `${base}/index.mdx`,
        message: `The lesson's ${fm.error}.`,
        hint: 'Start index.mdx with a YAML block between --- lines; src/lessons/schema.ts lists its fields.',
      });
      continue;
    }
    const parsed = lessonSchema.safeParse(fm.data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.') || '(frontmatter)';
        problems.push({
          file: `${base}/index.mdx`,
          message: `${field}: ${issue.message}.`,
          hint: fieldHint(field),
        });
      }
    }
    const ex = (fm.data.exercise && typeof fm.data.exercise === 'object' ? fm.data.exercise : {}) as Record<string, unknown>;
    const start = typeof ex.start === 'string' ? trimSlash(ex.start) : 'start';
    const solution = typeof ex.solution === 'string' ? trimSlash(ex.solution) : 'solution';
    if (!files.has(`${start}/Dockerfile`)) {
      problems.push({
        file: `${base}/${start}/Dockerfile`,
        message: 'The exercise has no start Dockerfile.',
        hint: `Put the Dockerfile the learner starts from in ${start}/ (exercise.start in the frontmatter names that folder).`,
      });
    }
    if (!lesson.files.some((f) => f.startsWith(`${solution}/`))) {
      problems.push({
        file: `${base}/${solution}/`,
        message: 'The exercise has no solution files.',
        hint: `Put the files the solution changes (usually just the Dockerfile) in ${solution}/.`,
      });
    }
    const terminal = (ex.terminal && typeof ex.terminal === 'object' ? ex.terminal : {}) as Record<string, unknown>;
    const terminalFiles = terminal.files && typeof terminal.files === 'object' ? (terminal.files as Record<string, unknown>) : {};
    for (const [path, from] of Object.entries(terminalFiles)) {
      if (typeof from !== 'string') continue;
      const inFolder = lessonRelative(from);
      // A path into another lesson (`../01-…/start/Dockerfile`) is checked when the site is built.
      if (inFolder !== null && !files.has(inFolder)) {
        problems.push({
          file: `${base}/${inFolder}`,
          message: `exercise.terminal.files gives the terminal's ${path} the text of ${inFolder}, which does not exist.`,
          hint: 'Name a file of the lesson folder, relative to it (e.g. start/Dockerfile or examples/single-stage.Dockerfile).',
        });
      }
    }
    if (typeof ex.project === 'string' && !projects.has(ex.project)) {
      problems.push({
        file: `${base}/index.mdx`,
        message: `exercise.project names "${ex.project}", which is not a folder in content/projects/.`,
        hint: `Use one of: ${[...projects].sort().join(', ') || '(none yet)'}.`,
      });
    }
  }
  return problems;
}

/** The schema's own description of a field, as the hint for a mistake in it. */
export function fieldHint(field: string): string {
  let schema: unknown = lessonSchema;
  for (const key of field.split('.')) {
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    const inner = unwrap(schema);
    const next = (shape ?? (inner as { shape?: Record<string, unknown> }).shape)?.[key];
    if (next) schema = next;
    else if ((inner as { element?: unknown }).element && /^\d+$/.test(key)) schema = (inner as { element: unknown }).element;
    else break;
  }
  const description = (schema as { description?: string }).description ?? (unwrap(schema) as { description?: string }).description;
  return description ? `${field} is: ${description}` : 'See src/lessons/schema.ts for the fields a lesson’s frontmatter has.';
}

function unwrap(schema: unknown): unknown {
  let s = schema as { unwrap?: () => unknown; def?: { innerType?: unknown } };
  for (let i = 0; i < 5 && s; i++) {
    const inner = s.def?.innerType ?? (typeof s.unwrap === 'function' ? s.unwrap() : undefined);
    if (!inner) break;
    s = inner as typeof s;
  }
  return s;
}

/** A path relative to the lesson folder, cleaned; null when it leaves the folder. */
function lessonRelative(p: string): string | null {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

function trimSlash(p: string): string {
  return p.replace(/^\.\//, '').replace(/\/+$/, '');
}

/** Formats problems the way the build prints them: path, message, hint. */
export function formatContentProblems(problems: ContentProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.message}\n  hint: ${p.hint}`).join('\n');
}

export { lessonIdFromFolder };
