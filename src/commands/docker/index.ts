/** `docker` and `dive` in the in-page shell and in the WebContainer's `docker` script. */
import { parseDockerfile } from '../../engine/index';
import { pathCandidates, type CommandContext, type ShellCommand, type ShellSession } from '../shell/session';
import { BUILD_FLAGS, dockerfileFor, runBuild } from './build';
import { parseFlags, type FlagSpec } from './flags';
import { runDive, runHistory, runImages, runInspect, runPs, runRmi } from './images';
import { RUN_FLAGS, runRun } from './run';

const TOP_HELP = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers, as Stagecraft simulates it in this page:
builds and starts are simulated, nothing is downloaded and no container runs.

Common Commands:
  run         Create and run a new container from an image (simulated start)
  build       Build an image from a Dockerfile
  images      List images
  ps          List containers

Management Commands:
  buildx*     Docker Buildx (build, b)
  image       Manage images (build, history, inspect, ls, rm)

Commands:
  history     Show the history of an image
  inspect     Return low-level information on Docker objects
  rmi         Remove one or more images
  version     Show the Docker version information

Global Options:
  -v, --version    Print version information and quit

Run 'docker COMMAND --help' for more information on a command.
Also here: dive IMAGE, the image details of wagoodman/dive.
`;

const IMAGE_HELP = `
Usage:  docker image COMMAND

Manage images

Commands:
  build       Build an image from a Dockerfile
  history     Show the history of an image
  inspect     Display detailed information on one or more images
  ls          List images
  rm          Remove one or more images

Run 'docker image COMMAND --help' for more information on a command.
`;

const BUILDX_HELP = `
Usage:  docker buildx [OPTIONS] COMMAND

Extended build capabilities with BuildKit

Commands:
  build       Start a build

Run 'docker buildx COMMAND --help' for more information on a command.
`;

const VERSION = 'Docker version 27 (simulated by Stagecraft: no Docker Engine runs here; builds and starts are simulated in this page)';

function notACommand(ctx: CommandContext, name: string): number {
  ctx.io.err(`docker: '${name}' is not a docker command.\nSee 'docker --help'\n`);
  return 1;
}

async function docker(ctx: CommandContext): Promise<number> {
  const [first, ...rest] = ctx.args;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && rest[0]) return docker({ ...ctx, args: [rest[0], '--help'] });
    ctx.io.out(TOP_HELP);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    ctx.io.out(`${VERSION}\n`);
    return 0;
  }
  if (first.startsWith('-')) {
    ctx.io.err(`unknown ${first.startsWith('--') ? `flag: ${first.split('=')[0]}` : `shorthand flag: '${first[1]}' in ${first}`}\nSee 'docker --help'.\n`);
    return 125;
  }
  switch (first) {
    case 'build':
      return runBuild(ctx, rest);
    case 'builder':
      if (rest[0] === 'build') return runBuild(ctx, rest.slice(1));
      return notACommand(ctx, `builder${rest[0] ? ` ${rest[0]}` : ''}`);
    case 'buildx':
      if (rest[0] === 'build' || rest[0] === 'b') return runBuild(ctx, rest.slice(1));
      if (rest[0] === undefined || rest[0] === '--help' || rest[0] === '-h') {
        ctx.io.out(BUILDX_HELP);
        return 0;
      }
      ctx.io.err(`# Stagecraft: docker buildx ${rest[0]} is not simulated; this terminal has docker buildx build.\n`);
      return 1;
    case 'images':
      return runImages(ctx, rest, 'docker images');
    case 'history':
      return runHistory(ctx, rest, 'docker history');
    case 'rmi':
      return runRmi(ctx, rest, 'docker rmi');
    case 'run':
      return runRun(ctx, rest, 'docker run');
    case 'ps':
      return runPs(ctx, rest, 'docker ps');
    case 'inspect':
      return runInspect(ctx, rest, 'docker inspect');
    case 'container':
      if (rest[0] === 'run') return runRun(ctx, rest.slice(1), 'docker container run');
      if (rest[0] === 'ls' || rest[0] === 'list' || rest[0] === 'ps') return runPs(ctx, rest.slice(1), rest[0] === 'list' ? 'docker container list' : 'docker container ls');
      ctx.io.err(`# Stagecraft: docker container${rest[0] ? ` ${rest[0]}` : ''} is not simulated; this terminal has docker run and docker ps.\n`);
      return 1;
    case 'image':
      switch (rest[0]) {
        case 'ls':
          return runImages(ctx, rest.slice(1), 'docker image ls');
        case 'list':
          return runImages(ctx, rest.slice(1), 'docker image list');
        case 'history':
          return runHistory(ctx, rest.slice(1), 'docker image history');
        case 'rm':
        case 'rmi':
        case 'remove':
          return runRmi(ctx, rest.slice(1), rest[0] === 'rm' ? 'docker image rm' : rest[0] === 'rmi' ? 'docker image rmi' : 'docker image remove');
        case 'inspect':
          return runInspect(ctx, rest.slice(1), 'docker image inspect');
        case 'build':
          return runBuild(ctx, rest.slice(1));
        case undefined:
        case '--help':
        case '-h':
          ctx.io.out(IMAGE_HELP);
          return 0;
        default:
          if (['pull', 'push', 'tag', 'save', 'load', 'import', 'prune'].includes(rest[0])) {
            ctx.io.err(`# Stagecraft: docker image ${rest[0]} is not simulated; this terminal has docker image ls, history, inspect, rm and build.\n`);
            return 1;
          }
          ctx.io.err(`${IMAGE_HELP.trimStart()}`);
          return 1;
      }
    case 'version':
      ctx.io.out(`Client:\n Version:    27 (simulated)\n Context:    stagecraft\n\nServer: Stagecraft's simulated Docker\n Engine:\n  Version:   none: builds and starts are simulated in this page; no Docker Engine runs\n`);
      return 0;
    case 'pull':
    case 'push':
    case 'tag':
    case 'exec':
    case 'logs':
    case 'stop':
    case 'start':
    case 'kill':
    case 'rm':
    case 'compose':
    case 'login':
    case 'save':
    case 'load':
    case 'system':
    case 'volume':
    case 'network':
    case 'create':
    case 'cp':
    case 'info':
      ctx.io.err(`# Stagecraft: docker ${first} is not simulated here; this terminal has docker build, images, history, run, rmi, ps and image inspect, and dive.\n`);
      return 1;
    default:
      return notACommand(ctx, first);
  }
}

// ---- Completion ----

const SUBCOMMANDS = ['build', 'buildx', 'builder', 'container', 'history', 'image', 'images', 'inspect', 'ps', 'rmi', 'run', 'version'];
const IMAGE_SUBCOMMANDS = ['build', 'history', 'inspect', 'ls', 'rm'];

const FLAGS_OF: Record<string, readonly FlagSpec[]> = {
  build: BUILD_FLAGS,
  run: RUN_FLAGS,
  images: [
    { long: 'all', short: 'a', kind: 'bool', help: '' },
    { long: 'quiet', short: 'q', kind: 'bool', help: '' },
    { long: 'filter', short: 'f', kind: 'list', help: '', values: ['dangling=true', 'dangling=false', 'reference='] },
  ],
  history: [
    { long: 'no-trunc', kind: 'bool', help: '' },
    { long: 'human', short: 'H', kind: 'bool', help: '' },
    { long: 'quiet', short: 'q', kind: 'bool', help: '' },
  ],
  rmi: [
    { long: 'force', short: 'f', kind: 'bool', help: '' },
    { long: 'no-prune', kind: 'bool', help: '' },
  ],
  ps: [
    { long: 'all', short: 'a', kind: 'bool', help: '' },
    { long: 'quiet', short: 'q', kind: 'bool', help: '' },
  ],
  inspect: [],
};

/** The subcommand a line is on, as a key of FLAGS_OF, and the words after it. */
function subcommandOf(words: readonly string[]): { sub: string | null; at: number } {
  const w = words[1];
  if (w === 'image') {
    const s = words[2];
    const map: Record<string, string> = { ls: 'images', list: 'images', history: 'history', rm: 'rmi', rmi: 'rmi', remove: 'rmi', inspect: 'inspect', build: 'build' };
    return { sub: s ? (map[s] ?? null) : null, at: 3 };
  }
  if (w === 'buildx' || w === 'builder') return { sub: words[2] === 'build' || words[2] === 'b' ? 'build' : null, at: 3 };
  if (w === 'container') return { sub: words[2] === 'run' ? 'run' : words[2] === 'ls' || words[2] === 'ps' ? 'ps' : null, at: 3 };
  return { sub: w && w in FLAGS_OF ? w : null, at: 2 };
}

/** The flags typed so far, read leniently: the values given and the positionals. */
function readSoFar(args: readonly string[], specs: readonly FlagSpec[], interspersed: boolean) {
  const parsed = parseFlags(args, specs, { interspersed });
  if (!('error' in parsed)) return parsed;
  // Something unknown: keep what can be read (the words that are not flags).
  return { values: new Map<string, string[]>(), positionals: args.filter((a) => !a.startsWith('-')), ignored: [] };
}

function stageNames(session: ShellSession, args: readonly string[]): string[] {
  const p = readSoFar(args, BUILD_FLAGS, true);
  const text = dockerfileFor({ session }, p.values.get('file')?.at(-1), p.positionals[0]);
  if (text === null) return [];
  return parseDockerfile(text).stages.flatMap((s) => (s.name ? [s.name] : []));
}

function imageNames(session: ShellSession): string[] {
  const names = session.images.names();
  return [...names, ...names.map((n) => n.replace(/:latest$/, ''))];
}

function completeDocker(words: string[], current: string, session: ShellSession): string[] {
  if (words.length === 1) return current.startsWith('-') ? ['--help', '--version'] : SUBCOMMANDS;
  if (words[1] === 'image' && words.length === 2) return IMAGE_SUBCOMMANDS;
  if ((words[1] === 'buildx' || words[1] === 'builder') && words.length === 2) return ['build'];
  if (words[1] === 'container' && words.length === 2) return ['ls', 'run'];
  const { sub, at } = subcommandOf(words);
  if (!sub) return [];
  const specs = FLAGS_OF[sub] ?? [];
  const args = words.slice(at);
  const prev = args.at(-1);
  // The value of the flag just typed.
  const wanting = prev && prev.startsWith('-') && !prev.includes('=') ? valueFlag(prev, specs) : null;
  if (wanting) return valuesFor(wanting, '', current, session, args.slice(0, -1));
  const eq = current.indexOf('=');
  if (current.startsWith('--') && eq > 0) {
    const spec = specs.find((s) => s.long === current.slice(2, eq));
    return spec ? valuesFor(spec, current.slice(0, eq + 1), current.slice(eq + 1), session, args) : [];
  }
  if (current.startsWith('-')) return [...specs.filter((s) => !s.hidden).map((s) => `--${s.long}`), '--help'];
  // Positionals.
  const read = readSoFar(args, specs, sub !== 'run');
  switch (sub) {
    case 'build':
      return read.positionals.length === 0 ? ['.', ...pathCandidates(session, current, (_n, dir) => dir)] : [];
    case 'run':
      return read.positionals.length === 0 ? imageNames(session) : [];
    case 'history':
      return read.positionals.length === 0 ? imageNames(session) : [];
    case 'images': {
      if (read.positionals.length) return [];
      const repos = session.images.names().map((n) => n.slice(0, n.lastIndexOf(':') > n.lastIndexOf('/') ? n.lastIndexOf(':') : n.length));
      return [...repos, ...session.images.names()];
    }
    case 'rmi':
    case 'inspect':
      return imageNames(session).filter((n) => !read.positionals.includes(n));
    default:
      return [];
  }
}

/** The flag a word names when it still wants a value (`-t`, `--file`, `-it` ending in a value flag). */
function valueFlag(word: string, specs: readonly FlagSpec[]): FlagSpec | null {
  if (word.startsWith('--')) {
    const s = specs.find((x) => x.long === word.slice(2));
    return s && s.kind !== 'bool' && s.noValue === undefined ? s : null;
  }
  const last = word.at(-1)!;
  const s = specs.find((x) => x.short === last);
  // Every shorthand before the last must be a boolean for the last to take the next word.
  const before = [...word.slice(1, -1)].every((c) => specs.find((x) => x.short === c)?.kind === 'bool');
  return s && before && s.kind !== 'bool' ? s : null;
}

function valuesFor(spec: FlagSpec, prefix: string, current: string, session: ShellSession, args: readonly string[]): string[] {
  let values: string[];
  if (spec.long === 'file') values = pathCandidates(session, current);
  else if (spec.long === 'target') values = stageNames(session, args);
  else if (spec.long === 'tag') values = [...new Set(session.images.names().map((n) => n.replace(/:latest$/, '')))];
  else values = [...(spec.values ?? [])];
  return values.map((v) => `${prefix}${v}`);
}

export function dockerCommand(): ShellCommand {
  return {
    name: 'docker',
    summary: 'docker build, images, history, run, rmi, ps, image inspect (simulated: nothing is downloaded or run)',
    usage: 'docker build [-t NAME] [-f FILE] [--target STAGE] [--check] PATH | docker images | docker history IMAGE | docker run IMAGE [COMMAND] | docker rmi IMAGE',
    run: docker,
    complete: completeDocker,
  };
}

export function diveCommand(): ShellCommand {
  return {
    name: 'dive',
    summary: "an image's size, wasted space and efficiency, as dive's details view shows them",
    usage: 'dive IMAGE',
    run: (ctx) => runDive(ctx, ctx.args),
    complete: (words, current, session) => (current.startsWith('-') ? ['--help'] : words.length === 1 ? imageNames(session) : []),
  };
}

/** The commands this module adds to a shell: `docker`, `dive`. */
export function dockerCommands(): ShellCommand[] {
  return [dockerCommand(), diveCommand()];
}
