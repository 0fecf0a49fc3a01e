/**
 * Inputs that once made the engine hang, run out of memory or throw (issue
 * "Never lose work, never hang"): each must now end quickly with a diagnostic.
 * No timings are asserted; the test runner's time limit catches a hang.
 */
import { describe, expect, it } from 'vitest';
import { checkDockerfile, checkExercise, parseDockerfile, prepareContext, simulateBuild, textEntry } from './index';
import { MAX_SIMULATED } from './simulate/simulate';

const doubling = (kind: 'ARG' | 'ENV', n: number) =>
  [`${kind} A0=\${A-1}\${A-1}`, ...Array.from({ length: n }, (_, i) => `${kind} A${i + 1}=\${A${i}}\${A${i}}`)].join('\n');

describe('a bounded engine', () => {
  it('global ARGs that double 30 times (a gigabyte in Docker) stop at the cap with a warning', () => {
    const text = `${doubling('ARG', 29)}\nFROM alpine:\${A29}\n`;
    const r = checkDockerfile(text);
    expect(r.diagnostics.map((d) => d.rule)).toContain('expansion-too-long');
    const build = simulateBuild(parseDockerfile(text));
    expect(build.stages).toHaveLength(1);
  });

  it('ENV doubling inside a stage, then a RUN that uses it, builds with a bounded value', () => {
    const text = `FROM alpine:3.20\n${doubling('ENV', 29)}\nRUN echo $A29\nCMD ["/bin/sh"]\n`;
    expect(checkDockerfile(text).diagnostics.map((d) => d.rule)).toContain('expansion-too-long');
    const r = simulateBuild(parseDockerfile(text));
    expect(r.image).not.toBeNull();
    expect(r.image!.config.env.A29!.length).toBeLessThanOrEqual(262_144);
  });

  it('COPY [ /x fails as BuildKit does (syntax error in pattern); COPY [z-a] matches nothing (Go accepts the range); neither throws', () => {
    const copy = (src: string) => simulateBuild(parseDockerfile(`FROM alpine:3.20\nCOPY ${src} /x\n`), { context: { files: [{ path: 'a', size: 1, hash: 'h' }] } }).problems[0];
    expect(copy('[')).toMatchObject({ when: 'build', message: expect.stringContaining('syntax error in pattern') });
    expect(copy('[z-a]')).toMatchObject({ when: 'build', message: expect.stringContaining('"/[z-a]": not found') });
  });

  it('a 64 KB glob source is matched without a regular expression', () => {
    const r = simulateBuild(parseDockerfile(`FROM alpine:3.20\nCOPY ${'*a'.repeat(32_000)}b /z\n`), { context: { files: [{ path: 'aab', size: 1, hash: 'h' }] } });
    expect(r.problems[0]?.when).toBe('build');
  });

  it('a RUN of 130,000 `&& a` continuation lines', () => {
    const text = `FROM alpine:3.20\nRUN true \\\n${' && a \\\n'.repeat(130_000)} && b\nCMD ["/bin/sh"]\n`;
    const r = simulateBuild(parseDockerfile(text));
    expect(r.problems.filter((p) => p.when === 'build')).toEqual([]);
    expect(r.steps.length).toBeGreaterThan(0);
  });

  it('a directive line of spaces with a line separator (a cubic regular expression before)', () => {
    const f = parseDockerfile(`#a=${' '.repeat(3000)}x\u2028y\nFROM alpine\n`);
    expect(f.stages).toHaveLength(1);
  });

  it('thousands of COPY . . + RUN npm ci: simulated up to the cap, then "unknown", never a hang', () => {
    const ctx = prepareContext([textEntry('package.json', '{"name":"a","version":"1.0.0"}'), textEntry('package-lock.json', '{"lockfileVersion":3,"packages":{"":{}}}')]);
    const text = `FROM node:20-alpine\nWORKDIR /app\n${'COPY . .\nRUN npm ci\n'.repeat(1500)}CMD ["node"]\n`;
    const r = checkExercise(text, ctx, { build: true, goals: [{ rule: 'runs-cleanly' }] });
    expect(r.build!.image).toBeNull();
    expect(r.build!.unknowns[0]!.message).toMatch(/simulates the first 1,000 instructions/);
    expect(r.goals[0]).toMatchObject({ met: false, unknown: true });
  });

  it('thousands of global ARGs used in FROM lines', () => {
    const text = `${Array.from({ length: 3000 }, (_, i) => `ARG V${i}=${i}`).join('\n')}\n${Array.from({ length: 1000 }, (_, i) => `FROM alpine:$V${i} AS s${i}`).join('\n')}\n`;
    expect(checkDockerfile(text).file.stages).toHaveLength(1000);
  });

  it('a chain of 10,000 stages, each FROM the one before, and the stage-skipped goal on it (a stack overflow before)', () => {
    const text = `FROM alpine:3.20 AS s0\n${Array.from({ length: 10_000 }, (_, i) => `FROM s${i} AS s${i + 1}`).join('\n')}\n`;
    const r = checkDockerfile(text, { goals: [{ rule: 'stage-skipped', options: { name: 's5' } }] });
    expect(r.goals[0]!.met).toBe(false);
    const build = simulateBuild(parseDockerfile(text));
    // A FROM counts towards the 1,000 instructions the simulator follows; past them the outcome is unknown, not "built".
    expect(build.stages.filter((s) => s.built)).toHaveLength(MAX_SIMULATED);
    expect(build.image).toBeNull();
    expect(build.unknowns.map((u) => u.line)).toEqual([MAX_SIMULATED + 1]);
  });
});
