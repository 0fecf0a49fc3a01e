/**
 * The image commands over the session's store: `docker images` (`docker image ls`),
 * `docker history`, `docker rmi` (`docker image rm`), `docker image inspect`, `dive`,
 * and `docker ps`, which has nothing to list. Tables come from the engine's reports,
 * with the figures the build panel shows.
 */
import { diveSummary, historyRows, historyTable, humanSize, imagesTable } from '../../engine/index';
import type { CommandContext, SessionImage } from '../shell/session';
import { normalizeName } from '../shell/session';
import { argsError, findImage, noArgsError, parseSub, secondsSince, shownRef, splitName, withHelp, type Subcommand } from './cli';
import { allValues, flagOn, lastValue, parseFlags, type FlagSpec } from './flags';

type ImageRow = Parameters<typeof imagesTable>[0][number];

const IMAGES_FLAGS: readonly FlagSpec[] = withHelp([
  { long: 'all', short: 'a', kind: 'bool', help: 'Show all images (default hides intermediate images)' },
  { long: 'quiet', short: 'q', kind: 'bool', help: 'Only show image IDs' },
  { long: 'filter', short: 'f', kind: 'list', valueName: 'filter', help: 'Filter output based on conditions provided (dangling=true|false, reference=PATTERN)' },
  { long: 'no-trunc', kind: 'bool', help: "Don't truncate output", ignored: true },
  { long: 'digests', kind: 'bool', help: 'Show digests', ignored: true },
  { long: 'format', kind: 'string', help: 'Format output using a custom template', ignored: true },
]);

export function imagesSubcommand(path: 'docker images' | 'docker image ls' | 'docker image list'): Subcommand {
  const name = path === 'docker images' ? 'images' : path === 'docker image ls' ? 'ls' : 'list';
  return { path, use: `${path.replace(/ (ls|list)$/, ` ${name}`)} [OPTIONS] [REPOSITORY[:TAG]]`, short: 'List images', aliases: 'docker image ls, docker image list, docker images', flags: IMAGES_FLAGS };
}

/** Go's path.Match for `*`, `?` and `[…]`, enough for image references. */
function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The reference filter of `docker images REPO[:TAG]`: a repository (any tag), or repository and tag; wildcards as path.Match. */
function referenceMatcher(pattern: string): (name: string) => boolean {
  const hasTag = pattern.lastIndexOf(':') > pattern.lastIndexOf('/');
  const re = globToRegExp(pattern);
  return (name) => {
    const { repository } = splitName(name);
    return hasTag ? re.test(name) : re.test(repository);
  };
}

export function runImages(ctx: CommandContext, args: readonly string[], path: 'docker images' | 'docker image ls' | 'docker image list'): number {
  const sub = imagesSubcommand(path);
  const parsed = parseSub(ctx, sub, args);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length > 1) return argsError(ctx, sub, 'at most', 1);
  const refs: Array<(name: string) => boolean> = [];
  if (parsed.positionals[0] !== undefined) refs.push(referenceMatcher(parsed.positionals[0]));
  let dangling: boolean | null = null;
  for (const f of allValues(parsed, 'filter')) {
    const eq = f.indexOf('=');
    const key = eq < 0 ? f : f.slice(0, eq);
    const value = eq < 0 ? '' : f.slice(eq + 1);
    if (eq < 0) {
      ctx.io.err(`invalid argument "${f}" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee '${sub.path} --help'.\n`);
      return 125;
    }
    if (key === 'dangling') {
      if (value !== 'true' && value !== 'false' && value !== '1' && value !== '0') {
        ctx.io.err(`Error response from daemon: invalid filter 'dangling=${value}'\n`);
        return 1;
      }
      dangling = value === 'true' || value === '1';
    } else if (key === 'reference') refs.push(referenceMatcher(value));
    else if (['before', 'since', 'label', 'until'].includes(key)) {
      ctx.io.err(`# Stagecraft: the ${key} filter is not simulated; every image is listed.\n`);
    } else {
      ctx.io.err(`Error response from daemon: invalid filter '${key}'\n`);
      return 1;
    }
  }
  const rows: ImageRow[] = [];
  for (const { image, names } of ctx.session.images.list()) {
    const secondsAgo = secondsSince(ctx, image.created);
    if (names.length === 0) {
      // A dangling image: listed unless a name is asked for (or dangling=false).
      if (refs.length || dangling === false) continue;
      rows.push({ repository: '<none>', tag: '<none>', id: image.id, created: secondsAgo, bytes: image.result.image?.bytes ?? 0 });
      continue;
    }
    if (dangling === true) continue;
    for (const name of names) {
      if (!refs.every((m) => m(name))) continue;
      const { repository, tag } = splitName(name);
      rows.push({ repository, tag, id: image.id, created: secondsAgo, bytes: image.result.image?.bytes ?? 0 });
    }
  }
  if (flagOn(parsed, 'quiet')) {
    // One ID per row, as the classic `docker images -q` prints them.
    for (const r of rows) ctx.io.out(`${r.id.replace(/^sha256:/, '').slice(0, 12)}\n`);
    return 0;
  }
  ctx.io.out(imagesTable(rows));
  return 0;
}

const HISTORY_FLAGS: readonly FlagSpec[] = withHelp([
  { long: 'human', short: 'H', kind: 'bool', help: 'Print sizes and dates in human readable format (default true)' },
  { long: 'no-trunc', kind: 'bool', help: "Don't truncate output" },
  { long: 'quiet', short: 'q', kind: 'bool', help: 'Only show image IDs' },
  { long: 'format', kind: 'string', help: 'Format output using a custom template', ignored: true },
  { long: 'platform', kind: 'string', help: 'Show history for the given platform', ignored: true },
]);

export function historySubcommand(path: 'docker history' | 'docker image history'): Subcommand {
  return { path, use: `${path} [OPTIONS] IMAGE`, short: 'Show the history of an image', aliases: 'docker image history, docker history', flags: HISTORY_FLAGS };
}

/** `Error response from daemon: No such image: x:latest`. */
function noSuchImage(ctx: CommandContext, ref: string): number {
  ctx.io.err(`Error response from daemon: No such image: ${shownRef(ref)}\n`);
  return 1;
}

export function runHistory(ctx: CommandContext, args: readonly string[], path: 'docker history' | 'docker image history'): number {
  const sub = historySubcommand(path);
  const parsed = parseSub(ctx, sub, args);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1) return argsError(ctx, sub, 'exactly', 1);
  const ref = parsed.positionals[0]!;
  const image = findImage(ctx, ref);
  if (!image) return noSuchImage(ctx, ref);
  const result = image.result;
  if (flagOn(parsed, 'quiet')) {
    const rows = historyRows(result);
    const id = flagOn(parsed, 'no-trunc') ? image.id : image.id.replace(/^sha256:/, '').slice(0, 12);
    rows.forEach((_, i) => ctx.io.out(`${i === 0 ? id : '<missing>'}\n`));
    return 0;
  }
  if (lastValue(parsed, 'human') === 'false') ctx.io.err('# Stagecraft: --human=false is not simulated; sizes and dates are shown as with -H.\n');
  const tag = ctx.session.images.namesOf(image.id)[0] ?? normalizeName(ref);
  ctx.io.out(historyTable(result, { secondsAgo: secondsSince(ctx, image.created), tag, noTrunc: flagOn(parsed, 'no-trunc') }));
  for (const n of result.notes) ctx.io.err(`# Stagecraft: ${n}\n`);
  return 0;
}

const RMI_FLAGS: readonly FlagSpec[] = withHelp([
  { long: 'force', short: 'f', kind: 'bool', help: 'Force removal of the image' },
  { long: 'no-prune', kind: 'bool', help: 'Do not delete untagged parents' },
  { long: 'platform', kind: 'list', valueName: 'strings', help: 'Remove only the given platform variant', ignored: true },
]);

export function rmiSubcommand(path: 'docker rmi' | 'docker image rm' | 'docker image rmi' | 'docker image remove'): Subcommand {
  const use = path === 'docker rmi' ? 'docker rmi [OPTIONS] IMAGE [IMAGE...]' : 'docker image rm [OPTIONS] IMAGE [IMAGE...]';
  return { path, use, short: 'Remove one or more images', aliases: 'docker image rm, docker image remove, docker rmi', flags: RMI_FLAGS };
}

const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

export function runRmi(ctx: CommandContext, args: readonly string[], path: 'docker rmi' | 'docker image rm' | 'docker image rmi' | 'docker image remove'): number {
  const sub = rmiSubcommand(path);
  const parsed = parseSub(ctx, sub, args);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length < 1) return argsError(ctx, sub, 'at least', 1);
  const force = flagOn(parsed, 'force');
  const errors: string[] = [];
  let fatal = false;
  const store = ctx.session.images;
  for (const ref of parsed.positionals) {
    const named = store.names().includes(normalizeName(ref));
    const image = store.find(ref);
    if (!image) {
      errors.push(`Error response from daemon: No such image: ${shownRef(ref)}`);
      continue;
    }
    if (named) {
      // A name: untag it; the image goes with its last name.
      const r = store.untag(ref)!;
      ctx.io.out(`Untagged: ${r.untagged}\n`);
      if (r.deleted) ctx.io.out(`Deleted: ${r.deleted}\n`);
      continue;
    }
    // An ID: every name goes, but only with -f when there are several.
    const names = store.namesOf(image.id);
    if (names.length > 1 && !force) {
      errors.push(`Error response from daemon: conflict: unable to delete ${shortId(image.id)} (must be forced) - image is referenced in multiple repositories`);
      fatal = true;
      continue;
    }
    for (const n of store.remove(image.id)) ctx.io.out(`Untagged: ${n}\n`);
    ctx.io.out(`Deleted: ${image.id}\n`);
  }
  if (errors.length) {
    ctx.io.err(`${errors.join('\n')}\n`);
    if (!force || fatal) return 1;
  }
  return 0;
}

const INSPECT_FLAGS: readonly FlagSpec[] = withHelp([
  { long: 'format', short: 'f', kind: 'string', help: 'Format output using a custom template', ignored: true },
  { long: 'platform', kind: 'string', help: 'Inspect a specific platform of the multi-platform image', ignored: true },
]);

/** `docker image inspect`: the parts of Docker's JSON the simulation knows. */
export function runInspect(ctx: CommandContext, args: readonly string[], path: 'docker image inspect' | 'docker inspect'): number {
  const sub: Subcommand = { path, use: `${path} [OPTIONS] ${path === 'docker inspect' ? 'NAME|ID [NAME|ID...]' : 'IMAGE [IMAGE...]'}`, short: path === 'docker inspect' ? 'Return low-level information on Docker objects' : 'Display detailed information on one or more images', flags: INSPECT_FLAGS };
  const parsed = parseSub(ctx, sub, args);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length < 1) return argsError(ctx, sub, 'at least', 1);
  const found: object[] = [];
  const missing: string[] = [];
  for (const ref of parsed.positionals) {
    const image = findImage(ctx, ref);
    if (!image) {
      missing.push(ref);
      continue;
    }
    found.push(inspectJson(ctx, image));
  }
  ctx.io.out(`${JSON.stringify(found, null, 4)}\n`);
  if (missing.length) {
    ctx.io.err(`${missing.map((m) => `Error: No such ${path === 'docker inspect' ? 'object' : 'image'}: ${m}`).join('\n')}\n`);
    return 1;
  }
  return 0;
}

function inspectJson(ctx: CommandContext, image: SessionImage): object {
  const built = image.result.image;
  const config = built?.config;
  const exposed = Object.fromEntries((config?.exposed ?? []).map((p) => [p.includes('/') ? p : `${p}/tcp`, {}]));
  const layers = (built?.layers ?? []).filter((l) => !l.empty);
  return {
    Id: image.id,
    RepoTags: ctx.session.images.namesOf(image.id),
    RepoDigests: [],
    Comment: 'buildkit.dockerfile.v0',
    Created: new Date(image.created).toISOString(),
    Config: {
      User: config?.user ?? '',
      Env: Object.entries(config?.env ?? {}).map(([k, v]) => `${k}=${v}`),
      Cmd: config?.cmd ?? null,
      WorkingDir: config?.workdir === '/' ? '' : (config?.workdir ?? ''),
      Entrypoint: config?.entrypoint ?? null,
      ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
    },
    Architecture: 'amd64',
    Os: 'linux',
    Size: built?.bytes ?? 0,
    Stagecraft: { note: 'Simulated: the ID and the date are made up; the size comes from the simulator.', size: humanSize(built?.bytes ?? 0), layers: layers.length },
  };
}

export function runPs(ctx: CommandContext, args: readonly string[], path: 'docker ps' | 'docker container ls' | 'docker container list'): number {
  const sub: Subcommand = {
    path,
    use: `${path} [OPTIONS]`,
    short: 'List containers',
    flags: withHelp([
      { long: 'all', short: 'a', kind: 'bool', help: 'Show all containers (default shows just running)' },
      { long: 'quiet', short: 'q', kind: 'bool', help: 'Only display container IDs' },
      { long: 'size', short: 's', kind: 'bool', help: 'Display total file sizes' },
      { long: 'no-trunc', kind: 'bool', help: "Don't truncate output" },
      { long: 'latest', short: 'l', kind: 'bool', help: 'Show the latest created container (includes all states)' },
      { long: 'last', short: 'n', kind: 'string', valueName: 'int', help: 'Show n last created containers (includes all states)' },
      { long: 'filter', short: 'f', kind: 'list', valueName: 'filter', help: 'Filter output based on conditions provided' },
      { long: 'format', kind: 'string', help: 'Format output using a custom template' },
    ]),
  };
  const parsed = parseSub(ctx, sub, args);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length) return noArgsError(ctx, sub);
  if (!flagOn(parsed, 'quiet')) ctx.io.out(`CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES${flagOn(parsed, 'size') ? '     SIZE' : ''}\n`);
  ctx.io.err('# Stagecraft: no containers: docker run here checks whether the image would start, and keeps nothing running.\n');
  return 0;
}

/** `dive IMAGE`: the image details pane of wagoodman/dive, in text. */
export function runDive(ctx: CommandContext, args: readonly string[]): number {
  const flags: FlagSpec[] = [
    { long: 'help', short: 'h', kind: 'bool', help: 'help for dive' },
    { long: 'ci', kind: 'bool', help: 'Skip the interactive TUI and validate against CI rules' },
    { long: 'source', kind: 'string', help: 'The container engine to fetch the image from (docker)' },
  ];
  const parsed = parseFlags(args, flags);
  const usage = 'Usage:\n  dive [IMAGE] [flags]\n\nFlags:\n  -h, --help   help for dive\n';
  if ('error' in parsed) {
    ctx.io.err(`Error: ${parsed.error}\n${usage}`);
    return 1;
  }
  if (flagOn(parsed, 'help')) {
    ctx.io.out(`This tool provides a way to discover and explore the contents of a docker image. Additionally the tool estimates the amount of wasted space and identifies the offending files from the image.\n\n${usage}`);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    ctx.io.err(`Error: dive takes one image name (this terminal lists its images with docker images)\n${usage}`);
    return 1;
  }
  const ref = parsed.positionals[0]!;
  const image = findImage(ctx, ref);
  if (!image) {
    ctx.io.err(`cannot fetch image: ${shownRef(ref)} is not among the images built in this terminal (docker images lists them)\n`);
    return 1;
  }
  const name = ctx.session.images.namesOf(image.id)[0] ?? image.id.replace(/^sha256:/, '').slice(0, 12);
  if (flagOn(parsed, 'ci')) ctx.io.err('# Stagecraft: dive --ci is not simulated; here is the image details view.\n');
  ctx.io.out(diveSummary(image.result, { name }));
  return 0;
}

