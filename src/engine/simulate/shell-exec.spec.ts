/**
 * The RUN's shell: /bin/sh -c is dash on Debian 12 and BusyBox ash on Alpine
 * 3.20. Exit statuses of `&&`, `||`, `;`, pipes and `set -e`; cd, export and
 * redirections; commands it cannot find; and commands Stagecraft does not
 * know, which make the outcome "unknown" — never "ok", never "failed".
 */
import { describe, expect, it } from 'vitest';
import { alpine, debian, node, runOf, sim } from './commands/spec-helpers';

const RM = "rm: cannot remove 'nope': No such file or directory";
/** The RUN's outcome, the lines that failed, and the lines whose outcome is unknown. */
const verdicts = (r: ReturnType<typeof debian>) => ({ status: r.status, failed: r.result.problems.filter((p) => p.code === 'command-failed').map((p) => p.line), unknownLines: r.result.unknowns.map((u) => u.line) });

describe('exit statuses', () => {
  it('a && b: a fails, b does not run, the RUN fails with a’s message', () => expect(debian('RUN rm nope && touch made')).toMatchObject({ status: 'failed', message: RM, files: {} }));
  it('a || b: b rescues a failure', () => expect(debian('RUN rm nope || touch made')).toMatchObject({ status: 'ok', files: { '/app/made': 0 } }));
  it('a || true: the usual way to ignore a failure', () => expect(debian('RUN rm nope || true').status).toBe('ok'));
  it('a || b: b does not run when a succeeds', () => expect(debian('RUN true || touch made').files).toEqual({}));
  it('a ; b: the last command’s status decides (b succeeds)', () => expect(debian('RUN rm nope; touch made')).toMatchObject({ status: 'ok', files: { '/app/made': 0 } }));
  it('a ; b: the last command’s status decides (b fails)', () => expect(debian('RUN touch made; rm nope')).toMatchObject({ status: 'failed', message: RM }));
  it('lines of a heredoc: the last command’s status decides', () => expect(debian('RUN <<EOF\nrm nope\ntouch made\nEOF').status).toBe('ok'));
  it('a pipeline’s status is its last command’s', () => expect(debian('RUN rm nope | true').status).toBe('ok'));
  it('set -e stops at the first failing command', () => expect(debian('RUN set -e; rm nope; touch made')).toMatchObject({ status: 'failed', message: RM, files: {} }));
  it('false fails with exit code 1', () => expect(debian('RUN false').message).toBe('exit code: 1'));
  it('exit N fails with exit code N', () => expect(debian('RUN exit 3').message).toBe('exit code: 3'));
  it('true and : succeed', () => expect(debian('RUN true && :').status).toBe('ok'));
});

describe('cd, variables, redirections', () => {
  it('cd changes the folder later commands run in', () => expect(debian('RUN mkdir -p /opt/x && cd /opt/x && touch y').files).toEqual({ '/opt/x': 0, '/opt/x/y': 0 }));
  it('cd to a missing folder: dash’s message (Debian)', () => expect(debian('RUN cd /nope && touch y').message).toBe("/bin/sh: 1: cd: can't cd to /nope"));
  it('cd to a missing folder: ash’s message, with the line and the reason (Alpine)', () => expect(alpine('RUN cd /nope && touch y').message).toBe("/bin/sh: cd: line 1: can't cd to /nope: No such file or directory"));
  it('cd to a missing folder can be rescued with ||', () => expect(debian('RUN cd /nope || mkdir /nope').status).toBe('ok'));
  it('export sets a variable for the rest of the RUN', () => expect(debian('RUN export D=/opt/d && mkdir -p $D && touch $D/f').files).toEqual({ '/opt/d': 0, '/opt/d/f': 0 }));
  it('NAME=value on its own sets a shell variable', () => expect(debian('RUN D=/opt/e; mkdir -p "$D"').files).toEqual({ '/opt/e': 0 }));
  it('ENV values are in the RUN’s environment', () => expect(debian('ENV D=/opt/f\nRUN mkdir -p $D').files).toEqual({ '/opt/f': 0 }));
  it('> file makes the file (its size is not known)', () => expect(debian('RUN echo hi > out.txt').entries['/app/out.txt']).toMatchObject({ kind: 'file', estimated: true }));
  it('>> and 2>&1 are redirections, not arguments', () => expect(debian('RUN echo a >> log.txt 2>&1').files).toEqual({ '/app/log.txt': 0 }));
  it('> /dev/null makes nothing', () => expect(debian('RUN echo hi > /dev/null').files).toEqual({}));
  it('> into a missing folder: dash cannot create it (Debian)', () => expect(debian('RUN echo hi > /nope/out.txt').message).toBe('/bin/sh: 1: cannot create /nope/out.txt: Directory nonexistent'));
  it('> into a missing folder: ash cannot create it (Alpine)', () => expect(alpine('RUN echo hi > /nope/out.txt').message).toBe("/bin/sh: can't create /nope/out.txt: nonexistent directory"));
});

describe('commands the shell cannot find', () => {
  it('a program not on the PATH (Debian): exit 127', () => expect(node('RUN tsc').message).toBe('/bin/sh: 1: tsc: not found'));
  it('a program not on the PATH (Alpine): exit 127', () => expect(alpine('RUN npm ci').message).toBe('/bin/sh: npm: not found'));
  it('a path that does not exist (Debian)', () => expect(debian('RUN ./missing.sh').message).toBe('/bin/sh: 1: ./missing.sh: not found'));
  it('a path that does not exist (Alpine)', () => expect(alpine('RUN ./missing.sh').message).toBe('/bin/sh: ./missing.sh: not found'));
});

describe('commands Stagecraft does not know', () => {
  it('are "effect unknown": nothing added, nothing failed, the RUN unknown', () => expect(debian('RUN make install')).toMatchObject({ status: 'unknown', bytes: 0, notes: ['effect unknown: make install'] }));
  it('a later missing input is unknown rather than a failure (npm ci without a lockfile after it)', () => expect(verdicts(node('COPY package.json ./\nRUN make\nRUN npm ci'))).toEqual({ status: 'unknown', failed: [], unknownLines: [4, 5] }));
  it('in the same RUN too: unknown && cp of a path it may have made', () => expect(debian('RUN make && cp out/app /usr/local/bin/').status).toBe('unknown'));
  it('unknown && a command that succeeds: still unknown (the first may have failed)', () => expect(debian('RUN make && echo done').status).toBe('unknown'));
  it('unknown; a command that succeeds: ok (the last command decides)', () => expect(debian('RUN make; echo done').status).toBe('ok'));
  it('unknown || true: ok either way', () => expect(debian('RUN make || true').status).toBe('ok'));
  it('a later RUN that needs nothing from it is not unknown', () => expect(runOf(sim('FROM debian:bookworm-slim\nRUN make\nRUN echo hi\n')).status).toBe('ok'));
});
