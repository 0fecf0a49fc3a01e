/**
 * `stagecraft` — the engine on the command line. Reads files, calls the engine,
 * prints. Exit codes: 0 fine, 1 an error diagnostic or an unmet goal, 2 a usage
 * error or a file that cannot be read.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkDockerfile, checkExercise, parseDockerfile, validateGoals,
  type CheckResult, type GoalSpec, type PreparedContext,
} from '../engine/index';
import { findLesson, lessonIds, listLessons } from './lessons-fs';
import { loadContextView, readContextDir, warnBrokenLines } from './context-fs';
import { buildCommand, contextCommand } from './build-commands';
import { gradeCommand } from './grade';
import { suggestCommand } from './suggest';
import { commandArgs, InputError, readInputs, readTextFile, UsageError, type CliIO } from './io';
import { checkJson, checkText, parseJson, parseText } from '../commands/check-output';
import { REPO_ROOT } from './paths';

export type { CliIO };




const USAGE = `Usage: stagecraft <command> [options]

Commands:
  parse FILE… [--json]            Show how Docker's parser reads each Dockerfile
  check FILE… [--lesson ID] [--context DIR] [--dockerignore FILE] [--json]
                                  Run Docker's checks and a lesson's goals
                                  (--dockerignore: use FILE as the context's
                                  .dockerignore, e.g. to grade lesson 6)
  build FILE [--context DIR] [--target STAGE] [--cache FILE] [--why] [--json]
                                  Simulate docker build: log, layers, sizes
                                  (--why: where the image's bytes are, by line)
  suggest FILE [--context DIR] [--lesson ID] [--target STAGE] [--dockerignore FILE] [--json]
                                  What would make the image smaller: edits, each
                                  saving a simulated build of the edited file
                                  (--lesson without --context: the lesson's project)
  context DIR [--dockerignore FILE] [--check PATH…] [--json]
                                  What docker build would send as the context
  grade DIR --lesson ID [--format md|csv|json]
                                  Grade a folder of submissions (one file or
                                  folder each) as check --lesson judges them;
                                  exit 0 once graded
  lessons [--json]                List the course's lessons and their goals
  class [--port 8080] [--host 0.0.0.0] [--data class.db] [--title TEXT] [--code CODE] [--no-build]
                                  Serve the course on the LAN for a workshop, with
                                  a live dashboard (builds dist/ first if stale)
  class export [--data class.db] --lesson ID DIR
                                  Write each attendee's files of a lesson to
                                  DIR/<name>/ for grading

FILE may be - for standard input. Exit status: 0 clean, 1 errors or unmet
goals, 2 usage errors or unreadable files.
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  // `stagecraft build --help` asks for help, not for a file called --help (anything after `--` is a file).
  if (command !== undefined && asksForHelp(rest)) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case 'parse':
        return await parseCommand(rest, io);
      case 'check':
        return await checkCommand(rest, io);
      case 'lessons':
        return lessonsCommand(rest, io);
      case 'build':
        return await buildCommand(rest, io);
      case 'context':
        return contextCommand(rest, io);
      case 'suggest':
        return await suggestCommand(rest, io);
      case 'class':
        // Loaded on demand: it needs node:sqlite, which a Node without it must not need for other commands.
        return await (await import('../class/cli')).classCommand(rest, io);
      case 'grade':
        return gradeCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`stagecraft: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.stderr(`stagecraft: ${e.message}\n`);
      return 2;
    }
    // Never a stack trace: one line that says what happened.
    io.stderr(`stagecraft: internal error: ${(e as Error)?.message ?? String(e)} (please report it, with the command you ran)\n`);
    return 2;
  }
}

/** Whether the word `--help` or `-h` comes before any `--`, wherever it stands (even where another option wants a value). */
function asksForHelp(argv: string[]): boolean {
  const { tokens } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, strict: false, allowPositionals: true, tokens: true });
  // Not `--help=x`, nor an `h` inside a group such as `-xh`: the word itself.
  return tokens.some((t) => t.kind === 'option' && t.name === 'help' && argv[t.index] === t.rawName);
}


async function parseCommand(argv: string[], io: CliIO): Promise<number> {
  const args = commandArgs(argv, { json: { type: 'boolean' } });
  const inputs = await readInputs(args.positionals, io);
  let status = 0;
  for (const { name, text } of inputs) {
    const file = parseDockerfile(text);
    if (file.diagnostics.some((d) => d.severity === 'error')) status = 1;
    if (args.values.json) io.stdout(`${JSON.stringify(parseJson(name, file))}\n`);
    else io.stdout(parseText(name, file));
  }
  return status;
}

async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  const args = commandArgs(argv, { json: { type: 'boolean' }, lesson: { type: 'string' }, context: { type: 'string' }, dockerignore: { type: 'string' } });
  const { lesson: lessonId, context: contextDir, dockerignore: ignoreFile } = args.values;
  const dockerignore = ignoreFile === undefined ? undefined : readTextFile(resolve(io.cwd, ignoreFile), ignoreFile);
  if (dockerignore !== undefined && lessonId === undefined && contextDir === undefined) throw new UsageError('--dockerignore needs --context DIR or --lesson ID (the context it applies to)');
  let goals: GoalSpec[] = [];
  let baseline: string | null = null;
  let context: PreparedContext | null = null;
  if (lessonId !== undefined) {
    const lesson = findLesson(REPO_ROOT, lessonId);
    if (!lesson) {
      throw new UsageError(`no lesson "${lessonId}"; lessons: ${lessonIds(REPO_ROOT).join(', ')}`);
    }
    goals = lesson.goals;
    const problems = validateGoals(goals);
    if (problems.length) throw new InputError(`lesson ${lessonId} has invalid goals: ${problems.join('; ')}`);
    baseline = lesson.baseline;
    if (contextDir === undefined) {
      // The lesson's own project (with its start files) is the build context its goals are about.
      context = dockerignore === undefined ? lesson.context : lesson.contextWith(dockerignore);
    }
  }
  if (contextDir !== undefined) {
    const loaded = dockerignore === undefined ? loadContextView(resolve(io.cwd, contextDir)) : readContextDir(resolve(io.cwd, contextDir), dockerignore);
    if ('error' in loaded) throw new InputError(loaded.error);
    context = loaded.context;
  }
  if (context && dockerignore !== undefined) {
    const bad = context.view.result.errors;
    if (bad.length) throw new InputError(`${ignoreFile}:${bad[0]!.line}: ${bad[0]!.message}`);
  }
  if (context) warnBrokenLines(context.view, ignoreFile ?? `${contextDir ?? 'the lesson'}/.dockerignore`, io.stderr);
  const inputs = await readInputs(args.positionals, io);
  let status = 0;
  for (const { name, text } of inputs) {
    const result: CheckResult = context
      ? checkExercise(text, context, { goals, baseline })
      : checkDockerfile(text, { goals });
    if (result.diagnostics.some((d) => d.severity === 'error') || result.goals.some((g) => !g.met)) status = 1;
    if (args.values.json) io.stdout(`${JSON.stringify(checkJson(name, result))}\n`);
    else io.stdout(checkText(name, result));
  }
  return status;
}

function lessonsCommand(argv: string[], io: CliIO): number {
  const args = commandArgs(argv, { json: { type: 'boolean' } });
  if (args.positionals.length) throw new UsageError('lessons takes no arguments');
  const lessons = listLessons(REPO_ROOT);
  if (args.values.json) {
    // `context` is the project folder; `contextOverlay` the lesson's files laid over it (path in the context → file).
    const overlay = (files: Record<string, string>) => (Object.keys(files).length ? files : undefined);
    const json = lessons.map((l) => ({
      id: l.id,
      title: l.title,
      start: l.start,
      solution: l.solution,
      context: l.project,
      contextOverlay: overlay(l.contextOverlay),
      ...(l.solutionContextDiffers ? { solutionContext: l.project, solutionContextOverlay: overlay(l.solutionContextOverlay) } : {}),
      goals: l.goalTitles,
    }));
    io.stdout(`${JSON.stringify(json)}\n`);
  } else {
    for (const l of lessons) io.stdout(`${l.id}\t${l.title}\n`);
  }
  return 0;
}

