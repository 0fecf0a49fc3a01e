/**
 * useradd/groupadd (shadow, Debian 12) and adduser/addgroup (BusyBox, Alpine
 * 3.20): they write /etc/passwd, so a later USER finds the name.
 */
import { describe, expect, it } from 'vitest';
import { alpine, debian, node, nodeAlpine } from './spec-helpers';

/** The problems of the build other than "the container runs /bin/sh and exits" (none of these set a CMD). */
const problems = (r: ReturnType<typeof debian>) => r.result.problems.filter((p) => p.code !== 'base-default-command').map((p) => p.message);

describe('users', () => {
  it('useradd on Debian writes /etc/passwd', () => expect(Object.keys(debian('RUN useradd -m app').files)).toEqual(['/etc/passwd']));
  it('useradd on Debian: a later USER and RUN find the user', () => expect(problems(debian('RUN useradd -m app\nUSER app\nRUN whoami'))).toEqual([]));
  it('useradd of a user the image has: already exists (node images create node)', () => expect(node('RUN useradd node').message).toBe("useradd: user 'node' already exists"));
  it('useradd when a group of that name exists: use -g', () => expect(debian('RUN groupadd app && useradd app').message).toBe('useradd: group app exists - if you want to add this user to that group, use -g.'));
  it('groupadd then useradd -g: fine', () => expect(problems(debian('RUN groupadd app && useradd -g app app\nUSER app\nRUN whoami'))).toEqual([]));
  it('adduser -D on Alpine: a later USER and RUN find the user', () => expect(problems(alpine('RUN adduser -D app\nUSER app\nRUN whoami'))).toEqual([]));
  it('addgroup -S then adduser -S -G: fine', () => expect(problems(alpine('RUN addgroup -S app && adduser -S app -G app\nUSER app\nRUN whoami'))).toEqual([]));
  it('adduser of a user the image has: in use', () => expect(nodeAlpine('RUN adduser -D node').message).toBe("adduser: user 'node' in use"));
  it('addgroup app then adduser -D app (without -G): the group name is in use', () => expect(alpine('RUN addgroup app && adduser -D app').message).toBe("adduser: group 'app' in use"));
  it('a user made earlier in the RUN is known to chown', () => expect(alpine('COPY src ./src\nRUN adduser -D app && chown -R app:app /app').status).toBe('ok'));
  it('Alpine has no useradd', () => expect(alpine('RUN useradd app').message).toBe('/bin/sh: useradd: not found'));
  it('USER of a name nobody created fails the next RUN as BuildKit does', () => expect(problems(debian('USER app\nRUN whoami'))).toEqual(['failed to solve: unable to find user app: no matching entries in passwd file']));
});
