/**
 * Lesson 3: the wrong attempts and correct designs in
 * tests/lesson-attempts/03-copy-from.ts, checked the way the CLI checks them.
 */
import { describe, expect, it } from 'vitest';
import { build, cases } from '../../lesson-attempts/03-copy-from';
import { describeLesson, loadLesson, verdict } from './helpers';

describeLesson('03-copy-from', cases);

describe('03-copy-from: an image Stagecraft has no figures for', () => {
  it('the Debian nginx image (plain `nginx`): the lesson is not complete, and whether it starts is unknown, not a failure', () => {
    // Real Docker would serve the page from nginx:latest (about 190 MB). Stagecraft has no figures or files
    // for the Debian variant, so it says it cannot tell rather than call it a success or a failure.
    const l = loadLesson('03-copy-from');
    const v = verdict(l, `${build}\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n`, l.context);
    expect(v.complete).toBe(false);
    const runs = v.check.goals.find((g) => g.id === 'runs-cleanly')!;
    expect(runs).toMatchObject({ met: false, unknown: true });
    expect(v.check.build?.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
