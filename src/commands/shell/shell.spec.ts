import { describe, expect, it } from 'vitest';
import { MemoryWorkspace } from '../workspace';
import { completionWords, parseLine, quoteWord } from './line';
import { createShell } from './index';
import { duHuman } from './builtins';
import { ImageStore, type SessionImage } from './session';

function workspace() {
  return new MemoryWorkspace('demo', [
    { path: 'package.json', size: 20, text: '{"name":"demo"}\n' },
    { path: 'Dockerfile', size: 12, text: 'FROM alpine\n' },
    { path: '.dockerignore', size: 13, text: 'node_modules\n' },
    { path: 'src/server.ts', size: 10, text: 'export {}\n' },
    { path: 'src/lib/util.ts', size: 5, text: 'x=1\n' },
    { path: 'node_modules/left-pad/index.js', size: 5000 },
    { path: 'node_modules/left-pad/package.json', size: 300 },
  ]);
}

async function run(line: string, shell = createShell({ workspace: workspace(), now: () => Date.UTC(2026, 11, 2, 10, 30) })) {
  let out = '';
  let err = '';
  const status = await shell.run(line, { out: (t) => (out += t), err: (t) => (err += t) });
  return { out, err, status, shell };
}

describe('parseLine', () => {
  it('splits words with quotes, escapes and variables', () => {
    const env = (n: string) => ({ A: 'one two', EMPTY: '' })[n];
    expect(parseLine(`echo 'a b' "c \\"d\\" $A" e\\ f $A \${A}x`, env)).toMatchObject({ commands: [{ words: ['echo', 'a b', 'c "d" one two', 'e f', 'one two', 'one twox'], op: null }] });
    expect(parseLine(`echo "" '' x`, env)).toMatchObject({ commands: [{ words: ['echo', '', '', 'x'], op: null }] });
  });

  it('reads lists joined by && || and ;', () => {
    expect(parseLine('a && b || c; d')).toEqual({
      commands: [
        { words: ['a'], raw: 'a ', op: null },
        { words: ['b'], raw: ' b ', op: '&&' },
        { words: ['c'], raw: ' c', op: '||' },
        { words: ['d'], raw: ' d', op: ';' },
      ],
    });
    expect(parseLine('a; # a comment')).toEqual({ commands: [{ words: ['a'], raw: 'a', op: null }] });
  });

  it('refuses what this shell does not do, naming it', () => {
    expect(parseLine('docker images | grep app')).toEqual({ error: expect.stringContaining('pipes') });
    expect(parseLine('echo x > f')).toEqual({ error: expect.stringContaining('redirections') });
    expect(parseLine('echo $(date)')).toEqual({ error: expect.stringContaining('command substitution') });
    expect(parseLine("echo 'open")).toEqual({ error: expect.stringContaining("' quote is not closed") });
    expect(parseLine('&& ls')).toEqual({ error: expect.stringContaining('unexpected token') });
    expect(parseLine('ls &&')).toEqual({ error: expect.stringContaining('nothing after') });
  });

  it('gives completion the words before the cursor and the one being typed', () => {
    expect(completionWords('docker build -t ap')).toEqual({ words: ['docker', 'build', '-t'], current: 'ap', currentStart: 16 });
    expect(completionWords('ls && cat ')).toEqual({ words: ['cat'], current: '', currentStart: 10 });
    expect(quoteWord('my file')).toBe("'my file'");
    expect(quoteWord("it's")).toBe("'it'\\''s'");
    expect(quoteWord('src/app.ts')).toBe('src/app.ts');
  });
});

describe('the shell session', () => {
  it('runs lists on exit statuses and keeps $?', async () => {
    expect((await run('nosuch && echo no || echo yes')).out).toBe('yes\n');
    const r = await run('nosuch; echo $?');
    expect(r.out).toBe('127\n');
    expect(r.err).toBe('sh: nosuch: command not found\n');
  });

  it('suggests a near command name', async () => {
    expect((await run('hsitory')).err).toBe('sh: hsitory: command not found (did you mean "history"?)\n');
    expect((await run('pdw')).err).toContain('did you mean "pwd"?');
  });

  it('sets variables and keeps a history without repeats', async () => {
    const shell = createShell({ workspace: workspace() });
    await run('TAG=v2', shell);
    expect((await run('echo app:$TAG', shell)).out).toBe('app:v2\n');
    await run('echo app:$TAG', shell);
    expect(shell.history).toEqual(['TAG=v2', 'echo app:$TAG']);
    expect((await run('history', shell)).out).toBe('    1  TAG=v2\n    2  echo app:$TAG\n    3  history\n');
  });

  it('cd and pwd move inside the project only', async () => {
    const shell = createShell({ workspace: workspace() });
    expect((await run('pwd', shell)).out).toBe('/home/learner/demo\n');
    expect((await run('cd src/lib && pwd', shell)).out).toBe('/home/learner/demo/src/lib\n');
    expect(shell.prompt).toBe('~/demo/src/lib');
    expect((await run('cd ../.. && pwd', shell)).out).toBe('/home/learner/demo\n');
    expect((await run('cd ..', shell)).err).toBe('sh: cd: ..: No such file or directory\n');
    expect((await run('cd package.json', shell)).err).toBe('sh: cd: package.json: Not a directory\n');
    await run('cd /home/learner/demo/src', shell);
    expect(shell.cwd).toBe('src');
    await run('cd', shell);
    expect(shell.cwd).toBe('');
    expect((await run('cat /etc/passwd', shell)).err).toBe('cat: /etc/passwd: No such file or directory\n');
  });

  it('ls lists names in columns, hides dot files unless -a, and -l gives sizes', async () => {
    expect((await run('ls')).out).toBe('Dockerfile  node_modules  package.json  src\n');
    expect((await run('ls -A')).out).toBe('.dockerignore  Dockerfile  node_modules  package.json  src\n');
    const long = (await run('ls -l src')).out.split('\n');
    expect(long[0]).toBe('total 8');
    expect(long[1]).toMatch(/^drwxr-xr-x 2 learner learner 4096 Dec  2 10:30 lib$/);
    expect(long[2]).toMatch(/^-rw-r--r-- 1 learner learner   10 Dec  2 10:30 server\.ts$/);
    const missing = await run('ls nope');
    expect(missing.err).toBe("ls: cannot access 'nope': No such file or directory\n");
    expect(missing.status).toBe(2);
    expect((await run('ls -z')).err).toContain("ls: invalid option -- 'z'");
  });

  it('cat prints files and says why it cannot', async () => {
    expect((await run('cat Dockerfile .dockerignore')).out).toBe('FROM alpine\nnode_modules\n');
    expect((await run('cat src')).err).toBe('cat: src: Is a directory\n');
    expect((await run('cat node_modules/left-pad/index.js')).err).toContain('knows only the size');
    expect((await run('cat -n Dockerfile')).out).toBe('     1\tFROM alpine\n');
  });

  it('du counts 4 KiB blocks like ext4, or apparent sizes', async () => {
    expect((await run('du -sh node_modules')).out).toBe('20K\tnode_modules\n');
    expect((await run('du -sb node_modules')).out).toBe('5300\tnode_modules\n');
    expect((await run('du -s --apparent-size -h node_modules')).out).toBe('5.2K\tnode_modules\n');
    expect((await run('du -h src')).out).toBe('8.0K\tsrc/lib\n16K\tsrc\n');
    expect(duHuman(90_206_843)).toBe('87M');
    expect(duHuman(1023)).toBe('1023');
    expect(duHuman(1024 * 1024 * 9.91)).toBe('10M');
    expect(duHuman(1024 * 1023.5)).toBe('1.0M');
  });

  it('tree draws the folder and counts', async () => {
    expect((await run('tree -I node_modules')).out).toBe('.\n├── Dockerfile\n├── package.json\n└── src\n    ├── lib\n    │   └── util.ts\n    └── server.ts\n\n2 directories, 4 files\n');
    expect((await run('tree -L 1 -d')).out).toBe('.\n├── node_modules\n└── src\n\n2 directories\n');
  });

  it('explains host tools in one line, pointing to the real terminal when there is one', async () => {
    const plain = await run('npm ci');
    expect(plain.status).toBe(127);
    expect(plain.err.trim().split('\n')).toHaveLength(1);
    expect(plain.err).toContain('own machine');
    const hinted = createShell({ workspace: workspace(), realTerminalHint: 'Open the real Node terminal to run it.' });
    expect((await run('npm ci', hinted)).err).toContain('Open the real Node terminal');
  });

  it('clear asks the terminal to clear; help lists the commands', async () => {
    let cleared = 0;
    const shell = createShell({ workspace: workspace(), onClear: () => cleared++ });
    await run('clear', shell);
    expect(cleared).toBe(1);
    const help = (await run('help', shell)).out;
    expect(help).toContain('  ls ');
    expect(help).not.toContain('  npm ');
    expect((await run('help cd', shell)).out).toBe('cd: change the working folder (cd alone: the project’s top)\nUsage: cd [PATH]\n');
  });

  it('completes command names, paths and folders', async () => {
    const shell = createShell({ workspace: workspace() });
    expect(shell.complete('ec')).toEqual({ start: 0, candidates: ['echo '] });
    expect(shell.complete('cat s')).toEqual({ start: 4, candidates: ['src/'] });
    expect(shell.complete('cat src/')).toEqual({ start: 4, candidates: ['src/lib/', 'src/server.ts '] });
    expect(shell.complete('cd ')).toEqual({ start: 3, candidates: ['node_modules/', 'src/'] });
    expect(shell.complete('ls .d')).toEqual({ start: 3, candidates: ['.dockerignore '] });
  });

  it('never throws on a command that fails inside', async () => {
    const shell = createShell({ workspace: workspace() });
    shell.commands.set('boom', { name: 'boom', summary: '', run: () => { throw new Error('bad'); } });
    const r = await run('boom', shell);
    expect(r.status).toBe(1);
    expect(r.err).toContain('boom: internal error: bad');
  });
});

describe('ImageStore', () => {
  const image = (id: string, created: number) => ({ id, created }) as unknown as SessionImage;

  it('moves a name to a new image and leaves the old one dangling', () => {
    const store = new ImageStore();
    store.add(image('sha256:aaa', 1), ['app:latest']);
    store.add(image('sha256:bbb', 2), ['app:latest', 'app:v2']);
    expect(store.list().map((e) => [e.image.id, e.names])).toEqual([
      ['sha256:bbb', ['app:latest', 'app:v2']],
      ['sha256:aaa', []],
    ]);
    expect(store.find('app')?.id).toBe('sha256:bbb');
    expect(store.find('aa')?.id).toBe('sha256:aaa');
    expect(store.untag('app')).toEqual({ untagged: 'app:latest', deleted: null });
    expect(store.untag('app:v2')).toEqual({ untagged: 'app:v2', deleted: 'sha256:bbb' });
    expect(store.find('app:v2')).toBeUndefined();
  });
});
