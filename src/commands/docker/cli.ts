/**
 * What the docker subcommands share: how the Docker CLI words its usage errors
 * (docker/cli's cli/required.go and FlagErrorFunc, as Docker 24–27 print them, the
 * same era as the simulator's BuildKit log), `--help`, image references and
 * BuildKit's excerpt of a Dockerfile around a line (errdefs.Source.Print).
 */
import { dockerfileExcerpt } from '../../engine/index';
import type { CommandContext, SessionImage } from '../shell/session';
import { normalizeName } from '../shell/session';
import { HELP_FLAG, optionsHelp, parseFlags, type FlagSpec, type ParsedFlags } from './flags';

/** One docker subcommand as cobra knows it. */
export interface Subcommand {
  /** cobra's CommandPath, as messages name it: `docker buildx build`. */
  path: string;
  /** The usage line: `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`. */
  use: string;
  short: string;
  flags: readonly FlagSpec[];
  /** Other names, for `--help`. */
  aliases?: string;
  /** `docker run`: flags end at the first positional. */
  interspersed?: boolean;
  /** A CLI plugin (buildx) prints its errors as `ERROR: …`. */
  plugin?: boolean;
}

/** `docker` alone prints this one; each subcommand shares the help flag. */
export function withHelp(flags: readonly FlagSpec[], short = true): FlagSpec[] {
  return [...flags, short ? { ...HELP_FLAG, short: 'h' } : HELP_FLAG];
}

export function helpText(sub: Subcommand): string {
  const lines = ['', `Usage:  ${sub.use}`, '', sub.short];
  if (sub.aliases) lines.push('', 'Aliases:', `  ${sub.aliases}`);
  const options = optionsHelp(sub.flags);
  if (options) lines.push('', 'Options:', options);
  return `${lines.join('\n')}\n`;
}

/** Parses a subcommand's flags; prints Docker's message on a flag error or `--help` and returns the status then. */
export function parseSub(ctx: CommandContext, sub: Subcommand, args: readonly string[]): ParsedFlags | number {
  const parsed = parseFlags(args, sub.flags, { interspersed: sub.interspersed ?? true });
  if ('error' in parsed) {
    ctx.io.err(`${parsed.error}\nSee '${sub.path} --help'.\n`);
    return 125;
  }
  if (parsed.values.get('help')?.at(-1) === 'true') {
    ctx.io.out(helpText(sub));
    return 0;
  }
  for (const name of parsed.ignored) ctx.io.err(`# Stagecraft: ${sub.path} --${name} is accepted but not simulated; it changes nothing here.\n`);
  return parsed;
}

type ArgRule = 'exactly' | 'at least' | 'at most';

/** cli.ExactArgs / RequiresMinArgs / RequiresMaxArgs: `"docker history" requires exactly 1 argument.` */
export function argsError(ctx: CommandContext, sub: Subcommand, rule: ArgRule, n: number): number {
  const text = `"${sub.path}" requires ${rule} ${n} argument${n === 1 ? '' : 's'}.\nSee '${sub.path} --help'.\n\nUsage:  ${sub.use}\n\n${sub.short}`;
  ctx.io.err(`${sub.plugin ? 'ERROR: ' : ''}${text}\n`);
  return 1;
}

/** cli.NoArgs: `"docker ps" accepts no arguments.` */
export function noArgsError(ctx: CommandContext, sub: Subcommand): number {
  ctx.io.err(`"${sub.path}" accepts no arguments.\nSee '${sub.path} --help'.\n\nUsage:  ${sub.use}\n\n${sub.short}\n`);
  return 1;
}

/** `myapp:single` → { repository: 'myapp', tag: 'single' }. */
export function splitName(name: string): { repository: string; tag: string } {
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) return { repository: name.slice(0, colon), tag: name.slice(colon + 1) };
  return { repository: name, tag: 'latest' };
}

/** How the daemon names a reference it cannot find: `myapp` → `myapp:latest`. */
export function shownRef(ref: string): string {
  return /^(sha256:)?[0-9a-f]{1,64}$/.test(ref) && !ref.includes(':') ? `${ref}:latest` : normalizeName(ref);
}

/** The image a reference names in the session, or null. */
export function findImage(ctx: CommandContext, ref: string): SessionImage | null {
  return ctx.session.images.find(ref) ?? null;
}

const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;

/**
 * Why Docker refuses `-t name` (distribution/reference's ParseNormalizedNamed), or null
 * when it is a valid name: `invalid reference format: repository name (library/MyApp) must be lowercase`.
 */
export function invalidReference(ref: string): string | null {
  if (/^[a-f0-9]{64}$/.test(ref)) return `invalid repository name (${ref}), cannot specify 64-byte hexadecimal strings`;
  let rest = ref;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  // splitDockerDomain: the first part is a registry when it has a dot, a port or is localhost.
  const slash = rest.indexOf('/');
  let domain = 'docker.io';
  let remainder = rest;
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first) {
      domain = first;
      remainder = rest.slice(slash + 1);
    }
  }
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  const tag = colon >= 0 ? remainder.slice(colon + 1) : null;
  const domainOk = domain.split(':')[0]!.split('.').every((p) => DOMAIN_COMPONENT.test(p)) && (!domain.includes(':') || /^\d+$/.test(domain.split(':')[1] ?? ''));
  if (!domainOk || remote === '' || !remote.split('/').every((c) => NAME_COMPONENT.test(c))) return 'invalid reference format';
  if (tag !== null && !TAG.test(tag)) return 'invalid reference format';
  if (digest && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/.test(digest)) return 'invalid reference format';
  if (remote.length > 255) return 'repository name must not be more than 255 characters';
  return null;
}

/** BuildKit's excerpt of a file around lines `start`..`end` (1-based): the engine's, as its build log prints it. */
export function sourceExcerpt(name: string, text: string, start: number, end: number): string[] {
  return dockerfileExcerpt(name, text, start, end);
}

/** A command line as a learner reads it: words with blanks quoted. */
export function commandText(argv: readonly string[]): string {
  return argv.map((a) => (a === '' || /[\s"'\\$`]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

/** Seconds between two times of the session's clock (ms). */
export function secondsSince(ctx: CommandContext, created: number): number {
  return Math.max(0, (ctx.session.now() - created) / 1000);
}
