/**
 * `docker build` (and `docker buildx build`, `docker image build`): the simulated
 * BuildKit build of a folder of the workspace, printed as BuildKit's plain progress
 * (the simulator's own log, the one the build panel shows, streamed block by block),
 * the image stored in the session under its `-t` names. `--check` runs the build
 * checks only, in BuildKit's format; `-q` prints the image ID alone.
 */
import {
  buildLogEvents, buildOnContext, imageDigest, lintDockerfile, normalizeTag, parseDockerfile, rulesById, SIMULATED_NOTE, stoppingProblem,
  type BuildResult, type Diagnostic, type Dockerfile, type LogEvent, type PreparedContext,
} from '../../engine/index';
import { readContext } from '../context';
import { normalizeName, type CommandContext } from '../shell/session';
import { baseName, joinPath, readText } from '../workspace';
import { argsError, invalidReference, parseSub, sourceExcerpt, type Subcommand } from './cli';
import { allValues, flagOn, lastValue, type FlagSpec } from './flags';

const PROGRESS_MODES = ['auto', 'plain', 'tty', 'quiet', 'rawjson', 'none'] as const;

export const BUILD_FLAGS: readonly FlagSpec[] = [
  { long: 'tag', short: 't', kind: 'list', valueName: 'stringArray', help: 'Name and optionally a tag (format: "name:tag")' },
  { long: 'file', short: 'f', kind: 'string', help: 'Name of the Dockerfile (default: "PATH/Dockerfile")' },
  { long: 'target', kind: 'string', help: 'Set the target build stage to build' },
  { long: 'no-cache', kind: 'bool', help: 'Do not use cache when building the image' },
  { long: 'check', kind: 'bool', help: 'Shorthand for "--call=check"' },
  { long: 'call', kind: 'string', values: ['build', 'check'], help: 'Set method for evaluating build ("check", "build")' },
  { long: 'progress', kind: 'string', values: PROGRESS_MODES, help: 'Set type of progress output ("auto", "none", "plain", "quiet", "rawjson", "tty"); this terminal shows plain' },
  { long: 'quiet', short: 'q', kind: 'bool', help: 'Suppress the build output and print image ID on success' },
  { long: 'build-arg', kind: 'list', valueName: 'stringArray', help: 'Set build-time variables' },
  { long: 'load', kind: 'bool', help: 'Shorthand for "--output=type=docker" (what this build does anyway)' },
  { long: 'platform', kind: 'list', valueName: 'stringArray', help: 'Set target platform for build', ignored: true },
  { long: 'pull', kind: 'bool', help: 'Always attempt to pull all referenced images', ignored: true },
  { long: 'label', kind: 'list', valueName: 'stringArray', help: 'Set metadata for an image', ignored: true },
  { long: 'network', kind: 'string', help: 'Set the networking mode for the "RUN" instructions during build', ignored: true },
  { long: 'push', kind: 'bool', help: 'Shorthand for "--output=type=registry"', ignored: true },
  { long: 'output', short: 'o', kind: 'list', valueName: 'stringArray', help: 'Output destination (format: "type=local,dest=path")', ignored: true },
  { long: 'cache-from', kind: 'list', valueName: 'stringArray', help: 'External cache sources', ignored: true },
  { long: 'cache-to', kind: 'list', valueName: 'stringArray', help: 'Cache export destinations', ignored: true },
  { long: 'secret', kind: 'list', valueName: 'stringArray', help: 'Secret to expose to the build', ignored: true },
  { long: 'ssh', kind: 'list', valueName: 'stringArray', help: 'SSH agent socket or keys to expose to the build', ignored: true },
  { long: 'add-host', kind: 'list', valueName: 'strings', help: 'Add a custom host-to-IP mapping', ignored: true },
  { long: 'iidfile', kind: 'string', help: 'Write the image ID to a file', ignored: true },
  { long: 'provenance', kind: 'string', help: 'Shorthand for "--attest=type=provenance"', ignored: true },
  { long: 'sbom', kind: 'string', help: 'Shorthand for "--attest=type=sbom"', ignored: true },
];

export function buildSubcommand(): Subcommand {
  return {
    path: 'docker buildx build',
    use: 'docker buildx build [OPTIONS] PATH | URL | -',
    short: 'Start a build',
    aliases: 'docker buildx build, docker buildx b, docker build, docker builder build, docker image build',
    flags: [...BUILD_FLAGS, { long: 'help', short: 'h', kind: 'bool', help: 'Print usage', hidden: true }],
    plugin: true,
  };
}

/** The BuildKit checks among the lint findings: `docker build` reports only these. */
function buildkitChecks(diagnostics: readonly Diagnostic[]): Array<{ d: Diagnostic; name: string; url: string; line: number; endLine: number }> {
  const out = [];
  for (const d of diagnostics) {
    const meta = rulesById.get(d.rule)?.meta;
    if (!meta?.buildkit) continue;
    out.push({ d, name: meta.buildkit, url: meta.url, line: d.range.start.line + 1, endLine: Math.max(d.range.end.line, d.range.start.line) + 1 });
  }
  return out;
}

/** BuildKit's linter.LintFormatShort: `JSONArgsRecommended: JSON arguments recommended … (line 10)`. */
function shortWarning(w: { name: string; d: Diagnostic; line: number }): string {
  return `${w.name}: ${w.d.message}${w.line > 0 ? ` (line ${w.line})` : ''}`;
}

/** buildx's printWarnings after a build: ` 1 warning found (use docker --debug to expand):` and one line each. */
function warningsSummary(warnings: ReadonlyArray<{ name: string; d: Diagnostic; line: number }>): string[] {
  if (!warnings.length) return [];
  return ['', ` ${warnings.length === 1 ? '1 warning found' : `${warnings.length} warnings found`} (use docker --debug to expand):`, ...warnings.map((w) => ` - ${shortWarning(w)}`)];
}

const encoder = new TextEncoder();

interface Inputs {
  text: string;
  name: string;
  file: Dockerfile;
  contextDir: string;
  context: PreparedContext;
  notes: string[];
}

export async function runBuild(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const sub = buildSubcommand();
  const parsed = parseSub(ctx, sub, args);
  if (typeof parsed === 'number') return parsed;
  const fail = (message: string, status = 1) => {
    ctx.io.err(`ERROR: ${message}\n`);
    return status;
  };
  if (parsed.positionals.length !== 1) return argsError(ctx, sub, 'exactly', 1);
  const pathArg = parsed.positionals[0]!;

  // Progress and quiet, as buildx's toDisplayMode reads them.
  const progress = lastValue(parsed, 'progress') ?? 'auto';
  if (!(PROGRESS_MODES as readonly string[]).includes(progress)) return fail(`invalid progress mode ${progress}`);
  let quiet = flagOn(parsed, 'quiet') || progress === 'quiet';
  if (flagOn(parsed, 'quiet') && progress !== 'auto' && progress !== 'quiet') return fail(`progress=${progress} and quiet cannot be used together`);
  const silent = quiet || progress === 'none';
  if (progress === 'none') quiet = false;

  const call = flagOn(parsed, 'check') ? 'check' : (lastValue(parsed, 'call') ?? 'build');
  if (call !== 'build' && call !== 'check') {
    ctx.io.err(`# Stagecraft: docker build --call=${call} is not simulated; this terminal runs builds and --check.\n`);
    return 1;
  }

  const tags = allValues(parsed, 'tag');
  for (const t of tags) {
    const why = invalidReference(t);
    if (why) return fail(`invalid tag "${t}": ${why}`);
  }

  const buildArgs: Record<string, string> = {};
  for (const kv of allValues(parsed, 'build-arg')) {
    const eq = kv.indexOf('=');
    const key = eq < 0 ? kv : kv.slice(0, eq);
    if (key === '') return fail(`invalid key-value pair "${kv}": empty key`);
    if (eq >= 0) buildArgs[key] = kv.slice(eq + 1);
    else {
      const v = ctx.session.env.get(key);
      if (v !== undefined) buildArgs[key] = v;
    }
  }

  if (pathArg === '-' || lastValue(parsed, 'file') === '-') {
    ctx.io.err('# Stagecraft: this terminal cannot read a Dockerfile or a context from standard input; give a folder of the project, such as `.`.\n');
    return 1;
  }
  if (/^(https?:\/\/|git@|github\.com\/)/.test(pathArg)) {
    ctx.io.err('# Stagecraft: this terminal builds folders of the project, not remote contexts (URLs or Git repositories); give a folder, such as `.`.\n');
    return 1;
  }
  const contextDir = ctx.session.resolve(pathArg);
  const top = contextDir === null ? null : ctx.session.workspace.stat(contextDir);
  if (contextDir === null || !top || top.kind !== 'dir') return fail(`unable to prepare context: path "${pathArg}" not found`);

  // The first lines go out before anything is read or built.
  const out = (lines: readonly string[]) => {
    if (!silent && lines.length) ctx.io.err(`${lines.join('\n')}\n`);
  };
  const header = [SIMULATED_NOTE, '#0 building with "default" instance using docker driver', ''];
  out(header);

  // The Dockerfile: -f relative to the working folder, else PATH/Dockerfile (or PATH/dockerfile).
  const fileArg = lastValue(parsed, 'file');
  let dockerfilePath: string | null;
  if (fileArg !== undefined && fileArg !== '') dockerfilePath = ctx.session.resolve(fileArg);
  else {
    dockerfilePath = joinPath(contextDir, 'Dockerfile');
    if (!ctx.session.workspace.stat(dockerfilePath) && ctx.session.workspace.stat(joinPath(contextDir, 'dockerfile'))?.kind === 'file') dockerfilePath = joinPath(contextDir, 'dockerfile');
  }
  const name = dockerfilePath === null ? baseName(fileArg ?? 'Dockerfile') : baseName(dockerfilePath);
  const got = dockerfilePath === null ? { error: 'no such file' as const } : readText(ctx.session.workspace, dockerfilePath);
  if ('error' in got) {
    out([`#1 [internal] load build definition from ${name}`, '#1 transferring dockerfile: 2B done', '#1 DONE 0.0s']);
    const reason = got.error === 'no such file' ? `open ${name}: no such file or directory` : got.error === 'it is a directory' ? `read ${name}: is a directory` : `${name}: ${got.error}`;
    return fail(`failed to solve: failed to read dockerfile: ${reason}`);
  }
  const text = got.text;
  const file = parseDockerfile(text);

  const read = readContext(ctx.session.workspace, contextDir, pathArg);
  if ('error' in read) return fail(`unable to prepare context: ${read.error}`);
  const inputs: Inputs = { text, name, file, contextDir, context: read.context, notes: read.notes };
  const target = lastValue(parsed, 'target') || undefined;
  const ignoreText = read.context.dockerignore;
  const logOptions = { dockerfile: text, dockerfileName: name, ...(tags[0] ? { tag: tags[0] } : {}), ...(ignoreText ? { dockerignoreBytes: encoder.encode(ignoreText).length } : {}) };

  const noCache = flagOn(parsed, 'no-cache');
  const result = buildOnContext(file, read.context, { ...(target ? { target } : {}), cache: noCache ? [] : ctx.session.cache, buildArgs });
  const events = buildLogEvents(result, logOptions);
  const definition = events.find((e) => e.kind === 'internal');
  const internalUpTo = (pred: (e: LogEvent) => boolean) => {
    const list: LogEvent[] = [];
    for (const e of events.slice(1)) {
      if (e.kind !== 'internal' || pred(e)) break;
      list.push(e);
    }
    return list;
  };
  const notes = () => {
    if (!silent) for (const n of inputs.notes) ctx.io.err(`# Stagecraft: ${n}\n`);
  };

  // A Dockerfile BuildKit cannot parse stops the build after its definition is loaded.
  const syntax = file.diagnostics.find((d) => d.severity === 'error');
  if (syntax) {
    out(definition?.lines ?? []);
    const line = syntax.range.start.line + 1;
    const excerpt = sourceExcerpt(name, text, line, line);
    if (excerpt.length) ctx.io.err(`${excerpt.join('\n')}\n`);
    return fail(`failed to solve: dockerfile parse error on line ${line}: ${syntax.message}`);
  }

  // A .dockerignore Docker refuses fails the build once the frontend reads it.
  const bad = read.context.view.result.errors[0];
  if (bad) {
    for (const e of internalUpTo((e) => e.lines.some((l) => l.includes('load build context')))) out(e.lines);
    const readErrors = read.context.view.matcher.errors;
    const message = readErrors.some((e) => e.line === bad.line && e.message === bad.message) && !bad.message.includes('syntax error in pattern')
      ? `failed to solve: failed parsing .dockerignore: ${bad.message}`
      : `failed to solve: error from sender: failed to match excludepatterns: ${bad.message}`;
    if (!silent) ctx.io.err(`# Stagecraft: .dockerignore line ${bad.line} (${bad.text}): ${bad.message}\n`);
    return fail(message);
  }
  if (!silent) for (const w of read.context.view.result.warnings) ctx.io.err(`# Stagecraft: .dockerignore line ${w.line} (${w.text}) can never match (${w.message}); a build fails as soon as a file reaches it.\n`);

  const diagnostics = lintDockerfile(file, { context: read.context.view, buildArgs });
  const warnings = buildkitChecks(diagnostics).sort((a, b) => a.line - b.line);

  if (call === 'check') return check(ctx, inputs, warnings, diagnostics, events, silent);

  // BuildKit's own lint error (`# check=error=true`) stops the build before any step.
  const checkOverride = buildArgs.BUILDKIT_DOCKERFILE_CHECK;
  const lintIsError = checkOverride !== undefined ? /(^|;)\s*error\s*=\s*true\s*($|;)/.test(checkOverride) : file.check.error;
  if (lintIsError && warnings.length) {
    const withWarnings = definitionWithWarnings(definition, warnings);
    out(withWarnings);
    for (const e of internalUpTo((e) => e.lines.some((l) => l.includes('load build context'))).slice(1)) out(e.lines);
    out(warningsSummary(warnings));
    return fail(`failed to solve: lint violation found for rules: ${[...new Set(warnings.map((w) => w.name))].join(', ')}`);
  }

  // The steps, block by block, as BuildKit prints them.
  for (const e of events.slice(1)) {
    if (e === definition) out(definitionWithWarnings(e, warnings));
    else if (e.kind === 'export') out(withNames(e.lines, tags));
    else if (e.kind === 'error') {
      // The failed step's output (the progress printer's), the warnings, then BuildKit's
      // excerpt and error, which the CLI prints even when the progress is quiet.
      const cut = e.lines[0] === '------' ? e.lines.indexOf('------', 1) + 1 : 0;
      out(e.lines.slice(0, cut));
      out(warningsSummary(warnings));
      ctx.io.err(`${e.lines.slice(cut).join('\n')}\n`);
    } else out(e.lines);
  }
  for (const k of result.cacheKeys) {
    ctx.session.cache.delete(k);
    ctx.session.cache.add(k);
  }
  const failed = stoppingProblem(result) !== null || result.image === null;
  if (failed) {
    notes();
    return 1;
  }
  out(warningsSummary(warnings));
  notes();
  store(ctx, result, inputs, tags, target ?? null);
  if (quiet) ctx.io.out(`${imageDigest(result)}\n`);
  return 0;
}

/** The load-definition vertex with BuildKit's `#1 WARN: …` lines before its DONE. */
function definitionWithWarnings(e: LogEvent | undefined, warnings: ReadonlyArray<{ name: string; d: Diagnostic; line: number }>): string[] {
  if (!e) return [];
  const lines = [...e.lines];
  const done = lines.findIndex((l) => / DONE /.test(l));
  const n = e.stepNumber ?? 1;
  lines.splice(done < 0 ? lines.length : done, 0, ...warnings.map((w) => `#${n} WARN: ${shortWarning(w)}`));
  return lines;
}

/** Every `-t` name gets its own "naming to" line, as BuildKit's exporter prints them. */
function withNames(lines: readonly string[], tags: readonly string[]): string[] {
  if (tags.length < 2) return [...lines];
  const at = lines.findIndex((l) => / naming to /.test(l));
  if (at < 0) return [...lines];
  const prefix = lines[at]!.slice(0, lines[at]!.indexOf(' naming to '));
  const out = [...lines];
  out.splice(at + 1, 0, ...tags.slice(1).map((t) => `${prefix} naming to ${normalizeTag(t)} done`));
  return out;
}

function store(ctx: CommandContext, result: BuildResult, inputs: Inputs, tags: readonly string[], target: string | null): void {
  const id = imageDigest(result);
  const images = ctx.session.images;
  const names = [...new Set(tags.map((t) => normalizeName(t)))];
  const existing = images.get(id);
  // The simulated ID comes from the build steps alone, so an image whose config changed after
  // its last step (a new CMD) keeps it; it is still another image, made now.
  if (existing && JSON.stringify(existing.result.image?.config) !== JSON.stringify(result.image?.config)) {
    names.unshift(...images.remove(id).filter((n) => !names.includes(n)));
  }
  images.add(
    {
      id,
      created: ctx.session.now(),
      result,
      dockerfile: inputs.text,
      dockerfileName: inputs.name,
      contextDir: inputs.contextDir,
      target,
      context: inputs.context,
    },
    names,
  );
}

/**
 * `docker build --check`: the definition and .dockerignore loaded, then buildx's
 * "Check complete" line and each warning as BuildKit's lint result prints it.
 */
function check(
  ctx: CommandContext,
  inputs: Inputs,
  warnings: ReadonlyArray<{ d: Diagnostic; name: string; url: string; line: number; endLine: number }>,
  diagnostics: readonly Diagnostic[],
  events: readonly LogEvent[],
  silent: boolean,
): number {
  if (!silent) {
    for (const e of events.slice(1)) {
      if (e.kind !== 'internal' || e.lines.some((l) => l.includes('load build context'))) break;
      ctx.io.err(`${e.lines.join('\n')}\n`);
    }
  }
  const lines: string[] = [];
  if (warnings.length === 0) lines.push('Check complete, no warnings found.');
  else {
    lines.push(`Check complete, ${warnings.length === 1 ? '1 warning has been found!' : `${warnings.length} warnings have been found!`}`);
    for (const w of warnings) {
      lines.push('', `WARNING: ${w.name}${w.url ? ` - ${w.url}` : ''}`, w.d.message, ...sourceExcerpt(inputs.name, inputs.text, w.line, w.endLine));
    }
  }
  ctx.io.out(`${lines.join('\n')}\n`);
  const others = diagnostics.filter((d) => !rulesById.get(d.rule)?.meta.buildkit && d.rule !== 'dockerfile-syntax' && d.severity !== 'info');
  if (others.length && !silent) {
    ctx.io.err(`# Stagecraft: ${others.length} more finding${others.length === 1 ? '' : 's'} from hadolint's and the course's rules, which docker build --check does not run; \`stagecraft check\` lists them.\n`);
  }
  return warnings.length ? 1 : 0;
}

/** The Dockerfile a build line names (for completing `--target`): `-f FILE`, else PATH/Dockerfile. */
export function dockerfileFor(ctx: Pick<CommandContext, 'session'>, fileArg: string | undefined, pathArg: string | undefined): string | null {
  const dir = ctx.session.resolve(pathArg ?? '.');
  const path = fileArg ? ctx.session.resolve(fileArg) : dir === null ? null : joinPath(dir, 'Dockerfile');
  if (path === null) return null;
  const got = readText(ctx.session.workspace, path);
  return 'error' in got ? null : got.text;
}
