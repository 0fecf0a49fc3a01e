/**
 * The `docker` command of the WebContainer terminal, on plain Node.
 *
 * 1. src/commands/docker-main.ts with a stand-in `docker` command, so what it adds —
 *    the state kept between calls, results rebuilt lazily, contexts of real files
 *    only — is tested on its own, whatever the real command prints.
 * 2. The bundled script itself (built by the same function `astro build` uses),
 *    run with `node` in a copy of a sample project, one process per command, as
 *    jsh runs it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLog, buildOnContext, contentHash, parseDockerfile } from '../../src/engine/index';
import { readContext } from '../../src/commands/context';
import { hiding, main, MAX_SAVED_IMAGES, parseState, withoutManifestFolders, type DockerState } from '../../src/commands/docker-main';
import { MemoryWorkspace, readText, resolvePath, type Workspace } from '../../src/commands/workspace';
import { normalizeName, ShellSession, type ShellCommand } from '../../src/commands/shell/session';
import { nodeWorkspace } from '../../src/cli/node-workspace';
import { writeDockerScript } from '../../src/integrations/docker-script.mjs';
import { toolsTree } from '../../src/client/terminal/webcontainer';

const REPO = new URL('../../', import.meta.url);
const PROJECT = new URL('content/projects/node-express-ts/', REPO);
const DOCKERFILE = readFileSync(new URL('content/lessons/01-why-images-are-huge/start/Dockerfile', REPO), 'utf8');
const MANIFEST = JSON.parse(readFileSync(new URL('stagecraft.project.json', PROJECT), 'utf8')) as { dirs: unknown[] };

const temp = mkdtempSync(join(tmpdir(), 'stagecraft-docker-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let folders = 0;
/** A fresh copy of the sample project, with the lesson's start Dockerfile. */
function projectCopy(): string {
  const dir = join(temp, `app-${++folders}`, 'node-express-ts');
  cpSync(PROJECT, dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  return dir;
}

function memoryState(initial: string | null = null) {
  const state = { text: initial, saves: 0, setAsideTo: null as string | null };
  const api: DockerState = {
    name: 'images.json',
    load: () => state.text,
    save(text) {
      state.text = text;
      state.saves++;
    },
    setAside() {
      state.setAsideTo = 'images.json.unreadable';
      state.text = null;
      return state.setAsideTo;
    },
  };
  return { state, api };
}

/** A workspace that counts reads, to see when a result is rebuilt. */
function counting(ws: Workspace) {
  const reads: string[] = [];
  const wrapped: Workspace = { name: ws.name, stat: (p) => ws.stat(p), list: (p) => ws.list(p), read: (p) => (reads.push(p), ws.read(p)) };
  return { ws: wrapped, reads };
}

/**
 * A stand-in `docker`: `build -t NAME [DIR]`, `images`, `history NAME`, `echo ARGS…`.
 * It reads contexts with readContext's defaults (manifest folders included), so
 * only docker-main's workspace keeps them out.
 */
function standInDocker(): ShellCommand {
  return {
    name: 'docker',
    summary: 'stand-in',
    run({ args, session, io }) {
      const [sub, ...rest] = args;
      if (sub === 'build') {
        const tag = rest[rest.indexOf('-t') + 1]!;
        const dir = resolvePath(session.cwd, rest[rest.length - 1]!);
        const text = readText(session.workspace, dir ? `${dir}/Dockerfile` : 'Dockerfile');
        if ('error' in text) {
          io.err(`no Dockerfile: ${text.error}\n`);
          return 1;
        }
        const read = readContext(session.workspace, dir, dir || '.');
        if ('error' in read) return 1;
        const result = buildOnContext(parseDockerfile(text.text), read.context, { cache: [...session.cache] });
        for (const k of result.cacheKeys) session.cache.add(k);
        const id = `sha256:${contentHash(result.cacheKeys.join(','))}${'0'.repeat(48)}`;
        session.images.add({ id, created: session.now(), result, dockerfile: text.text, dockerfileName: 'Dockerfile', contextDir: dir, target: null }, [normalizeName(tag)]);
        io.out(buildLog(result));
        return 0;
      }
      if (sub === 'images') {
        for (const { image, names } of session.images.list()) io.out(`${names.join(',') || '<none>'} ${image.id.slice(7, 19)}\n`);
        return 0;
      }
      if (sub === 'history') {
        const image = session.images.find(rest[0]!);
        if (!image) return 1;
        io.out(`context ${image.result.context.bytes}\n${image.result.notes.join('\n')}\n`);
        return 0;
      }
      if (sub === 'echo') {
        io.out(`${JSON.stringify({ args: rest, cwd: session.cwd })}\n`);
        return 0;
      }
      return 2;
    },
  };
}

const standInShell = (o: ConstructorParameters<typeof ShellSession>[0] extends infer T ? Omit<T & object, 'commands'> : never) =>
  new ShellSession({ ...o, commands: [standInDocker()] });

async function run(argv: string[], ws: Workspace, state: DockerState, options: { cwd?: string; project?: string; now?: number } = {}) {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: options.cwd ?? '' }, {
    workspace: ws,
    state,
    shell: standInShell,
    now: () => options.now ?? 1_000,
    ...(options.project ? { project: options.project } : {}),
  });
  return { status, stdout, stderr };
}

/** What the engine builds from a folder, reading it with or without the manifest's described folders. */
function engineBuild(dir: string, manifestFolders: boolean) {
  const read = readContext(nodeWorkspace(dir), '', '.', { manifestFolders });
  if ('error' in read) throw new Error(read.error);
  return buildOnContext(parseDockerfile(DOCKERFILE), read.context);
}

/** The log line BuildKit prints for the context it sends. */
const contextLine = (log: string) => /#\d+ \[internal\] load build context\n#\d+ (transferring context: \S+)/.exec(log)?.[1] ?? null;

describe('docker-main: one process per command', () => {
  it('keeps images between calls, and the step cache, so a rebuild in a new process shows CACHED', async () => {
    const dir = projectCopy();
    const { state, api } = memoryState();
    const first = await run(['build', '-t', 'app:one', '.'], nodeWorkspace(dir), api);
    expect(first.status).toBe(0);
    expect(first.stdout).not.toContain('CACHED');
    expect(state.saves).toBe(1);

    const listed = await run(['images'], nodeWorkspace(dir), api);
    expect(listed.stdout).toMatch(/^app:one [0-9a-f]{12}\n$/);
    // Nothing changed: nothing written.
    expect(state.saves).toBe(1);

    const second = await run(['build', '-t', 'app:two', '.'], nodeWorkspace(dir), api, { now: 2_000 });
    expect(second.stdout).toContain('CACHED');
    // The same steps make the same image: one image, two names, as Docker's store has it.
    expect((await run(['images'], nodeWorkspace(dir), api)).stdout).toMatch(/^app:one,app:two [0-9a-f]{12}\n$/);

    const saved = JSON.parse(state.text!) as { version: number; projects: Record<string, { images: Array<Record<string, unknown>>; cache: string[] }> };
    expect(saved.version).toBe(1);
    const mine = saved.projects['node-express-ts']!;
    expect(mine.images).toEqual([
      { id: expect.stringMatching(/^sha256:/), names: ['app:one', 'app:two'], created: 1000, dockerfile: DOCKERFILE, dockerfileName: 'Dockerfile', contextDir: '', target: null, steps: expect.any(String) },
    ]);
    expect(mine.cache.length).toBeGreaterThan(0);
  });

  it('rebuilds a restored image’s result only when a command asks for it, and says when the files changed since', async () => {
    const dir = projectCopy();
    const { api } = memoryState();
    await run(['build', '-t', 'app', '.'], nodeWorkspace(dir), api);

    const quiet = counting(nodeWorkspace(dir));
    await run(['images'], quiet.ws, api);
    expect(quiet.reads).toEqual([]);

    const asked = counting(nodeWorkspace(dir));
    const history = await run(['history', 'app'], asked.ws, api);
    expect(asked.reads).toContain('package.json');
    expect(history.stdout).toMatch(/^context \d+\n\n$/);

    writeFileSync(join(dir, 'src', 'extra.ts'), 'export const x = 1;\n');
    const changed = await run(['history', 'app'], nodeWorkspace(dir), api);
    expect(changed.stdout).toContain('the files changed since this image was built');
  });

  it('reads only the files on disk: the manifest’s heavy folders are left out, its build facts kept; a real node_modules counts', async () => {
    const dir = projectCopy();
    const { api } = memoryState();
    const before = await run(['build', '-t', 'a', '.'], nodeWorkspace(dir), api);
    const withFolders = engineBuild(dir, true);
    const realOnly = engineBuild(dir, false);
    expect(MANIFEST.dirs.length).toBeGreaterThan(0);
    expect(withFolders.context.bytes).toBeGreaterThan(realOnly.context.bytes + 1_000_000);
    expect(contextLine(before.stdout)).toBe(contextLine(buildLog(realOnly)));
    expect(contextLine(before.stdout)).not.toBe(contextLine(buildLog(withFolders)));

    mkdirSync(join(dir, 'node_modules', 'express'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'express', 'index.js'), 'x'.repeat(250_000));
    writeFileSync(join(dir, 'node_modules', 'express', 'package.json'), '{"name":"express"}');
    const after = await run(['build', '-t', 'b', '.'], nodeWorkspace(dir), api);
    const realNow = engineBuild(dir, false);
    expect(realNow.context.bytes).toBe(realOnly.context.bytes + 250_000 + 18);
    expect(contextLine(after.stdout)).toBe(contextLine(buildLog(realNow)));
  });

  it('the manifest a command reads has no folders but the same facts', () => {
    const ws = withoutManifestFolders(new MemoryWorkspace('p', [{ path: 'stagecraft.project.json', size: 0, text: JSON.stringify({ version: 1, dirs: [{ path: 'node_modules/x', files: 1, bytes: 9 }], facts: { a: 1 } }) }]));
    const bytes = ws.read('stagecraft.project.json') as Uint8Array;
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({ version: 1, dirs: [], files: [], facts: { a: 1 } });
    expect(ws.stat('stagecraft.project.json')?.size).toBe(bytes.length);
    expect(ws.list('')?.[0]?.size).toBe(bytes.length);
  });

  it('a hidden path (the state kept inside the project) is not part of the workspace', () => {
    const ws = hiding(new MemoryWorkspace('p', [{ path: '.stagecraft/images.json', size: 2, text: '{}' }, { path: 'a', size: 1, text: 'a' }]), '.stagecraft');
    expect(ws.list('')?.map((e) => e.name)).toEqual(['a']);
    expect(ws.stat('.stagecraft')).toBeNull();
    expect(ws.read('.stagecraft/images.json')).toEqual({ error: 'no such file' });
  });

  it('runs in the working folder, with every argument as typed (no second round of shell expansion)', async () => {
    const dir = projectCopy();
    const { api, state } = memoryState();
    const got = await run(['echo', 'a b', '$HOME', "it's", '&&', '~', ''], nodeWorkspace(dir), api, { cwd: 'src/' });
    expect(JSON.parse(got.stdout)).toEqual({ args: ['a b', '$HOME', "it's", '&&', '~', ''], cwd: 'src' });
    expect(state.saves).toBe(1);
  });

  it('keeps other projects’ images as they were', async () => {
    const dir = projectCopy();
    const other = { images: [{ id: `sha256:${'a'.repeat(64)}`, names: ['other:latest'], created: 5, dockerfile: 'FROM scratch\n', dockerfileName: 'Dockerfile', contextDir: '', target: null }], cache: ['k'] };
    const { state, api } = memoryState(JSON.stringify({ version: 1, projects: { '/elsewhere': other } }));
    await run(['build', '-t', 'mine', '.'], nodeWorkspace(dir), api, { project: '/here' });
    const saved = JSON.parse(state.text!);
    expect(saved.projects['/elsewhere']).toEqual(other);
    expect(saved.projects['/here'].images[0].names).toEqual(['mine:latest']);
    expect((await run(['images'], nodeWorkspace(dir), api, { project: '/here' })).stdout).not.toContain('other');
  });

  it('an unreadable state is set aside, with a notice, and the list starts empty', async () => {
    const dir = projectCopy();
    const { state, api } = memoryState('{"version": 1, "projects": ');
    const got = await run(['build', '-t', 'x', '.'], nodeWorkspace(dir), api);
    expect(got.status).toBe(0);
    expect(got.stderr).toMatch(/^docker: note: images\.json could not be read \(not JSON: .*\); it was moved to images\.json\.unreadable and the image list starts empty\n$/);
    expect(state.setAsideTo).toBe('images.json.unreadable');
    expect(parseState(state.text!)).toEqual({ state: expect.objectContaining({ version: 1 }) });
  });

  it('a state from a newer Stagecraft is left untouched', async () => {
    const dir = projectCopy();
    const newer = JSON.stringify({ version: 2, everything: 'else' });
    const { state, api } = memoryState(newer);
    const got = await run(['build', '-t', 'x', '.'], nodeWorkspace(dir), api);
    expect(got.status).toBe(0);
    expect(got.stderr).toContain('written by a newer Stagecraft; it is left as it is');
    expect(state.text).toBe(newer);
    expect(state.saves).toBe(0);
  });

  it('drops saved entries that are not images, and keeps at most a bounded number', () => {
    const good = { id: `sha256:${'b'.repeat(64)}`, names: [], created: 1, dockerfile: '', dockerfileName: 'Dockerfile', contextDir: '', target: null };
    const parsed = parseState(JSON.stringify({ version: 1, projects: { p: { images: [good, { id: 'nope' }, 7], cache: ['a', 3] } } }));
    expect(parsed).toEqual({ state: { version: 1, projects: { p: { images: [good], cache: ['a'] } } } });
    expect(parseState('[]')).toEqual({ error: 'not a JSON object' });
    expect(MAX_SAVED_IMAGES).toBeGreaterThan(10);
  });
});

describe('the bundled docker.mjs on plain Node', () => {
  const script = join(temp, 'bundle', 'docker.mjs');
  const home = join(temp, 'home');
  let app = '';

  beforeAll(async () => {
    await writeDockerScript(script);
    app = projectCopy();
  }, 60_000);

  const docker = (args: string[], cwd = app, env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [script, ...args], {
      cwd,
      encoding: 'utf8',
      // Not the developer's own ~/.stagecraft; no STAGECRAFT_* from outside.
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('STAGECRAFT_'))), HOME: home, ...env },
      timeout: 30_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('is one self-contained ESM file: it imports nothing but Node’s own modules', () => {
    const text = readFileSync(script, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const specifiers = [
      ...text.matchAll(/\bimport\s*(?:\{[^}]*\}|\*\s*as\s*[\w$]+|[\w$]+)\s*from\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)|\brequire\(\s*"([^"]+)"\s*\)/g),
    ].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !s!.startsWith('node:'))).toEqual([]);
    // The folder it runs from has no node_modules: nothing is resolved from the repository.
    expect(existsSync(join(temp, 'bundle', 'node_modules'))).toBe(false);
  });

  it('builds, and a second process lists the image (the state file), and a rebuild shows CACHED', () => {
    const built = docker(['build', '-t', 'app:one', '.']);
    expect(built.status).toBe(0);
    // BuildKit's progress goes to stderr, as docker's does.
    expect(built.stderr).toMatch(/^# Stagecraft: a simulated docker build\..*\n#0 building with "default" instance using docker driver\n\n#1 \[internal\] load build definition from Dockerfile\n/);
    expect(built.stderr).toMatch(/#\d+ naming to docker\.io\/library\/app:one done/);
    expect(built.stderr).not.toContain('CACHED');

    const stateFile = join(home, '.stagecraft', 'images.json');
    expect(existsSync(stateFile)).toBe(true);
    expect(readdirSync(app)).not.toContain('.stagecraft');

    const images = docker(['images']);
    expect(images.status).toBe(0);
    expect(images.stdout).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\n/);
    expect(images.stdout).toMatch(/\napp\s+one\s+[0-9a-f]{12}\s/);

    const again = docker(['build', '-t', 'app:two', '.']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/#\d+ \[4\/5\] RUN npm install\n#\d+ CACHED\n/);
    const both = docker(['images']);
    expect(both.stdout).toMatch(/\napp\s+one\s/);
    expect(both.stdout).toMatch(/\napp\s+two\s/);
  });

  it('sends the files on disk: the manifest’s node_modules is not added, a real one is', () => {
    const dir = projectCopy();
    const realOnly = engineBuild(dir, false);
    const withFolders = engineBuild(dir, true);
    const before = docker(['build', '-t', 'ctx:before', '.'], dir);
    expect(before.status).toBe(0);
    expect(contextLine(before.stderr)).toBe(contextLine(buildLog(realOnly)));
    expect(contextLine(before.stderr)).not.toBe(contextLine(buildLog(withFolders)));

    for (const [name, bytes] of [['express/index.js', 120_000], ['express/package.json', 300], ['.package-lock.json', 5_000]] as const) {
      mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', name), 'x'.repeat(bytes));
    }
    const after = docker(['build', '-t', 'ctx:after', '.'], dir);
    expect(after.status).toBe(0);
    const realNow = engineBuild(dir, false);
    expect(realNow.context.bytes).toBe(realOnly.context.bytes + 125_300);
    expect(contextLine(after.stderr)).toBe(contextLine(buildLog(realNow)));
    expect(contextLine(after.stderr)).not.toBe(contextLine(before.stderr));
  });

  it('works from a subfolder of the project (the root is found by its stagecraft.project.json)', () => {
    const images = docker(['images'], join(app, 'src'));
    expect(images.status).toBe(0);
    expect(images.stdout).toMatch(/\napp\s+one\s/);
  });

  it('exits with the command’s status', () => {
    const bad = docker(['build', '-t', 'x', 'no-such-folder']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).not.toBe('');
  });

  it('runs through the launchers the WebContainer puts on PATH, as docker and as dive', () => {
    const tools = join(temp, 'container');
    const tree = toolsTree(readFileSync(script, 'utf8')) as Record<string, { directory: Record<string, { directory: Record<string, { file: { contents: string } }> }> }>;
    const bin = join(tools, '.stagecraft', 'bin');
    mkdirSync(bin, { recursive: true });
    for (const [name, node] of Object.entries(tree['.stagecraft']!.directory.bin!.directory)) writeFileSync(join(bin, name), node.file.contents);
    // An ESM project around it must not change how the launchers load.
    writeFileSync(join(tools, 'package.json'), '{"type":"module"}');
    const viaLauncher = spawnSync(process.execPath, [join(bin, 'docker'), 'images'], { cwd: app, encoding: 'utf8', env: { ...process.env, HOME: home, STAGECRAFT_ROOT: app } });
    expect(viaLauncher.stderr).toBe('');
    expect(viaLauncher.status).toBe(0);
    expect(viaLauncher.stdout).toMatch(/\napp\s+one\s/);
    const dive = spawnSync(process.execPath, [join(bin, 'dive'), 'app:one'], { cwd: app, encoding: 'utf8', env: { ...process.env, HOME: home, STAGECRAFT_ROOT: app } });
    expect(dive.stderr).toBe('');
    expect(dive.status).toBe(0);
    expect(dive.stdout).toMatch(/efficiency/i);
  });
});
