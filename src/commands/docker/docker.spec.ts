/**
 * `docker` and `dive` in the in-page shell, over a lesson's real project (read with
 * node:fs into the in-memory workspace the worker uses). Expected outputs come from the
 * engine's own report functions on a build made here directly, never from a golden file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  buildLog, buildOnContext, diveSummary, historyTable, humanSize, imageDigest, imagesTable, parseDockerfile, SIMULATED_NOTE, textEntry,
  type BuildResult,
} from '../../engine/index';
import { projectWorkspace, readContext } from '../context';
import { createShell, type ShellSession } from '../shell/index';
import { MemoryWorkspace } from '../workspace';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const lesson = (path: string) => readFileSync(join(root, 'content/lessons', path), 'utf8');

function filesUnder(dir: string, rel = ''): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, path));
    else out.push({ path, text: readFileSync(full, 'utf8') });
  }
  return out;
}

const PROJECT = filesUnder(join(root, 'content/projects/node-express-ts'));
const SINGLE = lesson('01-why-images-are-huge/start/Dockerfile');
const MULTI = lesson('04-node-typescript/solution/Dockerfile');
const MORE_STAGES = lesson('07-more-stages/solution/Dockerfile');

/** The project as the worker's shell has it: its files, its heavy folders, and the Dockerfiles given. */
function project(extra: Record<string, string> = {}): MemoryWorkspace {
  const manifest = JSON.parse(PROJECT.find((f) => f.path === 'stagecraft.project.json')!.text) as unknown;
  const ws = projectWorkspace('node-express-ts', PROJECT.filter((f) => f.path !== 'stagecraft.project.json').map((f) => textEntry(f.path, f.text)), manifest);
  for (const [path, text] of Object.entries(extra)) ws.write(path, text);
  return ws;
}

const START = Date.UTC(2026, 11, 2, 10, 0);
let clock = START;
let ws: MemoryWorkspace;
let shell: ShellSession;

beforeEach(() => {
  clock = START;
  ws = project({ 'single.Dockerfile': SINGLE, Dockerfile: MULTI });
  shell = createShell({ workspace: ws, now: () => clock });
});

async function run(line: string, session = shell) {
  let out = '';
  let err = '';
  const status = await session.run(line, { out: (t) => (out += t), err: (t) => (err += t) });
  return { out, err, status, all: out + err };
}

/** The simulator's build of a Dockerfile on the project, made directly (with the cache given). */
function direct(text: string, options: { target?: string; cache?: Iterable<string>; workspace?: MemoryWorkspace } = {}): BuildResult {
  const read = readContext(options.workspace ?? ws, '', '.');
  if ('error' in read) throw new Error(read.error);
  return buildOnContext(parseDockerfile(text), read.context, { ...(options.target ? { target: options.target } : {}), cache: options.cache ?? [] });
}

const minutes = (n: number) => n * 60_000;

describe('docker build, docker images: the seed flow', () => {
  it('builds myapp:single and myapp:multi; docker images lists both with the simulator\'s sizes', async () => {
    const single = direct(SINGLE);
    const b1 = await run('docker build -t myapp:single -f single.Dockerfile .');
    expect(b1.status).toBe(0);
    // The log is the simulator's own, as the build panel shows it.
    expect(b1.err).toBe(buildLog(single, { dockerfile: SINGLE, dockerfileName: 'single.Dockerfile', tag: 'myapp:single' }));
    expect(b1.out).toBe('');

    clock += minutes(1);
    const multi = direct(MULTI, { cache: single.cacheKeys });
    const b2 = await run('docker build -t myapp:multi .');
    expect(b2.status).toBe(0);
    expect(b2.err).toBe(buildLog(multi, { dockerfile: MULTI, dockerfileName: 'Dockerfile', tag: 'myapp:multi' }));

    clock += minutes(2);
    const images = await run('docker images myapp');
    expect(images.status).toBe(0);
    expect(images.out).toBe(
      imagesTable([
        { repository: 'myapp', tag: 'multi', id: imageDigest(multi), created: 120, bytes: multi.image!.bytes },
        { repository: 'myapp', tag: 'single', id: imageDigest(single), created: 180, bytes: single.image!.bytes },
      ]),
    );
    expect(images.out).toContain(humanSize(single.image!.bytes));
    expect(images.out).toContain(humanSize(multi.image!.bytes));
    expect(images.out).toContain('2 minutes ago');
    // docker image ls is the same command; a filter by tag keeps one row.
    expect((await run('docker image ls myapp')).out).toBe(images.out);
    expect((await run('docker images myapp:single')).out.trim().split('\n')).toHaveLength(2);
    expect((await run('docker images other')).out).toBe(imagesTable([]));
    expect((await run("docker images 'my*'")).out).toBe(images.out);
    expect((await run('docker images -q')).out).toBe(`${imageDigest(multi).slice(7, 19)}\n${imageDigest(single).slice(7, 19)}\n`);
  });

  it('writes the first lines of the log before it reads the project or builds', async () => {
    const events: string[] = [];
    class Watched extends MemoryWorkspace {
      override read(path: string) {
        events.push(`read ${path}`);
        return super.read(path);
      }
      override allFiles() {
        events.push('context');
        return super.allFiles();
      }
    }
    const watched = new Watched('demo', ws.allFiles(), ws.manifest);
    const session = createShell({ workspace: watched, now: () => clock });
    await session.run('docker build .', { out: () => {}, err: (t) => events.push(`write ${t.split('\n')[0]}`) });
    expect(events[0]).toBe(`write ${SIMULATED_NOTE}`);
    expect(events.indexOf('context')).toBeGreaterThan(0);
  });

  it('a rebuild shows CACHED steps and keeps the image (same ID, same creation time)', async () => {
    await run('docker build -t myapp:multi .');
    const first = shell.images.find('myapp:multi')!;
    clock += minutes(5);
    const again = await run('docker build -t myapp:multi .');
    expect(again.status).toBe(0);
    const result = direct(MULTI);
    expect(again.err).toBe(buildLog(direct(MULTI, { cache: result.cacheKeys }), { dockerfile: MULTI, dockerfileName: 'Dockerfile', tag: 'myapp:multi' }));
    expect(again.err.match(/^#\d+ CACHED$/gm)!.length).toBeGreaterThanOrEqual(8);
    expect(shell.images.find('myapp:multi')).toBe(first);
    expect((await run('docker images')).out).toContain('5 minutes ago');
    // --no-cache builds everything again, and still leaves its steps in the cache.
    const fresh = await run('docker build --no-cache -t myapp:multi .');
    expect(fresh.err).not.toMatch(/^#\d+ CACHED$/m);
    for (const k of result.cacheKeys) expect(shell.cache.has(k)).toBe(true);
  });

  it('building another image under a taken name leaves the old one dangling', async () => {
    await run('docker build -t myapp:multi .');
    const old = shell.images.find('myapp:multi')!;
    ws.write('src/server.ts', `${ws.text('src/server.ts')}\n// edited\n`);
    clock += minutes(1);
    expect((await run('docker build -t myapp:multi .')).status).toBe(0);
    const now = shell.images.find('myapp:multi')!;
    expect(now.id).not.toBe(old.id);
    const list = await run('docker images');
    expect(list.out).toBe(
      imagesTable([
        { repository: 'myapp', tag: 'multi', id: now.id, created: 0, bytes: now.result.image!.bytes },
        { repository: '<none>', tag: '<none>', id: old.id, created: 60, bytes: old.result.image!.bytes },
      ]),
    );
    expect((await run('docker images --filter dangling=true')).out.trim().split('\n')).toHaveLength(2);
    // A repository filter never lists a dangling image.
    expect((await run('docker images myapp')).out.trim().split('\n')).toHaveLength(2);
  });

  it('a rebuild that changes only the image config (CMD) gives the name the new config', async () => {
    ws.write('cmd.Dockerfile', 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nCMD ["node", "missing.js"]\n');
    await run('docker build -q -t fixme -f cmd.Dockerfile .');
    expect((await run('docker run fixme')).status).toBe(1);
    ws.write('cmd.Dockerfile', 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nCMD ["node", "-e", "1"]\n');
    clock += minutes(1);
    await run('docker build -q -t fixme -f cmd.Dockerfile .');
    expect((await run('docker run fixme')).status).toBe(0);
    expect(shell.images.find('fixme')!.result.image!.config.cmd).toEqual(['node', '-e', '1']);
    expect(shell.images.find('fixme')!.created).toBe(clock);
  });

  it('without -t the image is dangling; with several -t it has every name, each named in the log', async () => {
    await run('docker build -f single.Dockerfile .');
    const list = await run('docker images');
    expect(list.out).toMatch(/^<none>\s+<none>\s+[0-9a-f]{12}\s/m);
    const two = await run('docker build -t a:1 -t b .');
    expect(two.err).toContain(' naming to docker.io/library/a:1 done\n');
    expect(two.err).toContain(' naming to docker.io/library/b:latest done\n');
    expect(shell.images.namesOf(shell.images.find('b')!.id)).toEqual(['a:1', 'b:latest']);
  });

  it('-q prints the image ID alone, the one the log writes', async () => {
    const q = await run('docker build -q -t myapp:multi .');
    expect(q).toMatchObject({ status: 0, err: '', out: `${imageDigest(direct(MULTI))}\n` });
    const log = await run('docker build -t myapp:multi .');
    expect(log.err).toContain(`writing image ${q.out.trim()} done`);
    expect(shell.images.find('myapp:multi')!.id).toBe(q.out.trim());
  });

  it('buildx build and image build are the same command', async () => {
    const a = await run('docker buildx build -q .');
    const b = await run('docker image build -q .');
    expect(a.out).toBe(b.out);
    expect(a.status).toBe(0);
  });

  it('--target builds the stage asked for (lesson 7: the test stage runs npm test)', async () => {
    ws.write('Dockerfile', MORE_STAGES);
    const test = await run('docker build --target test -t app:test .');
    expect(test.status).toBe(0);
    expect(test.err).toBe(buildLog(direct(MORE_STAGES, { target: 'test' }), { dockerfile: MORE_STAGES, dockerfileName: 'Dockerfile', tag: 'app:test' }));
    expect(test.err).toContain('RUN npm test');
    expect(test.err).not.toContain('[runtime');
    const app = await run('docker build -t app .');
    expect(app.err).toMatch(/\[build 3\/3\] RUN npm run build\n#\d+ CACHED/);
    expect(app.err).not.toContain('[test');
    const images = await run('docker images app');
    expect(images.out).toContain('test');
    expect(images.out).toContain(humanSize(direct(MORE_STAGES, { target: 'test' }).image!.bytes));
    expect(shell.images.find('app:test')!.target).toBe('test');
  });

  it('a failed build exits 1, stores no image and leaves docker images as it was', async () => {
    await run('docker build -t myapp:multi .');
    const before = (await run('docker images')).out;
    ws.write('broken.Dockerfile', 'FROM node:20-alpine\nWORKDIR /app\nCOPY missing.txt ./\nCMD ["node", "x.js"]\n');
    const failed = await run('docker build -t myapp:multi -f broken.Dockerfile .');
    expect(failed.status).toBe(1);
    expect(failed.err).toContain('ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref: "/missing.txt": not found');
    expect(failed.err).toContain('broken.Dockerfile:3\n--------------------');
    expect(failed.err).not.toContain('writing image');
    expect((await run('docker images')).out).toBe(before);
    const target = await run('docker build --target nope .');
    expect(target.status).toBe(1);
    expect(target.err).toContain('ERROR: failed to solve: target stage "nope" could not be found');
  });

  it('says what Docker says when the Dockerfile, the context or the .dockerignore is wrong', async () => {
    const missing = await run('docker build -f nope.Dockerfile .');
    expect(missing.status).toBe(1);
    expect(missing.err).toContain('#1 [internal] load build definition from nope.Dockerfile\n#1 transferring dockerfile: 2B done\n#1 DONE 0.0s\n');
    expect(missing.err).toMatch(/ERROR: failed to solve: failed to read dockerfile: open nope.Dockerfile: no such file or directory\n$/);
    expect((await run('docker build src')).err).toContain('ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory');
    expect(await run('docker build nowhere')).toMatchObject({ status: 1, err: 'ERROR: unable to prepare context: path "nowhere" not found\n' });

    ws.write('parse.Dockerfile', 'FROM alpine\nFORM x\n');
    const parse = await run('docker build -f parse.Dockerfile .');
    expect(parse.status).toBe(1);
    expect(parse.err).toContain('parse.Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> FORM x\n');
    expect(parse.err).toMatch(/ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: FORM/);

    ws.write('sub/Dockerfile', 'FROM alpine\n');
    ws.write('sub/.dockerignore', 'dist\n!\n');
    const ignore = await run('docker build sub');
    expect(ignore.status).toBe(1);
    expect(ignore.err).toContain('#3 [internal] load .dockerignore');
    expect(ignore.err).toMatch(/ERROR: failed to solve: failed parsing .dockerignore: illegal exclusion pattern: "!"\n$/);
    expect(shell.images.list()).toEqual([]);
    expect((await run('docker build -t MyApp .')).err).toBe('ERROR: invalid tag "MyApp": invalid reference format: repository name (library/MyApp) must be lowercase\n');
  });

  it('the lowercase dockerfile is found when there is no Dockerfile, and the context may be a subfolder or ..', async () => {
    ws.write('sub/dockerfile', 'FROM alpine\nCMD ["true"]\n');
    expect((await run('docker build -q sub')).status).toBe(0);
    await run('cd src');
    const up = await run('docker build -q -f ../single.Dockerfile ..');
    expect(up.out).toBe(`${imageDigest(direct(SINGLE))}\n`);
  });

  it('prints BuildKit\'s check warnings in the log and after it', async () => {
    ws.write('warn.Dockerfile', 'FROM node:20-alpine as build\nWORKDIR /app\nCOPY package.json ./\nCMD node server.js\n');
    const b = await run('docker build -f warn.Dockerfile .');
    expect(b.status).toBe(0);
    expect(b.err).toContain(
      "#1 WARN: FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)\n#1 WARN: JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 4)\n#1 DONE 0.0s\n",
    );
    expect(b.err).toMatch(/\n\n 2 warnings found \(use docker --debug to expand\):\n - FromAsCasing: .*\(line 1\)\n - JSONArgsRecommended: .*\(line 4\)\n$/);
  });
});

describe('docker build --check', () => {
  it('no warnings: the definition and .dockerignore loaded, then "Check complete, no warnings found."', async () => {
    const c = await run('docker build --check .');
    expect(c.status).toBe(0);
    expect(c.out).toBe('Check complete, no warnings found.\n');
    expect(c.err).toContain('#1 [internal] load build definition from Dockerfile');
    expect(c.err).toContain('[internal] load .dockerignore');
    expect(c.err).not.toContain('load build context');
    expect(shell.images.list()).toEqual([]);
  });

  it('warnings as BuildKit prints its lint result, exit 1', async () => {
    ws.write('warn.Dockerfile', 'FROM node:20-alpine as build\nWORKDIR /app\nCOPY package.json ./\nCMD node server.js\n');
    const c = await run('docker build --check -f warn.Dockerfile .');
    expect(c.status).toBe(1);
    expect(c.out).toBe(
      [
        'Check complete, 2 warnings have been found!',
        '',
        'WARNING: FromAsCasing - https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
        "'as' and 'FROM' keywords' casing do not match",
        'warn.Dockerfile:1',
        '--------------------',
        '   1 | >>> FROM node:20-alpine as build',
        '   2 |     WORKDIR /app',
        '   3 |     COPY package.json ./',
        '--------------------',
        '',
        'WARNING: JSONArgsRecommended - https://docs.docker.com/go/dockerfile/rule/json-args-recommended/',
        'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals',
        'warn.Dockerfile:4',
        '--------------------',
        '   2 |     WORKDIR /app',
        '   3 |     COPY package.json ./',
        '   4 | >>> CMD node server.js',
        '   5 |     ',
        '--------------------',
        '',
      ].join('\n'),
    );
    expect((await run('docker build --call=check -f warn.Dockerfile .')).out).toBe(c.out);
  });

  it('# check=error=true makes the warnings fail a real build', async () => {
    ws.write('strict.Dockerfile', '# check=error=true\nFROM node:20-alpine\nCMD node server.js\n');
    const b = await run('docker build -t strict -f strict.Dockerfile .');
    expect(b.status).toBe(1);
    expect(b.err).toMatch(/ERROR: failed to solve: lint violation found for rules: JSONArgsRecommended\n$/);
    expect(shell.images.list()).toEqual([]);
  });
});

describe('docker history, dive', () => {
  it('docker history equals historyTable of the same build', async () => {
    await run('docker build -t myapp:multi .');
    clock += minutes(3);
    const h = await run('docker history myapp:multi');
    expect(h.status).toBe(0);
    const result = direct(MULTI);
    expect(h.out).toBe(historyTable(result, { secondsAgo: 180, tag: 'myapp:multi' }));
    expect((await run('docker history --no-trunc myapp:multi')).out).toBe(historyTable(result, { secondsAgo: 180, tag: 'myapp:multi', noTrunc: true }));
    expect((await run('docker image history myapp:multi')).out).toBe(h.out);
    const q = await run('docker history -q myapp:multi');
    expect(q.out.split('\n')[0]).toBe(imageDigest(result).slice(7, 19));
    expect(q.out.split('\n')[1]).toBe('<missing>');
  });

  it('a missing image is the daemon\'s "No such image"', async () => {
    expect(await run('docker history nope')).toMatchObject({ status: 1, out: '', err: 'Error response from daemon: No such image: nope:latest\n' });
    expect((await run('docker history nope:1')).err).toBe('Error response from daemon: No such image: nope:1\n');
  });

  it('dive shows the details of an image, by name or ID', async () => {
    await run('docker build -t myapp:single -f single.Dockerfile .');
    const d = await run('dive myapp:single');
    expect(d).toMatchObject({ status: 0, out: diveSummary(direct(SINGLE), { name: 'myapp:single' }) });
    const id = shell.images.find('myapp:single')!.id.slice(7, 19);
    expect((await run(`dive ${id}`)).out).toBe(d.out);
    const missing = await run('dive nope');
    expect(missing.status).toBe(1);
    expect(missing.err).toContain('nope:latest');
  });
});

describe('docker rmi', () => {
  it('untags a name, deletes an image with its last name, refuses an unknown one', async () => {
    await run('docker build -t a -t b:1 .');
    const id = shell.images.find('a')!.id;
    expect(await run('docker rmi a')).toMatchObject({ status: 0, out: 'Untagged: a:latest\n' });
    expect(await run('docker image rm b:1')).toMatchObject({ status: 0, out: `Untagged: b:1\nDeleted: ${id}\n` });
    expect(shell.images.list()).toEqual([]);
    expect(await run('docker rmi a')).toMatchObject({ status: 1, err: 'Error response from daemon: No such image: a:latest\n' });
    expect((await run('docker rmi -f a')).status).toBe(0);
  });

  it('by ID: needs -f when several names point at it', async () => {
    await run('docker build -t a -t b .');
    const id = shell.images.find('a')!.id;
    const short = id.slice(7, 19);
    const refused = await run(`docker rmi ${short}`);
    expect(refused).toMatchObject({ status: 1, err: `Error response from daemon: conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories\n` });
    expect(await run(`docker rmi -f ${short}`)).toMatchObject({ status: 0, out: `Untagged: a:latest\nUntagged: b:latest\nDeleted: ${id}\n` });
  });
});

describe('docker run', () => {
  const image = async (name: string, dockerfile: string) => {
    ws.write(`${name}.Dockerfile`, dockerfile);
    const b = await run(`docker build -q -t ${name} -f ${name}.Dockerfile .`);
    expect(b.status, b.err).toBe(0);
  };

  it('a sound image: says what starts as PID 1 and as which user, and that nothing really runs', async () => {
    await run('docker build -t myapp:multi .');
    const r = await run('docker run --rm -it -p 8080:3000 myapp:multi');
    expect(r.status).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('# Stagecraft: the container starts docker-entrypoint.sh node dist/server.js');
    expect(r.err).toContain('as PID 1, as user node, in /app.');
    expect(r.err).toContain('the program\'s own output is not shown');
    expect(r.err).toContain('8080:3000');
  });

  it('no command at all (scratch): the daemon refuses, exit 125', async () => {
    await image('empty', 'FROM scratch\nCOPY package.json /\n');
    const r = await run('docker run empty');
    expect(r.status).toBe(125);
    expect(r.err).toBe(
      "docker: Error response from daemon: no command specified.\nSee 'docker run --help'.\n" +
        '# Stagecraft: The image has neither ENTRYPOINT nor CMD (scratch sets none), so docker run does not know what to start. Add ENTRYPOINT ["/path/to/program"] or an exec-form CMD.\n',
    );
  });

  it('a script that is not there: node\'s own error, exit 1; a program not on the PATH: exit 127', async () => {
    await image('nomod', 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nCMD ["node", "missing.js"]\n');
    const r = await run('docker run nomod');
    expect(r.status).toBe(1);
    expect(r.err).toContain("Error: Cannot find module '/app/missing.js'");
    expect(r.err).toMatch(/\n# Stagecraft: .+\n$/);
    await image('noprog', 'FROM node:20-alpine\nENTRYPOINT ["nosuch"]\n');
    const p = await run('docker run noprog');
    expect(p.status).toBe(127);
    expect(p.err).toContain('exec: "nosuch": executable file not found in $PATH');
    expect(p.err).toContain("See 'docker run --help'.");
  });

  it('npm start without package.json: npm\'s ENOENT, exit 254', async () => {
    await image('nopkg', 'FROM node:20-alpine\nWORKDIR /app\nCMD ["npm", "start"]\n');
    const r = await run('docker run nopkg');
    expect(r.status).toBe(254);
    expect(r.err).toContain('npm error code ENOENT');
  });

  it('a warning: the container starts, and the warning follows the start line', async () => {
    await image('npmstart', MULTI.replace('CMD ["node", "dist/server.js"]', 'COPY package.json ./\nCMD ["npm", "start"]'));
    const r = await run('docker run npmstart');
    expect(r.status).toBe(0);
    const lines = r.err.split('\n');
    expect(lines[0]).toContain('# Stagecraft: the container starts');
    expect(r.err).toContain('PID 1 is npm, not your server');
  });

  it('COMMAND replaces CMD, and the start checks run for it', async () => {
    await run('docker build -t myapp:multi .');
    const ok = await run('docker run myapp:multi sh -c "node dist/server.js"');
    expect(ok.status).toBe(0);
    expect(ok.err).toContain('the container starts docker-entrypoint.sh sh -c "node dist/server.js"');
    expect((await run('docker run --rm myapp:multi sh -c "echo hi"')).status).toBe(0);
    const missing = await run('docker run myapp:multi node missing.js');
    expect(missing.status).toBe(1);
    expect(missing.err).toContain("Cannot find module '/app/missing.js'");
    const notFound = await run('docker run myapp:multi nosuch-program');
    expect(notFound.err).toContain("Cannot find module '/app/nosuch-program'");
    // The image itself is unchanged by a run with another command.
    expect((await run('docker run myapp:multi')).status).toBe(0);
    // --entrypoint replaces the entrypoint.
    const entry = await run('docker run --entrypoint /nosuch myapp:multi');
    expect(entry.status).toBe(127);
    expect(entry.err).toContain('stat /nosuch: no such file or directory');
  });

  it("no CMD of its own: the base image's default command exits at once (exit 0), or gives its prompt with -it", async () => {
    await image('nocmd', 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\n');
    const r = await run('docker run nocmd');
    expect(r.status).toBe(0);
    expect(r.err).toContain("The container runs the base image's default command, docker-entrypoint.sh node, and exits at once");
    const it = await run('docker run -it nocmd');
    expect(it.status).toBe(0);
    expect(it.err).toContain("with -it you would get the base image's own prompt (docker-entrypoint.sh node)");
  });

  it('what the simulator cannot see: it says it cannot tell, and never that the container starts', async () => {
    await image('mystery', 'FROM example.com/team/base:1\nCOPY package.json /\n');
    const r = await run('docker run mystery');
    expect(r.status).toBe(0);
    expect(r.err).toContain('# Stagecraft: cannot tell whether this container starts: Stagecraft does not know the default command of example.com/team/base:1');
    expect(r.err).not.toContain('the container starts');
  });

  it('an image that is not here: Unable to find image, then the pull is refused (exit 125)', async () => {
    const r = await run('docker run nope');
    expect(r.status).toBe(125);
    expect(r.err).toContain("Unable to find image 'nope:latest' locally\ndocker: Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.\nSee 'docker run --help'.\n");
    // A public image a real Docker would pull: said so, never pretended.
    const node = await run('docker run node:20');
    expect(node.status).toBe(125);
    expect(node.err).toContain("Unable to find image 'node:20' locally");
    expect(node.err).not.toContain('pull access denied');
  });

  it('flags after the image belong to the container', async () => {
    await run('docker build -t myapp:multi .');
    const r = await run('docker run myapp:multi --version');
    // node's image entrypoint runs node with an option as its first word.
    expect(r.err).toContain('docker-entrypoint.sh --version');
    expect(r.err).not.toContain('unknown flag');
  });
});

describe('usage errors, in the Docker CLI\'s words', () => {
  it('docker build without PATH, unknown flags, unknown subcommands', async () => {
    expect(await run('docker build')).toMatchObject({
      status: 1,
      err: 'ERROR: "docker buildx build" requires exactly 1 argument.\nSee \'docker buildx build --help\'.\n\nUsage:  docker buildx build [OPTIONS] PATH | URL | -\n\nStart a build\n',
    });
    expect(await run('docker build --x .')).toMatchObject({ status: 125, err: "unknown flag: --x\nSee 'docker buildx build --help'.\n" });
    expect(await run('docker run -z img')).toMatchObject({ status: 125, err: "unknown shorthand flag: 'z' in -z\nSee 'docker run --help'.\n" });
    expect(await run('docker frob')).toMatchObject({ status: 1, err: "docker: 'frob' is not a docker command.\nSee 'docker --help'\n" });
    expect((await run('docker run')).err).toBe('"docker run" requires at least 1 argument.\nSee \'docker run --help\'.\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate and run a new container from an image\n');
    expect((await run('docker history')).status).toBe(1);
    expect((await run('docker images a b')).err).toContain('"docker images" requires at most 1 argument.');
    expect((await run('docker rmi')).err).toContain('"docker rmi" requires at least 1 argument.');
    expect((await run('docker build -t')).err).toBe("flag needs an argument: 't' in -t\nSee 'docker buildx build --help'.\n");
    expect((await run('docker build --progress=fancy .')).err).toBe('ERROR: invalid progress mode fancy\n');
    expect((await run('docker build -q --progress=plain .')).err).toBe('ERROR: progress=plain and quiet cannot be used together\n');
  });

  it('--help and docker alone print usage; --version says it is simulated', async () => {
    const help = await run('docker build --help');
    expect(help.status).toBe(0);
    expect(help.out).toContain('Usage:  docker buildx build [OPTIONS] PATH | URL | -');
    expect(help.out).toContain('--target string');
    expect((await run('docker')).out).toContain('Usage:  docker [OPTIONS] COMMAND');
    expect((await run('docker run --help')).out).toContain('Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]');
    expect((await run('docker --version')).out).toMatch(/simulated by Stagecraft/);
    expect((await run('docker version')).out).toMatch(/simulated/);
  });

  it('real flags the simulation does not model are accepted with a note', async () => {
    const r = await run('docker build -q --platform linux/arm64 --pull .');
    expect(r.status).toBe(0);
    expect(r.err).toContain('# Stagecraft: docker buildx build --platform is accepted but not simulated');
    expect(r.err).toContain('--pull is accepted but not simulated');
  });

  it('docker ps has nothing to list', async () => {
    const ps = await run('docker ps -a');
    expect(ps.status).toBe(0);
    expect(ps.out).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
  });

  it('docker image inspect: what the simulation knows of an image, as JSON', async () => {
    await run('docker build -t myapp:multi .');
    const r = await run('docker image inspect myapp:multi');
    expect(r.status).toBe(0);
    const [info] = JSON.parse(r.out) as Array<{ Id: string; RepoTags: string[]; Size: number; Config: { Cmd: string[]; User: string } }>;
    expect(info).toMatchObject({ Id: imageDigest(direct(MULTI)), RepoTags: ['myapp:multi'], Size: direct(MULTI).image!.bytes, Config: { Cmd: ['node', 'dist/server.js'], User: 'node' } });
    expect(await run('docker image inspect nope')).toMatchObject({ status: 1, out: '[]\n', err: 'Error: No such image: nope\n' });
  });
});

describe('completion', () => {
  const complete = (line: string) => shell.complete(line).candidates;

  it('subcommands, image subcommands, flags', () => {
    expect(complete('docker ')).toEqual(expect.arrayContaining(['build ', 'images ', 'history ', 'run ', 'rmi ', 'image ', 'ps ']));
    expect(complete('docker bu')).toEqual(['build ', 'builder ', 'buildx ']);
    expect(complete('docker image ')).toEqual(['build ', 'history ', 'inspect ', 'ls ', 'rm ']);
    expect(complete('docker build --t')).toEqual(['--tag ', '--target ']);
    expect(complete('docker run --r')).toEqual(['--read-only ', '--restart ', '--rm ']);
    expect(complete('docker history --n')).toEqual(['--no-trunc ']);
    expect(complete('docker build --progress=')).toEqual(['--progress=auto ', '--progress=none ', '--progress=plain ', '--progress=quiet ', '--progress=rawjson ', '--progress=tty ']);
  });

  it('stage names for --target, from the Dockerfile -f names or PATH/Dockerfile', () => {
    ws.write('Dockerfile', MORE_STAGES);
    expect(complete('docker build --target ')).toEqual(['build ', 'deps ', 'prod-deps ', 'runtime ', 'test ']);
    expect(complete('docker build --target t')).toEqual(['test ']);
    expect(complete('docker build --target=p')).toEqual(['--target=prod-deps ']);
    ws.write('other.Dockerfile', 'FROM alpine AS first\nFROM first AS second\n');
    expect(complete('docker build -f other.Dockerfile --target ')).toEqual(['first ', 'second ']);
  });

  it('files for -f, folders for PATH', () => {
    expect(complete('docker build -f sin')).toEqual(['single.Dockerfile ']);
    expect(complete('docker build -t x ')).toEqual(expect.arrayContaining(['. ', 'src/', 'test/']));
    expect(complete('docker build -t x ')).not.toContain('package.json ');
    expect(complete('docker build . ')).toEqual([]);
  });

  it('image names for run, history, rmi, images and dive', async () => {
    await run('docker build -q -t myapp:multi .');
    await run('docker build -q -t myapp:single -f single.Dockerfile .');
    expect(complete('docker run my')).toEqual(['myapp:multi ', 'myapp:single ']);
    expect(complete('docker run -it --rm my')).toEqual(['myapp:multi ', 'myapp:single ']);
    expect(complete('docker run myapp:multi ')).toEqual([]);
    expect(complete('docker history myapp:s')).toEqual(['myapp:single ']);
    expect(complete('docker rmi myapp:multi my')).toEqual(['myapp:single ']);
    expect(complete('docker image rm m')).toEqual(['myapp:multi ', 'myapp:single ']);
    expect(complete('docker images m')).toEqual(['myapp ', 'myapp:multi ', 'myapp:single ']);
    expect(complete('dive m')).toEqual(['myapp:multi ', 'myapp:single ']);
  });
});
