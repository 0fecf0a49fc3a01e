/**
 * The input families that once made the engine super-linear or hang (issue
 * "Never lose work, never hang"), from 64 KB to 1 MB: parse, every rule and the
 * simulated build on a small project. Targets: growth stays near-linear
 * (each doubling of the input at most 2.5× the time) and 1 MB checks in under 1 s.
 */
import { checkExercise, prepareContext, textEntry } from '../src/engine/index';
import { fmt, target } from './harness';

const ctx = prepareContext([
  textEntry('package.json', '{"name":"a","version":"1.0.0","scripts":{"build":"tsc"}}'),
  textEntry('package-lock.json', '{"lockfileVersion":3,"packages":{"":{}}}'),
]);

const repeat = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
export const FAMILIES: Record<string, (bytes: number) => string> = {
  'directive of spaces + U+2028': (n) => `#a=${' '.repeat(n)}x\u2028y\nFROM alpine\n`,
  'COPY . . + RUN npm ci repeated': (n) => `FROM node:20-alpine\nWORKDIR /app\n${repeat('COPY . .\nRUN npm ci\n', n)}`,
  'global ARGs used in FROM': (n) => {
    const k = Math.floor(n / 40);
    return `${Array.from({ length: k }, (_, i) => `ARG V${i}=${i}`).join('\n')}\n${Array.from({ length: Math.floor(k / 2) }, (_, i) => `FROM alpine:$V${i} AS s${i}`).join('\n')}\n`;
  },
  'many RUN lines': (n) => `FROM alpine:3.20\n${repeat('RUN echo hi\n', n)}`,
  'a long stage chain': (n) => `FROM alpine:3.20 AS s0\n${Array.from({ length: Math.floor(n / 20) }, (_, i) => `FROM s${i} AS s${i + 1}`).join('\n')}\n`,
  'many unnamed FROMs': (n) => repeat('FROM alpine:3.20\nRUN true\n', n),
  'a cycle through --from': (n) => {
    const k = Math.floor(n / 45);
    return `${Array.from({ length: k }, (_, i) => `FROM alpine:3.20 AS s${i}\nCOPY --from=s${(i + 1) % k} /x /x`).join('\n')}\n`;
  },
  'one RUN of && continuations': (n) => `FROM alpine:3.20\nRUN true \\\n${repeat(' && a \\\n', n)} && b\n`,
};

const SIZES = [64, 128, 256, 512, 1024].map((k) => k * 1024);

export function benchFamilies(): boolean {
  console.log('\nInput families from 64 KB to 1 MB (parse, every rule, the simulated build; one run each after a warm-up)');
  console.log(`| family | ${SIZES.map((s) => `${s / 1024} KB`).join(' | ')} |`);
  console.log(`| --- |${SIZES.map(() => ' ---: |').join('')}`);
  let ok = true;
  for (const [name, make] of Object.entries(FAMILIES)) {
    const times: number[] = [];
    checkExercise(make(SIZES[0]!), ctx, { build: true });
    for (const size of SIZES) {
      const text = make(size);
      // The best of three runs: one garbage collection should not read as super-linear growth.
      const runs: number[] = [];
      for (let r = 0; r < 3; r++) {
        // Start each run from a collected heap (`npm run bench` passes --expose-gc): the garbage of
        // the run before is not billed to this one.
        (globalThis as { gc?: () => void }).gc?.();
        const t0 = performance.now();
        checkExercise(text, ctx, { build: true });
        runs.push(performance.now() - t0);
      }
      times.push(Math.min(...runs));
    }
    console.log(`| ${name} | ${times.map(fmt).join(' | ')} |`);
    const worst = Math.max(...times.slice(1).map((t, i) => (t < 5 ? 1 : t / Math.max(1, times[i]!))));
    ok = target(`${name}: near-linear growth (each doubling ≤ 2.5×; under 5 ms counts as flat)`, worst <= 2.5, `worst doubling ${worst.toFixed(2)}×`) && ok;
    ok = target(`${name}: 1 MB under 1 s`, times[times.length - 1]! < 1000, fmt(times[times.length - 1]!)) && ok;
  }
  return ok;
}
