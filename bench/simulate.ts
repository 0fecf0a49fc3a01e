/**
 * The simulated build of each lesson's start and solution on its sample project,
 * and a 100 000-file context with a 30-line .dockerignore.
 */
import { benchContextDetailed, buildOnContext, parseDockerfile } from '../src/engine/index';
import { listLessons } from '../src/cli/lessons-fs';
import { REPO_ROOT } from '../src/cli/paths';
import { fmt, report, target, time, type Timing } from './harness';

export function benchSimulate(): boolean {
  const rows: Timing[] = [];
  const lessons = listLessons(REPO_ROOT);
  for (const lesson of lessons) {
    for (const [which, text, context] of [['start', lesson.startDockerfile, lesson.context], ['solution', lesson.solutionDockerfile, lesson.solutionContext]] as const) {
      const file = parseDockerfile(text);
      rows.push(time(`${lesson.id} ${which} (${context.view.result.files} context files)`, () => buildOnContext(file, context), { minRuns: 20, minMs: 500 }));
    }
  }
  report('Simulated build of each lesson on its sample project (a rebuild on the same context, as when the learner edits and builds again)', rows);
  // The first build on a context memoises nothing yet: a copy of the file list is a context never seen.
  const cold: Timing[] = [];
  for (const lesson of lessons) {
    const file = parseDockerfile(lesson.startDockerfile);
    const { context } = lesson;
    cold.push(time(`${lesson.id} start, first build`, () => buildOnContext(file, { ...context, view: { ...context.view, result: { ...context.view.result, included: [...context.view.result.included] } } }), { minRuns: 20, minMs: 300 }));
  }
  report('The first build on a new context (nothing reused from an earlier build)', cold);
  const contexts = Array.from({ length: 5 }, () => benchContextDetailed());
  const total = contexts.map((c) => c.totalMs).sort((a, b) => a - b)[2]!;
  const apply = contexts.map((c) => c.applyMs).sort((a, b) => a - b)[2]!;
  console.log(`\n100 000-file context with a 30-line .dockerignore: ${fmt(total)} median of 5 (building the tree and applying), applying alone ${fmt(apply)}`);
  let ok = true;
  for (const r of rows) ok = target(`${r.name} under 10 ms`, r.medianMs < 10, fmt(r.medianMs)) && ok;
  ok = target('100 000-file context under 200 ms', total < 200, fmt(total)) && ok;
  return ok;
}
