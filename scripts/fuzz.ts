/**
 * npm run fuzz -- [--cases N] [--seconds S] [--save]
 *
 * Throws random and mutated Dockerfiles (the lessons' own files, the test
 * fixtures, and fast-check's grammar of instructions) and random .dockerignore
 * files at the engine: parse, every rule, every lesson goal, the simulated
 * build. Reports every input that throws or takes over a second. With --save,
 * each one is written to tests/fuzz-corpus/, which the unit tests replay.
 * A case over a second is timed twice more (from a collected heap when
 * --expose-gc is on) and counts as slow only when every run is: a shared
 * machine's pause is not the engine's. Opt-in: not part of npm test. Bounded
 * by --cases (default 100,000) and --seconds (default 1,800).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { checkExercise, lessonGoals, prepareContext, textEntry, type GoalSpec } from '../src/engine/index';
import { listLessons } from '../src/cli/lessons-fs';
import { REPO_ROOT } from '../src/cli/paths';

const { values: opts } = parseArgs({
  options: { cases: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '1800' }, save: { type: 'boolean', default: false } },
});
const CASES = Number(opts.cases);
const SECONDS = Number(opts.seconds);
const SAVE = opts.save;
const SLOW_MS = 1000;
const CORPUS = join(REPO_ROOT, 'tests/fuzz-corpus');

// Seeds: every Dockerfile the repository holds.
const seeds: string[] = [];
const walk = (dir: string) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.git')) continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (/Dockerfile$|\.Dockerfile$/.test(name)) seeds.push(readFileSync(p, 'utf8'));
  }
};
walk(join(REPO_ROOT, 'content'));
walk(join(REPO_ROOT, 'tests/fixtures'));

const lessons = listLessons(REPO_ROOT).map((l) => ({ id: l.id, goals: lessonGoals(l.goals) as GoalSpec[], context: l.context, contextWith: l.contextWith, baseline: l.baseline }));
const small = prepareContext([textEntry('package.json', '{"name":"a","version":"1.0.0","scripts":{"build":"tsc"}}'), textEntry('src/a.ts', 'export {}\n')]);

const KEYWORDS = ['FROM', 'RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'WORKDIR', 'USER', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'LABEL', 'HEALTHCHECK', 'ONBUILD', 'SHELL', 'VOLUME', 'STOPSIGNAL', 'MAINTAINER'];
const PIECES = [' ', '\\\n', '\n', '$', '${', '}', '"', "'", '[', ']', '*', '?', '--from=', '--mount=type=cache,target=/x', 'AS ', '<<EOF\n', 'EOF\n', '&&', '||', ';', '|', '#', '# escape=`\n', '\u2028', '\u0000', '\r\n', 'npm ci', 'npm run build', 'go build', 'tsc', 'vite build', 'rm -rf', 'apk add', 'apt-get install', '${A:-b}', '${A/*/x}', '{0,1000}', '/app', '.', '..', 'node:20-alpine', 'scratch', 'golang:1.22'];

const mutate = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 }), fc.constantFrom(...KEYWORDS))), { minLength: 1, maxLength: 8 })).map(([seed, edits]) => {
  let s = seed;
  for (const [at, del, ins] of edits) {
    const i = s.length ? at % (s.length + 1) : 0;
    s = s.slice(0, i) + ins + s.slice(i + del);
  }
  return s;
});
const grammar = fc.array(fc.tuple(fc.constantFrom(...KEYWORDS), fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 6 })), { minLength: 1, maxLength: 30 })
  .map((lines) => lines.map(([k, parts]) => `${k} ${parts.join(' ')}`).join('\n'));
const dockerignore = fc.array(fc.oneof(fc.constantFrom('*', '**', '!', '[', '\\', 'node_modules', '.git', '!src', '**/*.log', '*Q{0,1000}*', '[z-a]', '/', '..'), fc.string({ maxLength: 10 })), { maxLength: 6 }).map((p) => p.join('\n'));

const failures: Array<{ kind: 'throw' | 'slow'; ms: number; text: string; dockerignore: string | null; lesson: string; error?: string }> = [];
let ran = 0;
const started = Date.now();
const rng = fc.sample(fc.tuple(fc.oneof(mutate, mutate, grammar), fc.option(dockerignore, { freq: 4 }), fc.nat()), { numRuns: CASES, seed: Date.now() % 2 ** 31 });
for (const [text, ignore, pick] of rng) {
  if ((Date.now() - started) / 1000 > SECONDS) break;
  ran++;
  const lesson = lessons[pick % lessons.length]!;
  const t = performance.now();
  try {
    const once = () => {
      const t0 = performance.now();
      const ctx = ignore === null ? lesson.context : lesson.contextWith(ignore);
      checkExercise(text, pick % 7 === 0 ? small : ctx, { goals: lesson.goals, baseline: lesson.baseline, build: true });
      return performance.now() - t0;
    };
    let ms = once();
    for (let retry = 0; retry < 2 && ms > SLOW_MS; retry++) {
      (globalThis as { gc?: () => void }).gc?.();
      ms = Math.min(ms, once());
    }
    if (ms > SLOW_MS) failures.push({ kind: 'slow', ms, text, dockerignore: ignore, lesson: lesson.id });
  } catch (e) {
    failures.push({ kind: 'throw', ms: performance.now() - t, text, dockerignore: ignore, lesson: lesson.id, error: (e as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? String(e) });
  }
  const f = failures[failures.length - 1];
  if (f && failures.length <= 20 && (f as { printed?: boolean }).printed !== true) {
    (f as { printed?: boolean }).printed = true;
    console.log(`! ${f.kind} ${f.ms.toFixed(0)} ms (${f.lesson}) ${f.error ?? ''}\n  ${JSON.stringify(f.text.slice(0, 200))}`);
  }
  if (ran % 10_000 === 0) console.log(`${ran} cases, ${failures.length} problems, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const throws = failures.filter((f) => f.kind === 'throw').length;
const slow = failures.length - throws;
console.log(`\n${ran} cases in ${((Date.now() - started) / 1000).toFixed(0)} s: ${throws} throws, ${slow} over ${SLOW_MS} ms`);
for (const f of failures.slice(0, 10)) console.log(`- ${f.kind} ${f.ms.toFixed(0)} ms (${f.lesson}) ${f.error ?? ''}\n  ${JSON.stringify(f.text.slice(0, 300))}`);
if (SAVE) {
  for (const f of failures) {
    const name = `${f.kind}-${createHash('sha256').update(f.text + (f.dockerignore ?? '')).digest('hex').slice(0, 12)}.json`;
    const path = join(CORPUS, name);
    if (!existsSync(path)) writeFileSync(path, `${JSON.stringify({ lesson: f.lesson, dockerfile: f.text, dockerignore: f.dockerignore, found: f.kind }, null, 2)}\n`);
  }
  console.log(`saved ${failures.length} inputs to tests/fuzz-corpus/`);
}
process.exitCode = failures.length ? 1 : 0;
