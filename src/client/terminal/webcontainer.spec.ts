import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { textEntry } from '../../engine/index';
import { securityHeaders } from '../../site/headers.mjs';
import { DOCKER_SCRIPT_PATH } from '../../integrations/docker-script.mjs';
import {
  activeWebContainer, bootWebContainer, canBootWebContainer, COEP, DOCKER_SCRIPT_URL, projectTree, teardownOnLeave,
  type BootEnvironment, type Container, type ContainerProcess, type LessonProject,
} from './webcontainer';

const SCRIPT = '#!/usr/bin/env node\n// the bundled docker command\n';

const project: LessonProject = {
  name: 'node-express-ts',
  files: [textEntry('package.json', '{"name":"app"}'), textEntry('src/index.ts', 'console.log(1)\n'), textEntry('Dockerfile', 'FROM node:22\n')],
  manifest: { version: 1, dirs: [{ path: 'node_modules/express', files: 10, bytes: 1000 }], facts: {} },
};

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A WebContainer that records what is done to it. */
function fakeContainer(options: { mount?: () => Promise<void>; spawn?: () => Promise<ContainerProcess>; node?: () => Promise<ContainerProcess> } = {}) {
  const record = {
    mounts: [] as unknown[],
    spawns: [] as Array<{ command: string; args: string[]; options: unknown }>,
    writes: [] as string[],
    resizes: [] as Array<{ cols: number; rows: number }>,
    killed: 0,
    teardowns: 0,
  };
  let emit!: (chunk: string) => void;
  const output = new ReadableStream<string>({
    start(c) {
      emit = (chunk) => c.enqueue(chunk);
    },
  });
  const exit = deferred<number>();
  const proc: ContainerProcess = {
    output,
    input: new WritableStream<string>({ write: (chunk) => void record.writes.push(chunk) }),
    exit: exit.promise,
    kill: () => void record.killed++,
    resize: (size) => void record.resizes.push(size),
  };
  const container: Container = {
    path: '/usr/local/bin:/usr/bin:/bin',
    workdir: '/home/stagecraft',
    async mount(tree) {
      record.mounts.push(tree);
      await options.mount?.();
    },
    async spawn(command, args, opts) {
      record.spawns.push({ command, args, options: opts });
      if (command === 'node') return options.node ? options.node() : { ...proc, exit: Promise.resolve(0) };
      return options.spawn ? options.spawn() : proc;
    },
    teardown() {
      record.teardowns++;
      if (record.teardowns > 1) throw new Error('WebContainer already torn down');
    },
  };
  return { container, record, emit: (chunk: string) => emit(chunk), exit };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  activeWebContainer()?.dispose();
  vi.useRealTimers();
});

describe('bootWebContainer', () => {
  it('mounts the project (without the manifest’s heavy folders) and the docker command, and starts jsh with docker on PATH', async () => {
    const fake = fakeContainer();
    const got = await bootWebContainer({ project, files: { Dockerfile: 'FROM node:22-alpine\n' }, boot: async () => fake.container, fetchScript: async () => SCRIPT });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(fake.record.mounts).toHaveLength(1);
    const tree = fake.record.mounts[0] as Record<string, any>;
    expect(Object.keys(tree).sort()).toEqual(['.stagecraft', 'node-express-ts']);
    const app = tree['node-express-ts'].directory;
    expect(Object.keys(app).sort()).toEqual(['Dockerfile', 'package.json', 'src', 'stagecraft.project.json']);
    // The editor's live file wins over the project's.
    expect(app.Dockerfile.file.contents).toBe('FROM node:22-alpine\n');
    expect(app.src.directory['index.ts'].file.contents).toBe('console.log(1)\n');
    // Described, never written: `npm ci` makes the real one.
    expect(app.node_modules).toBeUndefined();
    expect(JSON.parse(app['stagecraft.project.json'].file.contents)).toEqual(project.manifest);
    const bin = tree['.stagecraft'].directory.bin.directory;
    expect(bin['docker.mjs'].file.contents).toBe(SCRIPT);
    expect(bin.docker.file.contents).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(bin.dive.file.contents).toBe(bin.docker.file.contents);
    expect(JSON.parse(bin['package.json'].file.contents)).toEqual({ type: 'commonjs' });

    const backend = got.backend;
    expect(backend.kind).toBe('raw');
    const shown: string[] = [];
    // Before jsh: the launchers made executable by the container's own Node.
    expect(fake.record.spawns).toEqual([
      { command: 'node', args: ['-e', expect.stringContaining('chmodSync(f, 0o755)')], options: { output: false } },
    ]);
    expect((fake.record.spawns[0]!.args[1] as string)).toContain('[".stagecraft/bin/docker",".stagecraft/bin/dive"]');
    await backend.start({ write: (t) => void shown.push(t) }, { cols: 100, rows: 30 });
    expect(fake.record.spawns.slice(1)).toEqual([
      {
        command: 'jsh',
        args: [],
        options: {
          cwd: 'node-express-ts',
          env: {
            PATH: '/home/stagecraft/.stagecraft/bin:/usr/local/bin:/usr/bin:/bin',
            STAGECRAFT_ROOT: '/home/stagecraft/node-express-ts',
            STAGECRAFT_STATE: '/home/stagecraft/.stagecraft/images.json',
          },
          terminal: { cols: 100, rows: 30 },
        },
      },
    ]);
    fake.emit('\x1b[32m❯\x1b[0m ');
    await flush();
    expect(shown.join('')).toContain('❯');
    backend.input('docker images\r');
    await flush();
    expect(fake.record.writes).toEqual(['docker images\r']);
    backend.resize({ cols: 120, rows: 40 });
    expect(fake.record.resizes).toEqual([{ cols: 120, rows: 40 }]);

    expect(activeWebContainer()).toBe(backend);
    backend.dispose();
    expect(fake.record.killed).toBe(1);
    expect(fake.record.teardowns).toBe(1);
    expect(activeWebContainer()).toBeNull();
    backend.dispose();
    backend.input('ignored');
    expect(fake.record.teardowns).toBe(1);
    await expect(backend.start({ write() {} }, { cols: 80, rows: 24 })).rejects.toThrow(/closed/);
  });

  it('a container where the launchers cannot be made executable still boots (node docker.mjs works there)', async () => {
    const fake = fakeContainer({
      node: async () => {
        throw new Error('no node');
      },
    });
    const got = await bootWebContainer({ project, boot: async () => fake.container, fetchScript: async () => SCRIPT });
    expect(got.ok).toBe(true);
  });

  it('says when jsh exits', async () => {
    const fake = fakeContainer();
    const got = await bootWebContainer({ project, boot: async () => fake.container, fetchScript: async () => SCRIPT });
    if (!got.ok) throw new Error(got.reason);
    const shown: string[] = [];
    await got.backend.start({ write: (t) => void shown.push(t) }, { cols: 80, rows: 24 });
    fake.exit.resolve(0);
    await flush();
    expect(shown.join('')).toContain('jsh exited with status 0');
  });

  it('runs one WebContainer per page: a second boot is refused until the first is disposed', async () => {
    const first = fakeContainer();
    const a = await bootWebContainer({ project, boot: async () => first.container, fetchScript: async () => SCRIPT });
    expect(a.ok).toBe(true);
    const second = fakeContainer();
    const boot = vi.fn(async () => second.container);
    const b = await bootWebContainer({ project, boot, fetchScript: async () => SCRIPT });
    expect(b).toEqual({ ok: false, reason: expect.stringMatching(/already running in this page/) });
    expect(boot).not.toHaveBeenCalled();
    if (a.ok) a.backend.dispose();
    const c = await bootWebContainer({ project, boot, fetchScript: async () => SCRIPT });
    expect(c.ok).toBe(true);
  });

  for (const [thrown, reason] of [
    [new Error('Only a single WebContainer instance can be booted'), /^A WebContainer is already running in this page/],
    [new TypeError('Failed to fetch'), /could not be downloaded from StackBlitz's servers \(Failed to fetch\): the network is offline or blocks stackblitz\.com/],
    [new Error('SharedArrayBuffer is not defined'), /needs a cross-origin isolated page/],
    [new Error('Something broke inside.'), /^The WebContainer did not start: Something broke inside\.$/],
    ['a string', /^The WebContainer did not start: a string\.$/],
  ] as const) {
    it(`a boot that fails (${String(thrown)}) resolves with the reason in plain words`, async () => {
      const got = await bootWebContainer({
        project,
        boot: async () => {
          throw thrown;
        },
        fetchScript: async () => SCRIPT,
      });
      expect(got.ok).toBe(false);
      if (!got.ok) expect(got.reason).toMatch(reason);
      expect(activeWebContainer()).toBeNull();
    });
  }

  it('a boot that never ends gives up after the timeout, and the container that comes up later is torn down', async () => {
    vi.useFakeTimers();
    const late = fakeContainer();
    const pending = deferred<Container>();
    const answer = bootWebContainer({ project, boot: () => pending.promise, fetchScript: async () => SCRIPT });
    let settled = false;
    void answer.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(19_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const got = await answer;
    expect(got).toEqual({ ok: false, reason: expect.stringMatching(/^The WebContainer did not start within 20 s\. .*StackBlitz's servers/) });
    pending.resolve(late.container);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.record.teardowns).toBe(1);
    expect(late.record.mounts).toEqual([]);
    expect(activeWebContainer()).toBeNull();
  });

  it('the timeout is the caller’s to choose', async () => {
    vi.useFakeTimers();
    const answer = bootWebContainer({ project, timeoutMs: 1500, boot: () => new Promise<Container>(() => {}), fetchScript: async () => SCRIPT });
    await vi.advanceTimersByTimeAsync(1500);
    expect(await answer).toEqual({ ok: false, reason: expect.stringMatching(/within 1\.5 s/) });
  });

  it('a script that cannot be fetched fails the boot, naming it, and the booted container is torn down', async () => {
    const fake = fakeContainer();
    const got = await bootWebContainer({
      project,
      boot: async () => fake.container,
      fetchScript: async () => {
        throw new Error('the server answered 404 Not Found');
      },
    });
    expect(got).toEqual({ ok: false, reason: `The docker command for the terminal (${DOCKER_SCRIPT_URL}) could not be fetched: the server answered 404 Not Found.` });
    await flush();
    expect(fake.record.teardowns).toBe(1);
  });

  it('a mount that fails says so, and the container is torn down', async () => {
    const fake = fakeContainer({
      mount: async () => {
        throw new Error('EIO');
      },
    });
    const got = await bootWebContainer({ project, boot: async () => fake.container, fetchScript: async () => SCRIPT });
    expect(got).toEqual({ ok: false, reason: "The lesson's files could not be copied into the WebContainer: EIO." });
    await flush();
    expect(fake.record.teardowns).toBe(1);
  });

  it('jsh that does not start within the timeout rejects start() with a reason', async () => {
    const fake = fakeContainer({ spawn: () => new Promise<ContainerProcess>(() => {}) });
    const got = await bootWebContainer({ project, timeoutMs: 3000, boot: async () => fake.container, fetchScript: async () => SCRIPT });
    if (!got.ok) throw new Error(got.reason);
    vi.useFakeTimers();
    const started = got.backend.start({ write() {} }, { cols: 80, rows: 24 });
    const check = expect(started).rejects.toThrow('The shell (jsh) did not start within 3 s.');
    await vi.advanceTimersByTimeAsync(3000);
    await check;
  });

  it('leaving the page tears the WebContainer down', async () => {
    const listeners: Array<() => void> = [];
    const target = { addEventListener: (_: 'pagehide', l: () => void) => void listeners.push(l), removeEventListener: (_: 'pagehide', l: () => void) => void listeners.splice(listeners.indexOf(l), 1) };
    const remove = teardownOnLeave(target);
    const fake = fakeContainer();
    const got = await bootWebContainer({ project, boot: async () => fake.container, fetchScript: async () => SCRIPT });
    expect(got.ok).toBe(true);
    for (const l of listeners) l();
    expect(fake.record.teardowns).toBe(1);
    expect(activeWebContainer()).toBeNull();
    remove();
    expect(listeners).toEqual([]);
  });
});

describe('projectTree', () => {
  it('writes files with text, skips paths that leave the folder or collide with a file', () => {
    const tree = projectTree({
      name: 'p',
      files: [textEntry('a/b.txt', 'b'), { path: 'big.bin', size: 10, hash: 'x' }, textEntry('../escape', 'no'), textEntry('a/b.txt/c', 'no')],
      manifest: null,
    });
    expect(tree).toEqual({ a: { directory: { 'b.txt': { file: { contents: 'b' } } } } });
  });
});

describe('canBootWebContainer', () => {
  const chrome: BootEnvironment = {
    crossOriginIsolated: true,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
    platform: 'Linux x86_64',
    maxTouchPoints: 0,
    online: true,
    sharedArrayBuffer: true,
  };
  const mac = { ...chrome, userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15', platform: 'MacIntel' };

  it('a cross-origin isolated desktop browser, online, can', () => {
    expect(canBootWebContainer(chrome)).toEqual({ ok: true });
    expect(canBootWebContainer(mac)).toEqual({ ok: true });
    expect(canBootWebContainer({ ...chrome, userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/140.0 Mobile Safari/537.36', maxTouchPoints: 5 })).toEqual({ ok: true });
  });

  for (const [name, env] of [
    ['an iPhone', { ...chrome, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1', platform: 'iPhone', maxTouchPoints: 5 }],
    ['an iPad that says so', { ...chrome, userAgent: 'Mozilla/5.0 (iPad; CPU OS 16_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.4 Mobile/15E148 Safari/604.1', platform: 'iPad', maxTouchPoints: 5 }],
    ['an iPad that reports itself as a Mac (with touch points)', { ...mac, maxTouchPoints: 5 }],
    ['Chrome on an iPhone', { ...chrome, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/140.0 Mobile/15E148 Safari/604.1', platform: 'iPhone' }],
  ] as const) {
    it(`${name} cannot, and is told why`, () => {
      expect(canBootWebContainer(env)).toEqual({ ok: false, reason: expect.stringMatching(/^This is an iPhone or iPad/) });
    });
  }

  it('a page that is not cross-origin isolated cannot, naming the headers', () => {
    const got = canBootWebContainer({ ...chrome, crossOriginIsolated: false });
    expect(got).toEqual({ ok: false, reason: expect.stringMatching(/not cross-origin isolated .*Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/) });
  });

  it('a browser without SharedArrayBuffer cannot', () => {
    expect(canBootWebContainer({ ...chrome, sharedArrayBuffer: false })).toEqual({ ok: false, reason: expect.stringMatching(/no SharedArrayBuffer/) });
  });

  it('an offline browser cannot: the runtime comes from StackBlitz', () => {
    expect(canBootWebContainer({ ...chrome, online: false })).toEqual({ ok: false, reason: expect.stringMatching(/offline.*StackBlitz's servers/) });
  });
});

describe('what the page loads', () => {
  it('imports @webcontainer/api only when a boot is asked for (types aside)', () => {
    const source = readFileSync(new URL('./webcontainer.ts', import.meta.url), 'utf8');
    const staticImports = [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'@webcontainer\/api';/gm)];
    expect(staticImports.length).toBeGreaterThan(0);
    expect(staticImports.every((m) => m[1] !== undefined)).toBe(true);
    expect(source).toContain("import('@webcontainer/api')");
  });

  it('boots with the page’s own COEP and fetches the script where the site serves it', () => {
    expect(COEP).toBe(securityHeaders['Cross-Origin-Embedder-Policy']);
    expect(DOCKER_SCRIPT_URL).toBe(DOCKER_SCRIPT_PATH);
  });
});
