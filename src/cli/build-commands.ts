/** `stagecraft build` and `stagecraft context`: the simulated build and the build context on real folders. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDockerfile } from '../engine/index';
import { contextChecks, contextSummaryLine } from '../commands/context';
import { breakdown, breakdownJson, breakdownTable, buildLog, buildOnContext, diveSummary, historyTable, imageRow, imagesTable, stoppingProblem, summary } from '../engine/index';
import { readContextDir, warnBrokenLines } from './context-fs';
import { commandArgs, InputError, readInputs, readTextFile, UsageError, type CliIO } from './io';

export async function buildCommand(argv: string[], io: CliIO): Promise<number> {
  const args = commandArgs(argv, { json: { type: 'boolean' }, context: { type: 'string' }, target: { type: 'string' }, cache: { type: 'string' }, why: { type: 'boolean' } });
  if (args.positionals.length !== 1) throw new UsageError('build takes exactly one Dockerfile');
  const [input] = await readInputs(args.positionals, io);
  const dockerfilePath = args.positionals[0] === '-' ? io.cwd : resolve(io.cwd, args.positionals[0]!);
  const contextDir = resolve(io.cwd, args.values.context ?? (args.positionals[0] === '-' ? '.' : dirname(dockerfilePath)));
  const loaded = readContextDir(contextDir);
  if ('error' in loaded) throw new InputError(loaded.error);
  const bad = loaded.context.view.result.errors;
  if (bad.length) throw new InputError(`${contextDir}/.dockerignore:${bad[0]!.line}: ${bad[0]!.message}`);
  warnBrokenLines(loaded.context.view, `${contextDir}/.dockerignore`, io.stderr);

  const cacheFile = args.values.cache;
  let cache: string[] = [];
  if (cacheFile && existsSync(resolve(io.cwd, cacheFile))) {
    try {
      const data = JSON.parse(readFileSync(resolve(io.cwd, cacheFile), 'utf8')) as { keys?: unknown };
      if (Array.isArray(data.keys)) cache = data.keys.filter((k): k is string => typeof k === 'string');
      else throw new Error('no "keys" list');
    } catch (e) {
      throw new InputError(`cannot read cache file ${cacheFile}: ${(e as Error).message}`);
    }
  }
  const file = parseDockerfile(input!.text);
  const syntax = file.diagnostics.filter((d) => d.severity === 'error');
  if (syntax.length) {
    const d = syntax[0]!;
    io.stderr(`ERROR: failed to solve: dockerfile parse error on line ${d.range.start.line + 1}: ${d.message}\n`);
    return 1;
  }
  const result = buildOnContext(file, loaded.context, { target: args.values.target, cache });
  if (cacheFile) {
    // Keep every key seen, so alternating builds both stay cached.
    try {
      writeFileSync(resolve(io.cwd, cacheFile), `${JSON.stringify({ version: 1, keys: [...new Set([...cache, ...result.cacheKeys])] })}\n`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(`cannot write cache file ${cacheFile}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code === 'ENOENT' ? 'its folder does not exist' : (e as Error).message}`);
    }
  }
  const failed = stoppingProblem(result) !== null;
  // Where the image's bytes are, by line and kind (null when the build made no image).
  const bytes = args.values.json || args.values.why ? breakdown(file, result) : null;
  if (args.values.json) {
    const s = summary(result);
    io.stdout(
      `${JSON.stringify({
        image: result.image
          ? {
              size: result.image.bytes,
              compressedSize: result.image.compressedBytes,
              layers: result.image.layers.map((l) => ({ createdBy: l.createdBy, size: l.bytes, stage: l.fromBase ? null : (result.stages[result.target]?.name ?? result.target) })),
            }
          : null,
        failedAt: result.failedAt,
        context: { size: result.context.bytes, files: result.context.files },
        steps: result.steps.map((st) => ({ stage: st.stageName ?? st.stageIndex, instruction: st.label.replace(/^\[[^\]]*\]\s*/, ''), cached: st.cached, size: st.bytes, note: st.notes.join('; ') || null })),
        stages: result.stages.map((st) => ({ name: st.name, index: st.index, built: st.built })),
        wasted: result.wasted.bytes,
        efficiency: result.efficiency,
        problems: result.problems.map((p) => ({ code: p.code, message: p.message, line: p.line, when: p.when, severity: p.severity, explanation: p.explanation })),
        unknowns: result.unknowns,
        notes: [...loaded.notes, ...result.notes],
        summary: s,
        breakdown: bytes ? breakdownJson(bytes) : null,
      })}\n`,
    );
  } else {
    io.stdout(buildLog(result));
    if (!failed) {
      const row = imageRow(result, { tag: 'app:latest' });
      io.stdout(`\n$ docker images app\n${row ? imagesTable([row]) : ''}\n$ docker history app\n${historyTable(result)}\n$ dive app\n${diveSummary(result)}`);
    }
    for (const p of result.problems.filter((x) => x.when === 'run')) {
      io.stdout(`\n$ docker run app\n${p.message}\n  → ${p.explanation}\n`);
    }
    for (const n of [...loaded.notes, ...result.notes]) io.stdout(`note: ${n}\n`);
    if (args.values.why) io.stdout(bytes ? `\n${breakdownTable(bytes)}\n` : '\nNo image, so no breakdown: the build failed before it made one.\n');
  }
  return failed || result.problems.length > 0 ? 1 : 0;
}

export function contextCommand(argv: string[], io: CliIO): number {
  const args = commandArgs(argv, { json: { type: 'boolean' }, dockerignore: { type: 'string' }, check: { type: 'string', multiple: true } });
  if (args.positionals.length !== 1) throw new UsageError('context takes exactly one directory');
  const dir = resolve(io.cwd, args.positionals[0]!);
  const ignoreFile = args.values.dockerignore;
  const dockerignore = ignoreFile === undefined ? undefined : readTextFile(resolve(io.cwd, ignoreFile), ignoreFile);

  const loaded = readContextDir(dir, dockerignore);
  if ('error' in loaded) throw new InputError(loaded.error);
  const { view } = loaded.context;
  const bad = view.result.errors;
  const where = ignoreFile ?? `${args.positionals[0]}/.dockerignore`;
  if (bad.length) {
    io.stderr(`stagecraft: ${where}:${bad[0]!.line}: ${bad[0]!.message}\n`);
    return 2;
  }
  warnBrokenLines(view, where, io.stderr);
  const checks = args.values.check;
  if (checks) {
    const rows = contextChecks(view, checks);
    if (args.values.json) io.stdout(`${JSON.stringify({ checks: rows })}\n`);
    else for (const r of rows) io.stdout(`${r.path}\t${r.ignored ? 'ignored' : 'sent'}${r.pattern ? `\t(line ${r.line}: ${r.pattern})` : ''}\n`);
    return 0;
  }
  const { result } = view;
  if (args.values.json) {
    io.stdout(`${JSON.stringify({ size: result.size, files: result.files, included: result.included.map((f) => ({ path: f.path, size: f.size })) })}\n`);
  } else {
    io.stdout(contextSummaryLine(view));
    for (const n of loaded.notes) io.stdout(`note: ${n}\n`);
  }
  return 0;
}
