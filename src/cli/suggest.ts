/**
 * `stagecraft suggest FILE [--context DIR | --lesson ID] [--target STAGE] [--dockerignore FILE] [--json]`:
 * what would make the image smaller, every saving a simulated build of the edited file.
 * The context is read as `build` reads it (DIR, by default the Dockerfile's folder), or with
 * `--lesson` and no `--context` the lesson's own project as `check --lesson` uses it.
 * Exit 0 when it ran on an image that builds and starts (with or without suggestions); 1, as
 * `build`, when there is no image to make smaller (the build fails, its container would not
 * start, or Docker's parser refuses the file); 2 for a usage error or a file that cannot be read.
 */
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { PreparedContext } from '../engine/index';
import { runSuggest, suggestRunJson, suggestRunText } from '../commands/check-output';
import { readContextDir, warnBrokenLines } from './context-fs';
import { commandArgs, InputError, readInputs, readTextFile, UsageError, type CliIO } from './io';
import { findLesson, lessonIds } from './lessons-fs';
import { REPO_ROOT } from './paths';

export async function suggestCommand(argv: string[], io: CliIO): Promise<number> {
  const args = commandArgs(argv, { json: { type: 'boolean' }, context: { type: 'string' }, lesson: { type: 'string' }, target: { type: 'string' }, dockerignore: { type: 'string' } });
  if (args.positionals.length !== 1) throw new UsageError('suggest takes exactly one Dockerfile');
  const { lesson: lessonId, context: contextArg, target, dockerignore: ignoreFile } = args.values;
  const shown = args.positionals[0]!;
  const dockerignore = ignoreFile === undefined ? undefined : readTextFile(resolve(io.cwd, ignoreFile), ignoreFile);

  let context: PreparedContext;
  let notes: string[] = [];
  let where: string;
  if (contextArg === undefined && lessonId !== undefined) {
    const lesson = findLesson(REPO_ROOT, lessonId);
    if (!lesson) throw new UsageError(`no lesson "${lessonId}"; lessons: ${lessonIds(REPO_ROOT).join(', ')}`);
    // The lesson's own project (with its start files) is the context, as `check --lesson` builds on it.
    context = dockerignore === undefined ? lesson.context : lesson.contextWith(dockerignore);
    where = ignoreFile ?? `lesson ${lesson.id}'s .dockerignore`;
  } else {
    if (lessonId !== undefined && !findLesson(REPO_ROOT, lessonId)) throw new UsageError(`no lesson "${lessonId}"; lessons: ${lessonIds(REPO_ROOT).join(', ')}`);
    // As `build`: the folder named, else the Dockerfile's own (the working folder for standard input).
    const dir = resolve(io.cwd, contextArg ?? (shown === '-' ? '.' : dirname(resolve(io.cwd, shown))));
    const loaded = readContextDir(dir, dockerignore);
    if ('error' in loaded) throw new InputError(loaded.error);
    context = loaded.context;
    notes = loaded.notes;
    where = ignoreFile ?? `${dir}/.dockerignore`;
  }
  const bad = context.view.result.errors;
  if (bad.length) throw new InputError(`${where}:${bad[0]!.line}: ${bad[0]!.message}`);
  warnBrokenLines(context.view, where, io.stderr);

  const [input] = await readInputs(args.positionals, io);
  const run = runSuggest(input!.text, context, { target, path: diffPath(shown, io.cwd) });
  if ('parseError' in run) {
    io.stderr(`${run.parseError}\n`);
    return 1;
  }
  if (args.values.json) io.stdout(`${JSON.stringify(suggestRunJson(run, notes))}\n`);
  else {
    io.stdout(suggestRunText(run));
    for (const n of notes) io.stdout(`note: ${n}\n`);
  }
  return run.status;
}

/** The Dockerfile's name in the diffs: its path from the working folder (so `patch -p1` applies it here), or its name alone when it lies outside. */
function diffPath(shown: string, cwd: string): string {
  if (shown === '-') return 'Dockerfile';
  const rel = relative(cwd, resolve(cwd, shown)).split('\\').join('/');
  return rel === '' || rel.startsWith('../') || rel === '..' || isAbsolute(rel) ? basename(shown) : rel;
}
