/**
 * The context budget check (DESIGN.md: 100 000 files with a .dockerignore in
 * under 200 ms). Not a test: a benchmark script calls it and reports the time.
 * Uses only `performance.now()`, which browsers and Node both have.
 */
import { applyDockerignore, createTree, type ContextEntry } from './tree';

declare const performance: { now(): number };

/** A 30-line .dockerignore of the usual kind, with exceptions. */
export const BENCH_DOCKERIGNORE = `# dependencies and build output
node_modules
dist
coverage
.git
.gitignore
.env
.env.*
!.env.example
**/*.log
**/.DS_Store
*.md
!README.md
docs/**
!docs/api/**
**/*.test.ts
**/__snapshots__
tmp
.vscode
.idea
Dockerfile*
docker-compose*.yml
.dockerignore
**/*.map
npm-debug.log*
.cache
**/.eslintcache
src/**/fixtures
/secrets
!src/**/fixtures/keep.json
`;

/**
 * 100 000 files shaped like a Node project: 90 000 in node_modules (900
 * packages), 3 000 in .git, the rest sources, build output, coverage and docs.
 */
export function benchEntries(): ContextEntry[] {
  const out: ContextEntry[] = [];
  const add = (path: string, size: number): void => {
    out.push({ path, size, hash: (out.length * 2654435761 >>> 0).toString(16).padStart(16, '0') });
  };
  for (let p = 0; p < 900; p++) {
    const pkg = p % 10 === 0 ? `node_modules/@scope${p % 7}/pkg-${p}` : `node_modules/pkg-${p}`;
    add(`${pkg}/package.json`, 900 + p);
    add(`${pkg}/README.md`, 4000 + p);
    for (let f = 0; f < 98; f++) {
      const dir = f < 60 ? 'lib' : f < 90 ? 'lib/internal' : 'types';
      const ext = f < 90 ? (f % 3 === 0 ? 'js.map' : 'js') : 'd.ts';
      add(`${pkg}/${dir}/file-${f}.${ext}`, 500 + ((p * 31 + f * 17) % 9000));
    }
  }
  for (let i = 0; i < 3000; i++) add(`.git/objects/${(i % 256).toString(16).padStart(2, '0')}/${i.toString(16).padStart(38, '0')}`, 200 + (i % 5000));
  for (let i = 0; i < 3000; i++) {
    const feature = `src/feature-${i % 60}`;
    const kind = i % 10;
    if (kind === 0) add(`${feature}/__snapshots__/file-${i}.test.ts.snap`, 1200);
    else if (kind === 1) add(`${feature}/file-${i}.test.ts`, 2400);
    else if (kind === 2) add(`${feature}/fixtures/data-${i}.json`, 600);
    else add(`${feature}/file-${i}.ts`, 1800 + (i % 700));
  }
  for (let i = 0; i < 2000; i++) add(`dist/chunk-${i % 40}/file-${i}.${i % 2 ? 'js' : 'js.map'}`, 3000);
  for (let i = 0; i < 1500; i++) add(`coverage/lcov-report/src/feature-${i % 60}/file-${i}.ts.html`, 5000);
  for (let i = 0; i < 400; i++) add(`docs/${i % 4 === 0 ? 'api/' : ''}page-${i}.md`, 3000);
  const top = ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'CHANGELOG.md', '.env', '.env.example', '.env.local', 'Dockerfile', '.dockerignore', '.gitignore', 'debug.log'];
  for (const name of top) add(name, 1000);
  while (out.length < 100_000) add(`tmp/scratch-${out.length}.txt`, 100);
  return out;
}

export interface BenchTimes {
  /** Building the tree from the entries. */
  treeMs: number;
  /** Compiling the .dockerignore and walking the tree. */
  applyMs: number;
  totalMs: number;
  files: number;
  included: number;
}

/**
 * Builds the 100 000-file tree and applies the .dockerignore. Its last line is
 * an exception with a wildcard, so Docker walks into every excluded directory
 * (node_modules included) and every one of the 100 000 paths gets matched: the
 * harder case, not the one where whole folders are skipped.
 */
export function benchContextDetailed(): BenchTimes {
  const entries = benchEntries();
  const t0 = performance.now();
  const tree = createTree(entries);
  const t1 = performance.now();
  const result = applyDockerignore(tree, BENCH_DOCKERIGNORE);
  const t2 = performance.now();
  return { treeMs: t1 - t0, applyMs: t2 - t1, totalMs: t2 - t0, files: tree.fileCount, included: result.files };
}

/** Milliseconds to build a 100 000-file tree and apply a 30-line .dockerignore. */
export function benchContext(): number {
  return benchContextDetailed().totalMs;
}
