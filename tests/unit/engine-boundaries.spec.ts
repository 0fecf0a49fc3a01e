/**
 * The engine's boundaries, checked on the source: callers (the site, the CLI,
 * scripts, benchmarks, tests outside the engine) import the engine through
 * src/engine/index.ts only; inside the engine each module imports only the
 * modules below it (Go's semantics at the bottom, then the Dockerfile model,
 * the build context and the image catalog, then rules and the simulator, then
 * reports and goals). A new deep import or a sideways one fails here, and so does
 * an import cycle among the CLI's modules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const engine = join(root, 'src/engine');

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else if (/\.(ts|mts|mjs|astro|mdx)$/.test(name)) out.push(p);
  }
  return out;
}

/** Relative import specifiers of a file, resolved to repository paths without extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.map((s) => relative(root, resolve(dirname(file), s)).replace(/\.(ts|mjs|js)$/, ''));
}

/** Which engine modules each module may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  go: [],
  dockerfile: ['go'],
  context: ['go'],
  images: ['go', 'dockerfile'],
  rules: ['go', 'dockerfile', 'context'],
  simulate: ['go', 'dockerfile', 'context', 'images'],
  report: ['go', 'dockerfile', 'context', 'images', 'simulate'],
  goals: ['go', 'dockerfile', 'context', 'images', 'simulate', 'report', 'rules'],
  advise: ['go', 'dockerfile', 'context', 'images', 'simulate', 'report'],
};

/**
 * Single files a module may import from a module above it. The Dockerfile's variable scopes
 * start a stage from its base image's environment, a fact of images/ (images/env.ts, which
 * imports only the lexer and reference parsing below it): no cycle between files.
 */
const FILE_EXCEPTIONS: Record<string, readonly string[]> = {
  dockerfile: ['src/engine/images/env'],
  // Suggestions re-simulate edited files on a prepared context, the way every caller builds (project.ts imports no advise/).
  advise: ['src/engine/project'],
};

const moduleOf = (path: string) => /^src\/engine\/([^/.]+)\//.exec(path)?.[1] ?? null;

describe('engine boundaries', () => {
  it('callers import the engine through src/engine/index.ts only', () => {
    const callers = ['src', 'scripts', 'bench', 'bin', 'tests', 'content'].flatMap((d) => filesUnder(join(root, d))).filter((f) => !f.startsWith(`${engine}/`));
    expect(callers.length).toBeGreaterThan(50);
    const deep = callers.flatMap((f) =>
      importsOf(f)
        .filter((target) => target.startsWith('src/engine/') && target !== 'src/engine/index')
        .map((target) => `${relative(root, f)} imports ${target}`),
    );
    expect(deep).toEqual([]);
  });

  it('each engine module imports only the modules below it', () => {
    // Specs and their helpers (spec-*.ts) are test code: they may reach anywhere.
    const files = filesUnder(engine).filter((f) => !/\.spec\.ts$|\/spec-[\w-]+\.ts$/.test(f));
    const wrong: string[] = [];
    for (const f of files) {
      const from = moduleOf(relative(root, f));
      // index.ts, project.ts (the entry points) and testing/ (helpers for specs) may use any module.
      if (from === null || from === 'testing') continue;
      const allowed = ALLOWED[from];
      expect(allowed, `a new engine module ${from}/ needs its place in ALLOWED`).toBeDefined();
      for (const target of importsOf(f)) {
        const to = moduleOf(target);
        if (to === null && target.startsWith('src/engine/') && !(FILE_EXCEPTIONS[from] ?? []).includes(target)) wrong.push(`${relative(root, f)} imports ${target}`);
        else if (to !== null && to !== from && !allowed!.includes(to) && !(FILE_EXCEPTIONS[from] ?? []).includes(target)) wrong.push(`${relative(root, f)} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the CLI's modules import each other without a cycle", () => {
    const files = filesUnder(join(root, 'src/cli')).filter((f) => !/\.spec\.ts$/.test(f));
    const graph = new Map(files.map((f) => [relative(root, f).replace(/\.ts$/, ''), importsOf(f).filter((t) => t.startsWith('src/cli/'))]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: string, path: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'visiting');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('the commands run on any host: src/commands imports no Node module, no DOM code and nothing of the CLI or the site', () => {
    const files = filesUnder(join(root, 'src/commands')).filter((f) => !/\.spec\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // Statements only (a message that says "from '…'" is not an import).
      const bare = [...text.matchAll(/^\s*(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"./][^'"]*)['"]|^\s*import\s*['"]([^'"./][^'"]*)['"]|\bimport\s*\(\s*['"]([^'"./][^'"]*)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
      for (const b of bare) bad.push(`${relative(root, f)} imports ${b}`);
      for (const t of importsOf(f)) if (!t.startsWith('src/commands/') && t !== 'src/engine/index') bad.push(`${relative(root, f)} imports ${t}`);
      if (/\b(document|window|localStorage)\./.test(text)) bad.push(`${relative(root, f)} uses the DOM`);
    }
    expect(bad).toEqual([]);
  });

  it('the file exceptions stay leaves: they import nothing that imports them back', () => {
    for (const targets of Object.values(FILE_EXCEPTIONS)) {
      for (const target of targets) {
        for (const dep of importsOf(join(root, `${target}.ts`))) {
          const back = importsOf(join(root, `${dep}.ts`));
          expect(back, `${dep} imports ${target}`).not.toContain(target);
        }
      }
    }
  });
});
