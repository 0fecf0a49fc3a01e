/**
 * devDependencies (TypeScript, test runners, bundlers) are needed to build, not to
 * run. `npm ci --omit=dev` installs only production dependencies; in a build stage,
 * `npm prune --omit=dev` after the build leaves only those for the runtime stage to copy.
 */
import { resolveFrom } from '../../dockerfile/query';
import { DockerfileEdit } from '../edit';
import { appendCommand, findWords, insertAfterWords } from './util';
import { defineKind, own, shellText, type Candidate } from './types';

const OMITS = /--omit[= ]dev|--production|--only=prod/;

export const productionDeps = defineKind({
  kind: 'production-deps',
  lesson: 'node-typescript',
  candidates({ text, file, target, fsOf, ctx }) {
    const stage = file.stages[target];
    if (!stage) return [];
    const out: Candidate[] = [];
    const runs = own(stage, 'RUN');
    // A later COPY of the whole context brings the host's node_modules: a build that then still
    // works does so only because of them, which is no advice to give.
    const hostModules = ctx.view.includes('node_modules');
    const copiesAllAfter = (line: number) => own(stage, 'COPY').some((c) => c.startLine > line && !c.flags.some((f) => f.name === 'from') && c.args.slice(0, -1).some((a) => /^\.\/?$/.test(a.value)));
    // Installs in the image's own stage: install only production dependencies.
    for (const ins of runs) {
      const sh = shellText(ins);
      if (sh === null || OMITS.test(sh) || (hostModules && copiesAllAfter(ins.startLine))) continue;
      const m = findWords(sh, /npm\s+(ci|install|i)(?!\s+[^-\s&;|])/);
      if (!m) continue;
      const edit = new DockerfileEdit(text);
      const changed = insertAfterWords(edit.source(ins), /npm\s+(ci|install|i)/, ' --omit=dev');
      if (!changed) continue;
      out.push({
        id: `production-deps:install:${ins.startLine + 1}`,
        title: `Install only production dependencies (line ${ins.startLine + 1})`,
        why: 'With --omit=dev, npm leaves out devDependencies: compilers, test runners, type definitions. The running app does not load them. This works only where nothing after the install needs them — a build with tsc or vite needs them, and then belongs in a build stage.',
        dockerfile: edit.replace(ins, changed).result(),
      });
    }
    // The last npm RUN of the image's stage: prune after the build (it saves only in the same layer as the install).
    const lastNpm = [...runs].reverse().find((i) => {
      const sh = shellText(i);
      return sh !== null && /\bnpm\b/.test(sh) && !/npm\s+prune/.test(sh);
    });
    if (lastNpm) {
      const edit = new DockerfileEdit(text);
      out.push({
        id: `production-deps:prune:${lastNpm.startLine + 1}`,
        title: `Prune devDependencies after the build (line ${lastNpm.startLine + 1})`,
        why: '`npm prune --omit=dev` removes the devDependencies once the build no longer needs them. It shrinks the image only when the packages were installed in the same layer: deleting them in a later layer leaves their bytes where they were.',
        dockerfile: edit.replace(lastNpm, appendCommand(edit.source(lastNpm), 'npm prune --omit=dev')).result(),
      });
    }
    // node_modules copied from a build stage: prune there, so only production dependencies are copied.
    const seen = new Set<number>();
    for (const ins of own(stage, 'COPY')) {
      const from = ins.flags.find((f) => f.name === 'from')?.value;
      if (!from || !ins.args.slice(0, -1).some((a) => /node_modules\/?$/.test(a.value) || a.value === '.' || a.value === '/app')) continue;
      const ref = resolveFrom(file, from);
      if (ref.kind !== 'stage' || seen.has(ref.stage.index)) continue;
      seen.add(ref.stage.index);
      const src = ref.stage;
      const hasDev = fsOf(src.index).list('/').some((e) => e.category === 'dev-deps');
      if (!hasDev) continue;
      const srcRuns = own(src, 'RUN');
      const last = [...srcRuns].reverse().find((i) => shellText(i) !== null && /\bnpm\b/.test(shellText(i)!));
      const edit = new DockerfileEdit(text);
      if (last && !/npm\s+prune/.test(shellText(last)!)) edit.replace(last, appendCommand(edit.source(last), 'npm prune --omit=dev'));
      else {
        const end = src.instructions[src.instructions.length - 1] ?? src.from;
        edit.insertAfter(end, 'RUN npm prune --omit=dev');
      }
      const name = src.name ?? `stage ${src.index}`;
      out.push({
        id: `production-deps:stage:${name}`,
        title: `Copy only production dependencies from ${name}`,
        why: `Line ${ins.startLine + 1} copies node_modules from the ${name} stage with every devDependency the build needed. \`npm prune --omit=dev\` at the end of ${name} leaves only what the app loads at run time, so that is all the image gets.`,
        dockerfile: edit.result(),
      });
    }
    return out;
  },
});
