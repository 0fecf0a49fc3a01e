/**
 * `stagecraft check`, `stagecraft context` and `stagecraft suggest` in the in-page shell: the
 * CLI's commands over the session's Workspace, with the same output. `check` judges the
 * lesson's goals when run at the project's top; all read the working folder as the build context.
 */
import { brokenLineWarning, checkExercise } from '../engine/index';
import { checkText, runSuggest, suggestRunText } from './check-output';
import { contextChecks, contextSummaryLine, readContext } from './context';
import { readText } from './workspace';
import { pathCandidates, type CommandContext, type ShellCommand } from './shell/session';

const USAGE = `Usage: stagecraft check [FILE...]      Docker's checks and the lesson's goals (default: Dockerfile)
       stagecraft context [DIR] [--check PATH...]   What docker build would send
       stagecraft suggest [FILE]      What would make the image smaller, each saving simulated (default: Dockerfile)
`;

function fail(ctx: CommandContext, message: string, status = 2): number {
  ctx.io.err(`stagecraft: ${message}\n`);
  return status;
}

function contextOf(ctx: CommandContext, arg: string) {
  const dir = ctx.session.resolve(arg);
  if (dir === null) return { error: `cannot read context ${arg}: no such directory` };
  return readContext(ctx.session.workspace, dir, arg);
}

function check(ctx: CommandContext, args: string[]): number {
  const bad = args.find((a) => a.startsWith('-') && a !== '-');
  if (bad) return fail(ctx, `unknown option ${bad}\n\n${USAGE}`);
  const loaded = contextOf(ctx, '.');
  if ('error' in loaded) return fail(ctx, loaded.error);
  const errors = loaded.context.view.result.errors;
  if (errors.length) return fail(ctx, `.dockerignore:${errors[0]!.line}: ${errors[0]!.message}`);
  for (const w of loaded.context.view.result.warnings) ctx.io.err(`stagecraft: warning: ${brokenLineWarning(`.dockerignore:${w.line}`, w.message)}\n`);
  // The lesson's goals are about its project's Dockerfile, checked from the project's top.
  const lesson = ctx.session.cwd === '' ? ctx.session.lesson : undefined;
  let status = 0;
  for (const name of args.length ? args : ['Dockerfile']) {
    const path = ctx.session.resolve(name);
    const got = path === null ? { error: 'no such file' } : readText(ctx.session.workspace, path);
    if ('error' in got) return fail(ctx, `cannot read ${name}: ${got.error}`);
    const result = checkExercise(got.text, loaded.context, { goals: name === 'Dockerfile' ? (lesson?.goals ?? []) : [], baseline: lesson?.baseline ?? null });
    if (result.diagnostics.some((d) => d.severity === 'error') || result.goals.some((g) => !g.met)) status = 1;
    ctx.io.out(checkText(name, result));
  }
  return status;
}

/** As the CLI's `stagecraft suggest FILE --context .`: the same report, the same exit status. */
function suggestCmd(ctx: CommandContext, args: string[]): number {
  const bad = args.find((a) => a.startsWith('-') && a !== '-');
  if (bad) return fail(ctx, `unknown option ${bad}\n\n${USAGE}`);
  if (args.length > 1) return fail(ctx, `suggest takes one Dockerfile\n\n${USAGE}`);
  const name = args[0] ?? 'Dockerfile';
  const loaded = contextOf(ctx, '.');
  if ('error' in loaded) return fail(ctx, loaded.error);
  const errors = loaded.context.view.result.errors;
  if (errors.length) return fail(ctx, `.dockerignore:${errors[0]!.line}: ${errors[0]!.message}`);
  for (const w of loaded.context.view.result.warnings) ctx.io.err(`stagecraft: warning: ${brokenLineWarning(`.dockerignore:${w.line}`, w.message)}\n`);
  const path = ctx.session.resolve(name);
  const got = path === null ? { error: 'no such file' } : readText(ctx.session.workspace, path);
  if ('error' in got) return fail(ctx, `cannot read ${name}: ${got.error}`);
  const run = runSuggest(got.text, loaded.context, { path: name });
  if ('parseError' in run) {
    ctx.io.err(`${run.parseError}\n`);
    return 1;
  }
  ctx.io.out(suggestRunText(run));
  for (const n of loaded.notes) ctx.io.out(`note: ${n}\n`);
  return run.status;
}

function context(ctx: CommandContext, args: string[]): number {
  const dirs: string[] = [];
  const checks: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--check') {
      const v = args[++i];
      if (v === undefined) return fail(ctx, `--check needs a value\n\n${USAGE}`);
      checks.push(v);
    } else if (a.startsWith('--check=')) checks.push(a.slice('--check='.length));
    else if (a.startsWith('-')) return fail(ctx, `unknown option ${a}\n\n${USAGE}`);
    else dirs.push(a);
  }
  if (dirs.length > 1) return fail(ctx, `context takes one directory\n\n${USAGE}`);
  const loaded = contextOf(ctx, dirs[0] ?? '.');
  if ('error' in loaded) return fail(ctx, loaded.error);
  const { view } = loaded.context;
  const where = `${dirs[0] ?? '.'}/.dockerignore`;
  if (view.result.errors.length) return fail(ctx, `${where}:${view.result.errors[0]!.line}: ${view.result.errors[0]!.message}`);
  for (const w of view.result.warnings) ctx.io.err(`stagecraft: warning: ${brokenLineWarning(`${where}:${w.line}`, w.message)}\n`);
  if (checks.length) {
    for (const r of contextChecks(view, checks)) ctx.io.out(`${r.path}\t${r.ignored ? 'ignored' : 'sent'}${r.pattern ? `\t(line ${r.line}: ${r.pattern})` : ''}\n`);
    return 0;
  }
  ctx.io.out(contextSummaryLine(view));
  for (const n of loaded.notes) ctx.io.out(`note: ${n}\n`);
  return 0;
}

export function stagecraftCommand(): ShellCommand {
  return {
    name: 'stagecraft',
    summary: "Stagecraft's own checks: stagecraft check, stagecraft context, stagecraft suggest",
    usage: 'stagecraft check [FILE...] | stagecraft context [DIR] [--check PATH...] | stagecraft suggest [FILE]',
    run(ctx) {
      const [sub, ...rest] = ctx.args;
      if (sub === 'check') return check(ctx, rest);
      if (sub === 'context') return context(ctx, rest);
      if (sub === 'suggest') return suggestCmd(ctx, rest);
      if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
        ctx.io.out(USAGE);
        return sub === undefined ? 2 : 0;
      }
      return fail(ctx, `unknown command "${sub}" (this shell has check, context and suggest; the full CLI runs on your machine: see the README)\n\n${USAGE}`);
    },
    complete(words, current, session) {
      if (words.length === 1) return ['check', 'context', 'suggest'];
      if (current.startsWith('-')) return words[1] === 'context' ? ['--check'] : [];
      return pathCandidates(session, current, words[1] === 'context' ? (_n, dir) => dir : () => true);
    },
  };
}
