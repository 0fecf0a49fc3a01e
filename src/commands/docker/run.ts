/**
 * `docker run`: the simulated start of an image built in the session. Nothing runs;
 * the simulator's start checks say what Docker (or the program) would print when the
 * container cannot start, with Docker's exit status, and otherwise what would start,
 * as PID 1 and as which user. A COMMAND after the image replaces its CMD, and the
 * checks run again for it (the image is simulated once more with that command).
 */
import { buildOnContext, imageCalibration, parseDockerfile, type BuildResult } from '../../engine/index';
import { readContext } from '../context';
import type { CommandContext, SessionImage } from '../shell/session';
import { argsError, commandText, findImage, invalidReference, parseSub, withHelp, type Subcommand } from './cli';
import { flagOn, lastValue, allValues, type FlagSpec } from './flags';

type BuildProblem = BuildResult['problems'][number];
type ImageConfig = NonNullable<BuildResult['image']>['config'];

export const RUN_FLAGS: readonly FlagSpec[] = withHelp(
  [
    { long: 'detach', short: 'd', kind: 'bool', help: 'Run container in background and print container ID' },
    { long: 'interactive', short: 'i', kind: 'bool', help: 'Keep STDIN open even if not attached' },
    { long: 'tty', short: 't', kind: 'bool', help: 'Allocate a pseudo-TTY' },
    { long: 'rm', kind: 'bool', help: 'Automatically remove the container and its associated anonymous volumes when it exits' },
    { long: 'name', kind: 'string', help: 'Assign a name to the container' },
    { long: 'publish', short: 'p', kind: 'list', help: "Publish a container's port(s) to the host" },
    { long: 'publish-all', short: 'P', kind: 'bool', help: 'Publish all exposed ports to random ports' },
    { long: 'env', short: 'e', kind: 'list', help: 'Set environment variables' },
    { long: 'entrypoint', kind: 'string', help: 'Overwrite the default ENTRYPOINT of the image' },
    { long: 'init', kind: 'bool', help: 'Run an init inside the container that forwards signals and reaps processes' },
    { long: 'quiet', short: 'q', kind: 'bool', help: 'Suppress the pull output' },
    { long: 'sig-proxy', kind: 'bool', help: 'Proxy received signals to the process (default true)' },
    { long: 'env-file', kind: 'list', help: 'Read in a file of environment variables', ignored: true },
    { long: 'user', short: 'u', kind: 'string', help: 'Username or UID (format: "<name|uid>[:<group|gid>]")', ignored: true },
    { long: 'workdir', short: 'w', kind: 'string', help: 'Working directory inside the container', ignored: true },
    { long: 'volume', short: 'v', kind: 'list', help: 'Bind mount a volume', ignored: true },
    { long: 'mount', kind: 'list', valueName: 'mount', help: 'Attach a filesystem mount to the container', ignored: true },
    { long: 'network', kind: 'string', valueName: 'network', help: 'Connect a container to a network', ignored: true },
    { long: 'hostname', short: 'h', kind: 'string', help: 'Container host name', ignored: true },
    { long: 'platform', kind: 'string', help: 'Set platform if server is multi-platform capable', ignored: true },
    { long: 'pull', kind: 'string', help: 'Pull image before running ("always", "missing", "never")', ignored: true },
    { long: 'restart', kind: 'string', help: 'Restart policy to apply when a container exits', ignored: true },
    { long: 'memory', short: 'm', kind: 'string', valueName: 'bytes', help: 'Memory limit', ignored: true },
    { long: 'cpus', kind: 'string', valueName: 'decimal', help: 'Number of CPUs', ignored: true },
    { long: 'read-only', kind: 'bool', help: "Mount the container's root filesystem as read only", ignored: true },
    { long: 'label', short: 'l', kind: 'list', help: 'Set meta data on a container', ignored: true },
    { long: 'add-host', kind: 'list', help: 'Add a custom host-to-IP mapping (host:ip)', ignored: true },
    { long: 'cap-add', kind: 'list', help: 'Add Linux capabilities', ignored: true },
    { long: 'cap-drop', kind: 'list', help: 'Drop Linux capabilities', ignored: true },
  ],
  false,
);

export function runSubcommand(path: 'docker run' | 'docker container run'): Subcommand {
  return { path, use: `${path} [OPTIONS] IMAGE [COMMAND] [ARG...]`, short: 'Create and run a new container from an image', aliases: 'docker container run, docker run', flags: RUN_FLAGS, interspersed: false };
}

/** Problems after which the container still runs (or ran and exited cleanly). */
const STARTS = new Set<BuildProblem['code']>(['nginx-welcome-page', 'base-default-command']);

/**
 * The exit status `docker run` ends with: Docker's for the errors it reports (docker/cli
 * runStartContainerErr: 127 when the program is not found, 126 when it cannot be invoked,
 * 125 for other daemon errors), the program's own otherwise (npm's ENOENT is 254, a node
 * script that cannot load its modules exits 1).
 */
export function runStatus(p: BuildProblem): number {
  const m = p.message;
  if (m.startsWith('docker: ')) {
    const daemon = m.replace(/^docker: (Error response from daemon: )?/, '');
    if (/executable file not found|no such file or directory|system cannot find the file specified/.test(daemon)) return 127;
    if (/permission denied|is a directory/.test(daemon)) return 126;
    return 125;
  }
  if (/^npm error code ENOENT/m.test(m)) return 254;
  return 1;
}

const calibrated = new Set(Object.keys((imageCalibration as { images: Record<string, unknown> }).images));
const calibratedRepos = new Set([...calibrated].map((k) => k.replace(/:[^/:]*$/, '')));

/** `node` → `node:latest`; `docker.io/library/node:20` → `node:20`, as reference.FamiliarString shows it. */
function familiar(ref: string): string {
  let r = ref.replace(/^(docker\.io|index\.docker\.io)\/(library\/)?/, '');
  const slash = r.lastIndexOf('/');
  if (r.indexOf(':', slash + 1) < 0 && !r.includes('@')) r = `${r}:latest`;
  return r;
}

function missingImage(ctx: CommandContext, ref: string): number {
  const why = invalidReference(ref);
  if (why) {
    ctx.io.err(`docker: ${why}.\nSee 'docker run --help'.\n`);
    return 125;
  }
  const name = familiar(ref);
  ctx.io.err(`Unable to find image '${name}' locally\n`);
  const repo = name.replace(/[:@][^/]*$/, '');
  if (calibrated.has(name) || calibratedRepos.has(repo)) {
    ctx.io.err(`# Stagecraft: a real Docker would now pull ${name} from its registry and start it. This terminal pulls nothing: it runs only the images built in it (docker images lists them).\n`);
    return 125;
  }
  ctx.io.err(`docker: Error response from daemon: pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.\nSee 'docker run --help'.\n`);
  ctx.io.err('# Stagecraft: this terminal runs only the images built in it (docker images lists them) and pulls nothing; a real Docker tries the registry, and answers as above when it has no such repository.\n');
  return 125;
}

/** The result the start checks are read from: the stored build, or a new one with the command given. */
function resultFor(ctx: CommandContext, image: SessionImage, override: { cmd?: string[]; entrypoint?: string[] } | null): BuildResult {
  if (!override) return image.result;
  let context = image.context;
  if (!context) {
    const read = readContext(ctx.session.workspace, image.contextDir, image.contextDir || '.');
    if (!('error' in read)) context = read.context;
  }
  if (!context) return image.result;
  return buildOnContext(parseDockerfile(image.dockerfile), context, { ...(image.target !== null ? { target: image.target } : {}), run: override });
}

/** ENTRYPOINT + CMD, as Docker puts them together (and as the given command changes them). */
function effectiveCommand(config: ImageConfig, override: { cmd?: string[]; entrypoint?: string[] } | null): string[] {
  const entrypoint = override?.entrypoint ?? config.entrypoint ?? [];
  const cmd = override?.cmd ?? (override?.entrypoint ? [] : (config.cmd ?? []));
  return [...entrypoint, ...cmd];
}

export function runRun(ctx: CommandContext, args: readonly string[], path: 'docker run' | 'docker container run'): number {
  const sub = runSubcommand(path);
  const parsed = parseSub(ctx, sub, args);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length < 1) return argsError(ctx, sub, 'at least', 1);
  const [ref, ...command] = parsed.positionals as [string, ...string[]];
  const image = findImage(ctx, ref);
  if (!image) return missingImage(ctx, ref);
  const built = image.result.image;
  if (!built) {
    ctx.io.err(`# Stagecraft: ${ref} has no image to start (its build failed).\n`);
    return 125;
  }

  const entrypointFlag = lastValue(parsed, 'entrypoint');
  const override = command.length || entrypointFlag !== undefined
    ? { ...(command.length ? { cmd: command } : {}), ...(entrypointFlag !== undefined ? { entrypoint: entrypointFlag === '' ? [] : [entrypointFlag] } : {}) }
    : null;
  const result = resultFor(ctx, image, override);
  const config = result.image?.config ?? built.config;
  const problems = result.problems.filter((p) => p.when === 'run');
  const commandLines = new Set(parseDockerfile(image.dockerfile).instructions.filter((i) => i.name === 'CMD' || i.name === 'ENTRYPOINT').map((i) => i.startLine + 1));
  const unknowns = result.unknowns.filter((u) => u.line === null || commandLines.has(u.line));

  const explain = (p: BuildProblem) => ctx.io.err(`# Stagecraft: ${p.explanation}\n`);
  const blocking = problems.filter((p) => p.severity === 'error' && !STARTS.has(p.code));
  if (blocking.length) {
    const first = blocking[0]!;
    // What Docker (or the program in the container) prints, then why.
    ctx.io.err(`${first.message}${first.message.startsWith('docker: ') ? "\nSee 'docker run --help'." : ''}\n`);
    explain(first);
    for (const p of blocking.slice(1)) ctx.io.err(`# Stagecraft: once that is fixed, the next problem: ${p.message.split('\n')[0]} ${p.explanation}\n`);
    return runStatus(first);
  }
  if (unknowns.length) {
    for (const u of unknowns) ctx.io.err(`# Stagecraft: cannot tell whether this container starts: ${u.message}\n`);
    return 0;
  }

  const argv = effectiveCommand(config, override);
  const user = config.user || 'root';
  const exitsAtOnce = problems.find((p) => p.code === 'base-default-command');
  const init = flagOn(parsed, 'init');
  const entry = argv[0] ?? '';
  const pid1 = entry.endsWith('docker-entrypoint.sh') && argv.length > 1
    ? `${commandText(argv)} (the image's entrypoint script, which hands PID 1 to ${commandText(argv.slice(1))})`
    : commandText(argv);
  ctx.io.err(
    `# Stagecraft: the container starts ${pid1}${init ? ' under docker-init (--init is PID 1)' : ' as PID 1'}, as user ${user}, in ${config.workdir || '/'}. ` +
      `This is a simulation: the program's own output is not shown.\n`,
  );
  const ports = allValues(parsed, 'publish');
  if (ports.length) ctx.io.err(`# Stagecraft: published ports (${ports.join(', ')}) would forward to the container; nothing listens here.\n`);
  else if (config.exposed.length && !flagOn(parsed, 'publish-all')) ctx.io.err(`# Stagecraft: the image exposes ${config.exposed.join(', ')}; without -p no port of this machine reaches it.\n`);
  if (flagOn(parsed, 'detach')) ctx.io.err("# Stagecraft: with -d Docker would print the new container's ID and return at once.\n");
  if (exitsAtOnce && flagOn(parsed, 'interactive') && flagOn(parsed, 'tty')) {
    // With a terminal, the base image's prompt or shell waits for input instead of exiting.
    ctx.io.err(`# Stagecraft: with -it you would get the base image's own prompt (${commandText(argv)}), not your program; this terminal cannot attach to it. ${exitsAtOnce.explanation}\n`);
  } else if (exitsAtOnce) {
    ctx.io.err(`${exitsAtOnce.message}\n`);
    explain(exitsAtOnce);
  }
  for (const p of problems.filter((x) => x !== exitsAtOnce && (x.severity === 'warning' || STARTS.has(x.code)))) {
    ctx.io.err(`# Stagecraft: ${p.message}\n`);
    explain(p);
  }
  return 0;
}
