/**
 * File commands: GNU coreutils 9.1 on Debian 12 and BusyBox 1.36 on Alpine
 * 3.20 fail on the same inputs with different words. Every case is checked on
 * both images; then what the commands put in the layer.
 */
import { describe, expect, it } from 'vitest';
import { alpine, debian, golang, nodeAlpine, runOf, sim } from './spec-helpers';

const NO = 'No such file or directory';
/** What fails, the RUN (after `COPY src ./src` and `COPY package.json ./`), GNU's message, BusyBox's message. */
const FAILURES: Array<[string, string, string, string]> = [
  ['rm of a missing file', 'rm nope.txt', `rm: cannot remove 'nope.txt': ${NO}`, `rm: can't remove 'nope.txt': ${NO}`],
  ['rm of a folder without -r', 'rm src', "rm: cannot remove 'src': Is a directory", "rm: 'src' is a directory"],
  ['mkdir under a missing parent', 'mkdir a/b', `mkdir: cannot create directory 'a/b': ${NO}`, `mkdir: can't create directory 'a/b': ${NO}`],
  ['mkdir of an existing folder', 'mkdir src', "mkdir: cannot create directory 'src': File exists", "mkdir: can't create directory 'src': File exists"],
  ['cp of a missing file', 'cp nope.txt x.txt', `cp: cannot stat 'nope.txt': ${NO}`, `cp: can't stat 'nope.txt': ${NO}`],
  ['cp of a folder without -r', 'cp src /opt/', "cp: -r not specified; omitting directory 'src'", "cp: omitting directory 'src'"],
  ['mv of a missing file', 'mv nope.txt x.txt', `mv: cannot stat 'nope.txt': ${NO}`, `mv: can't rename 'nope.txt': ${NO}`],
  ['chown to a user that does not exist', 'chown app src', "chown: invalid user: 'app'", 'chown: unknown user app'],
  ['chown to a user:group that does not exist', 'chown app:app src', "chown: invalid user: 'app:app'", 'chown: unknown user/group app:app'],
  ['chown of a missing file', 'chown root nope', `chown: cannot access 'nope': ${NO}`, `chown: nope: ${NO}`],
  ['chmod of a missing file', 'chmod +x nope.sh', `chmod: cannot access 'nope.sh': ${NO}`, `chmod: nope.sh: ${NO}`],
  ['ln (hard link) to a missing file', 'ln nope x', `ln: failed to access 'nope': ${NO}`, `ln: nope: ${NO}`],
  ['touch in a missing folder', 'touch a/b', `touch: cannot touch 'a/b': ${NO}`, `touch: a/b: ${NO}`],
  ['cat of a missing file', 'cat nope', `cat: nope: ${NO}`, `cat: can't open 'nope': ${NO}`],
  ['ls of a missing path', 'ls nope', `ls: cannot access 'nope': ${NO}`, `ls: nope: ${NO}`],
];
const run = (image: typeof debian, command: string) => image(`COPY src ./src\nCOPY package.json ./\nRUN ${command}`);

describe('how they fail', () => {
  it.each(FAILURES)('%s (Debian, GNU)', (_what, command, gnu) => expect(run(debian, command)).toMatchObject({ status: 'failed', message: gnu }));
  it.each(FAILURES)('%s (Alpine, BusyBox)', (_what, command, _gnu, busybox) => expect(run(alpine, command)).toMatchObject({ status: 'failed', message: busybox }));
  it('the official node and golang images are Debian or Alpine underneath', () => expect([run(nodeAlpine, 'rm nope.txt').message, golang('RUN rm nope.txt').message]).toEqual([`rm: can't remove 'nope.txt': ${NO}`, `rm: cannot remove 'nope.txt': ${NO}`]));
  it('test -f of a missing file exits 1 (and prints nothing)', () => expect(debian('RUN test -f nope')).toMatchObject({ status: 'failed', message: 'exit code: 1' }));
  it('[ -d DIR ] of a folder that is there succeeds', () => expect(run(debian, '[ -d src ]').status).toBe('ok'));
});

describe('what they make', () => {
  it('rm -f of a missing file succeeds', () => expect(debian('RUN rm -f nope.txt').status).toBe('ok'));
  it('rm -rf of a copied folder whites it out', () => expect(run(debian, 'rm -rf src')).toMatchObject({ status: 'ok', bytes: 0, removed: ['/app/src'] }));
  it('… and its bytes stay in the COPY layer: wasted space', () => expect(run(debian, 'rm -rf src').result.wasted.files).toEqual([expect.objectContaining({ path: '/app/src/server.ts', bytes: 18 })]));
  it('rm -rf of what the same RUN made leaves nothing in the layer', () => expect(run(debian, 'cp -r src /opt/src && rm -rf /opt/src')).toMatchObject({ status: 'ok', bytes: 0, files: {} }));
  it('mkdir -p makes the folders', () => expect(debian('RUN mkdir -p a/b/c').files).toEqual({ '/app/a/b/c': 0 }));
  it('mkdir and touch work in the folders every image has (/tmp, /opt, /usr/local)', () => expect([debian('RUN mkdir /tmp/work && touch /tmp/work/x').status, alpine('RUN mkdir /opt/app').status, debian('RUN touch /usr/local/bin/tool').status]).toEqual(['ok', 'ok', 'ok']));
  it('cp -r copies the bytes again into this layer', () => expect(run(debian, 'cp -r src /opt/').files).toEqual({ '/opt/src/server.ts': 18 }));
  it('cp of a file into an existing folder keeps its name', () => expect(run(alpine, 'cp package.json /etc/').files).toEqual({ '/etc/package.json': 184 }));
  it('mv across layers copies the file to its new path and whites out the old one', () => expect(run(debian, 'mv package.json /etc/app.json')).toMatchObject({ files: { '/etc/app.json': 184 }, removed: ['/app/package.json'] }));
  it('chown -R copies every file it touches into the layer', () => expect(run(debian, 'chown -R nobody src')).toMatchObject({ bytes: 18, notes: ['chown copied 18 bytes of files into this layer (metadata changes copy the whole file)'] }));
  it('chown records the owner', () => expect(run(nodeAlpine, 'chown -R node:node src').entries['/app/src/server.ts']?.owner).toBe('node:node'));
  it('chown to a numeric id needs no user', () => expect(run(alpine, 'chown -R 10001:10001 src').status).toBe('ok'));
  it('chmod copies the file too, with its new mode', () => expect(run(debian, 'chmod 600 package.json').entries['/app/package.json']).toMatchObject({ bytes: 184, mode: 0o600 }));
  it('ln -s to a missing target makes a dangling link (allowed)', () => expect(debian('RUN ln -s /nope /app/link').files).toEqual({ '/app/link': 0 }));
  it('touch makes an empty file', () => expect(debian('RUN touch a').files).toEqual({ '/app/a': 0 }));
  it('echo with a redirect makes a file', () => expect(alpine('RUN echo hi > out.txt').files).toEqual({ '/app/out.txt': 0 }));
});

describe('after something Stagecraft does not know, a path it cannot see is unknown, not missing', () => {
  // `sh setup.sh` runs a script Stagecraft does not follow: it may have made (or removed) any path.
  const after = (command: string) => debian(`COPY setup.sh ./\nRUN sh setup.sh\nRUN ${command}`, { files: { 'setup.sh': 'mkdir -p a && touch nope nope.sh\n' } });
  it.each(['rm nope', 'cp nope x', 'mv nope x', 'cat nope', 'ls nope', 'chown root nope', 'chmod +x nope.sh', 'test -f nope', 'mkdir a/b', 'touch a/b'])('%s', (command) => expect(after(command).status).toBe('unknown'));
  it('an image Stagecraft does not know counts as unknown too', () => expect(runOf(sim('FROM example.com/tools:1.0\nRUN rm /opt/nope\n')).status).toBe('unknown'));
});
