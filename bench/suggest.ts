/**
 * The suggestions' budget: all suggestions for a lesson file under 100 ms (DESIGN.md,
 * budgets). suggest() on every lesson file — start, solution and examples/*.Dockerfile —
 * on its lesson's context, warm (the context prepared and built on before), median of
 * several runs; the worst file against the budget.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suggest, type PreparedContext } from '../src/engine/index';
import { listLessons } from '../src/cli/lessons-fs';
import { REPO_ROOT } from '../src/cli/paths';
import { fmt, report, target, time, type Timing } from './harness';

function lessonFiles(): Array<{ name: string; text: string; context: PreparedContext }> {
  const out: Array<{ name: string; text: string; context: PreparedContext }> = [];
  for (const l of listLessons(REPO_ROOT)) {
    out.push({ name: `${l.id} start`, text: l.startDockerfile, context: l.context });
    out.push({ name: `${l.id} solution`, text: l.solutionDockerfile, context: l.solutionContext });
    const dir = join(REPO_ROOT, 'content/lessons', l.folder, 'examples');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith('.Dockerfile')) out.push({ name: `${l.id} examples/${f}`, text: readFileSync(join(dir, f), 'utf8'), context: l.context });
    }
  }
  return out;
}

export function benchSuggest(): boolean {
  const rows: Timing[] = [];
  for (const f of lessonFiles()) {
    const r = suggest(f.text, f.context);
    const what = r.verdict === 'ok' ? `${r.suggestions.length} suggestion${r.suggestions.length === 1 ? '' : 's'}, ${r.cache.length} cache` : r.verdict;
    // time() warms up with 5 calls first; at least 7 timed runs, more for the fast files.
    rows.push(time(`${f.name} (${what}; ${r.simulated} builds simulated)`, () => suggest(f.text, f.context), { minRuns: 7, minMs: 200 }));
  }
  report('All suggestions for each lesson file on its lesson’s context (warm: the same context suggested on before)', rows);
  const worst = rows.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  return target('all suggestions for a lesson file under 100 ms (median, worst file)', worst.medianMs < 100, `${fmt(worst.medianMs)}, ${worst.name}`);
}
