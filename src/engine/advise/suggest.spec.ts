/**
 * The driver's verdicts: no image to make smaller (no FROM, a failing build, a
 * container that would not start, a step Stagecraft cannot judge) means no
 * suggestions at all, and an image already small says so plainly.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse';
import { textEntry } from '../context/index';
import { buildOnContext, prepareContext, type PreparedContext } from '../project';
import { context as fixtureFiles, facts } from '../report/spec-fixtures';
import { suggest, worthIt, type SuggestReport, type SuggestVerdict } from './suggest';

const GO_FACTS = { goBinary: { static: 7_000_000, stripped: 4_800_000, dynamic: 7_100_000, source: 'test' } };

function ctxWith(extra: Record<string, string> = {}, projectFacts: PreparedContext['facts'] = facts): PreparedContext {
  const files = [...fixtureFiles().files.map((f) => textEntry(f.path, f.text!)), ...Object.entries(extra).map(([p, t]) => textEntry(p, t))];
  return { ...prepareContext(files), facts: projectFacts };
}

/** A verdict with nothing to offer: no suggestions, no cache advice, a message. */
function expectNothing(r: SuggestReport, verdict: SuggestVerdict): void {
  expect(r.verdict).toBe(verdict);
  expect(r.suggestions).toEqual([]);
  expect(r.cache).toEqual([]);
  expect(r.message).toBeTruthy();
}

// node:20 with COPY . . and devDependencies: a file with plenty to suggest once it builds and starts.
const BIG = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["node", "dist/server.js"]\n';

describe('verdicts', () => {
  it('the file to be judged has plenty to suggest when it builds and starts', () => {
    const r = suggest(BIG, ctxWith());
    expect(r.verdict).toBe('ok');
    expect(r.suggestions.length).toBeGreaterThan(0);
  });

  it('no FROM: no-stages', () => {
    for (const text of ['', '# only a comment\nARG VERSION=1\n']) {
      const r = suggest(text, ctxWith());
      expectNothing(r, 'no-stages');
      expect(r.size).toBeNull();
      expect(r.message).toMatch(/FROM/);
    }
  });

  it('a build that fails: build-fails, naming the line, and no suggestions', () => {
    const text = BIG.replace('COPY . .', 'COPY . .\nCOPY public ./public');
    const ctx = ctxWith();
    // Independently: the build stops at line 4.
    const built = buildOnContext(parseDockerfile(text), ctx);
    expect(built.image).toBeNull();
    expect(built.failedAt).toBe(4);
    const r = suggest(text, ctx);
    expectNothing(r, 'build-fails');
    expect(r.size).toBeNull();
    expect(r.message).toContain('line 4');
    expect(r.problem?.line).toBe(4);
    expect(r.problem?.message).toBe(built.problems.find((p) => p.when === 'build' && p.severity === 'error')!.message);
  });

  it('a file Docker’s parser refuses: build-fails, and no suggestions', () => {
    const text = BIG.replace('RUN npm run build', 'RUN npm run build\nCOPY dist');
    const r = suggest(text, ctxWith());
    expectNothing(r, 'build-fails');
    expect(r.problem?.line).toBe(6);
  });

  it('a container that would not start: wont-start, and no suggestions', () => {
    const cases = [
      // No CMD: the node image's own default command runs and exits.
      BIG.replace('CMD ["node", "dist/server.js"]\n', ''),
      // Scratch with no command at all.
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server\nFROM scratch\nCOPY --from=build /server /server\n',
      // Scratch has no shell for a shell-form command.
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server\nFROM scratch\nCOPY --from=build /server /server\nCMD /server\n',
    ];
    for (const text of cases) {
      const ctx = ctxWith({}, GO_FACTS);
      const built = buildOnContext(parseDockerfile(text), ctx);
      expect(built.image).not.toBeNull();
      expect(built.problems.some((p) => p.when === 'run' && p.severity === 'error')).toBe(true);
      const r = suggest(text, ctx);
      expectNothing(r, 'wont-start');
      expect(r.size).toBe(built.image!.bytes);
      expect(r.problem?.message).toBe(built.problems.find((p) => p.when === 'run' && p.severity === 'error')!.message);
    }
  });

  it('a RUN Stagecraft does not know: unknown, and no suggestions', () => {
    const text = BIG.replace('RUN npm run build', 'RUN npm run build\nRUN make install');
    const ctx = ctxWith();
    const built = buildOnContext(parseDockerfile(text), ctx);
    expect(built.image).not.toBeNull();
    expect(built.unknowns.map((u) => u.line)).toContain(6);
    const r = suggest(text, ctx);
    expectNothing(r, 'unknown');
    expect(r.problem?.line).toBe(built.unknowns[0]!.line);
  });

  it('an image already small: ok, no suggestions, and a message saying nothing is worth doing', () => {
    const text = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod ./\nCOPY cmd ./cmd\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /server ./cmd/server\nFROM scratch\nCOPY --from=build /server /server\nUSER 65532\nENTRYPOINT ["/server"]\n';
    const r = suggest(text, ctxWith({}, GO_FACTS));
    expect(r.verdict).toBe('ok');
    expect(r.suggestions).toEqual([]);
    expect(r.message).toMatch(/^Nothing .* noticeably smaller/);
    expect(r.size).toBe(buildOnContext(parseDockerfile(text), ctxWith({}, GO_FACTS)).image!.bytes);
  });

  it('a saving under 100 kB, or under 0.5 % of the image, is not worth an edit', () => {
    expect(worthIt(99_999, 1_000_000)).toBe(false);
    expect(worthIt(100_000, 1_000_000)).toBe(true);
    expect(worthIt(4_999_999, 1_000_000_000)).toBe(false);
    expect(worthIt(5_000_000, 1_000_000_000)).toBe(true);
  });
});

describe('the list', () => {
  it('is ranked by saving, each saving a difference of two simulated builds, cache advice apart', () => {
    const ctx = ctxWith();
    const r = suggest(BIG, ctx);
    const before = buildOnContext(parseDockerfile(BIG), ctx).image!.bytes;
    expect(r.size).toBe(before);
    expect(r.suggestions.length).toBeGreaterThan(1);
    for (const [i, s] of r.suggestions.entries()) {
      if (i > 0) expect(s.saves).toBeLessThanOrEqual(r.suggestions[i - 1]!.saves);
      expect(s.edits.every((e) => e.path === 'Dockerfile')).toBe(true);
      const after = buildOnContext(parseDockerfile(s.edits[0]!.after), ctx).image!.bytes;
      expect(s.after.size).toBe(after);
      expect(s.saves).toBe(before - after);
      expect(worthIt(s.saves, before)).toBe(true);
    }
    // One entry per id: the other variants of the same edit are alternatives, not entries.
    expect(new Set(r.suggestions.map((s) => s.id)).size).toBe(r.suggestions.length);
    expect(r.suggestions.map((s) => s.kind)).not.toContain('cache-order');
    expect(r.cache.map((s) => s.kind)).toEqual(['cache-order']);
  });

  it('uses the name given for the Dockerfile in the diffs', () => {
    const r = suggest(BIG, ctxWith(), { path: 'docker/app.Dockerfile' });
    expect(r.suggestions.length).toBeGreaterThan(0);
    for (const s of r.suggestions) expect(s.diff.split('\n').slice(0, 2)).toEqual(['--- a/docker/app.Dockerfile', '+++ b/docker/app.Dockerfile']);
  });

  it('judges the --target stage, not the last one', () => {
    const text = `${BIG.replace('FROM node:20', 'FROM node:20 AS app')}\nFROM alpine:3.20 AS other\nCMD ["sh"]\n`;
    const ctx = ctxWith();
    const r = suggest(text, ctx, { target: 'app' });
    expect(r.size).toBe(buildOnContext(parseDockerfile(text), ctx, { target: 'app' }).image!.bytes);
    expect(r.suggestions.length).toBeGreaterThan(0);
    for (const s of r.suggestions) expect(s.after.size).toBe(buildOnContext(parseDockerfile(s.edits[0]!.after), ctx, { target: 'app' }).image!.bytes);
  });
});
