/** Goals decided by reading the Dockerfile alone. */
import {
  finalStage, flag, globMatch, instructionsOf, normalizePath, resolveBaseImage, resolveFrom,
} from '../dockerfile/query';
import { splitShell, programOf } from '../dockerfile/shell';
import type { Instruction, Stage } from '../dockerfile/types';
import { defineGoal, opt, readOptions } from './types';

const noStages = { met: false, detail: 'The Dockerfile has no FROM line yet.' };

export const stageCount = defineGoal({
  id: 'stage-count',
  kind: 'static',
  summary: 'The Dockerfile has at least `min` stages.',
  options: (raw) => readOptions(() => (opt.only(raw, ['min']), { min: opt.number(raw, 'min', 1) })),
  title: ({ min }) => `The Dockerfile has at least ${min} stages`,
  evaluate: ({ file }, { min }) => {
    const n = file.stages.length;
    return { met: n >= min, detail: `It has ${n} stage${n === 1 ? '' : 's'} (${n >= min ? 'enough' : `${min} needed`}).` };
  },
});

export const stageNamed = defineGoal({
  id: 'stage-named',
  kind: 'static',
  summary: 'A stage has the given name.',
  options: (raw) => readOptions(() => (opt.only(raw, ['name']), { name: opt.string(raw, 'name') })),
  title: ({ name }) => `A stage is named ${name}`,
  evaluate: ({ file }, { name }) => {
    const stage = file.stages.find((s) => s.rawName === name);
    if (stage) return { met: true, detail: `Stage ${stage.index} is named ${name}.` };
    const caseOnly = file.stages.find((s) => s.name === name.toLowerCase());
    if (caseOnly) return { met: false, detail: `Stage ${caseOnly.index} is named ${caseOnly.rawName}; write it as ${name}.` };
    const names = file.stages.map((s) => s.rawName).filter(Boolean);
    return { met: false, detail: names.length ? `The stages are named ${names.join(', ')}; none is ${name}.` : 'No stage has a name yet (FROM image AS name).' };
  },
});

export const finalBaseMatches = defineGoal({
  id: 'final-base-matches',
  kind: 'static',
  summary: 'The final stage starts from an image matching a pattern such as `node:*-alpine` or `scratch`.',
  options: (raw) => readOptions(() => (opt.only(raw, ['pattern']), { pattern: opt.string(raw, 'pattern') })),
  title: ({ pattern }) => `The final stage starts from ${pattern}`,
  evaluate: ({ file }, { pattern }) => {
    const final = finalStage(file);
    if (!final) return noStages;
    const image = resolveBaseImage(file, final);
    const met = globMatch(pattern, image) || (!image.includes(':') && !image.includes('@') && globMatch(pattern, `${image}:latest`));
    return { met, detail: `The final stage starts from ${image || '(nothing)'}${met ? '.' : `, which does not match ${pattern}.`}` };
  },
});

/** COPY --from instructions of a stage with the stage they copy from. */
function copiesFrom(stage: Stage, file: Parameters<typeof resolveFrom>[0]) {
  return instructionsOf(stage, 'COPY').flatMap((ins) => {
    const from = flag(ins, 'from');
    if (!from?.value) return [];
    return [{ ins, value: from.value, ref: resolveFrom(file, from.value) }];
  });
}

const sourcesOf = (ins: Instruction) => ins.args.slice(0, -1).map((a) => a.value);

export const finalCopiesFrom = defineGoal({
  id: 'final-copies-from',
  kind: 'static',
  summary: 'The final stage copies a path from a named stage with `COPY --from=<name>`.',
  options: (raw) =>
    readOptions(() => (opt.only(raw, ['path', 'stage']), { path: opt.string(raw, 'path'), stage: opt.string(raw, 'stage') })),
  title: ({ path, stage }) => `The final stage copies ${path} from ${stage}`,
  evaluate: ({ file }, { path, stage }) => {
    const final = finalStage(file);
    if (!final) return noStages;
    const wanted = normalizePath(path);
    const copies = copiesFrom(final, file);
    const hit = copies.find((c) => c.ref.kind === 'stage' && c.ref.stage.name === stage.toLowerCase() && sourcesOf(c.ins).some((s) => normalizePath(s) === wanted));
    if (hit) {
      if (hit.value.toLowerCase() !== stage.toLowerCase()) {
        return { met: false, detail: `Line ${hit.ins.startLine + 1} copies ${path} from stage ${hit.value}; refer to it by its name, --from=${stage}.` };
      }
      return { met: true, detail: `Line ${hit.ins.startLine + 1} copies ${path} from ${stage}.` };
    }
    const samePath = copies.find((c) => sourcesOf(c.ins).some((s) => normalizePath(s) === wanted));
    if (samePath) return { met: false, detail: `Line ${samePath.ins.startLine + 1} copies ${path} from ${samePath.value}, not from ${stage}.` };
    return { met: false, detail: `The final stage has no COPY --from=${stage} ${path} … line.` };
  },
});

const isContextRoot = (s: string) => ['.', './', '*', './*', '/', '/.'].includes(s.trim());

export const noCopyAllInFinal = defineGoal({
  id: 'no-copy-all-in-final',
  kind: 'static',
  summary: 'The final stage does not copy the whole build context (`COPY . .`).',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'The final stage does not COPY the whole build context',
  evaluate: ({ file }) => {
    const final = finalStage(file);
    if (!final) return noStages;
    const all = [...instructionsOf(final, 'COPY'), ...instructionsOf(final, 'ADD')].find(
      (ins) => !flag(ins, 'from') && sourcesOf(ins).some(isContextRoot),
    );
    return all
      ? { met: false, detail: `Line ${all.startLine + 1} copies the whole build context into the final image.` }
      : { met: true, detail: 'The final stage copies only named files and folders.' };
  },
});

const ROOT_USERS = new Set(['root', '0']);

export const finalUserNonRoot = defineGoal({
  id: 'final-user-non-root',
  kind: 'static',
  summary: 'The final stage switches to a user other than root.',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'The image runs as a user other than root',
  evaluate: ({ file }) => {
    const final = finalStage(file);
    if (!final) return noStages;
    const users = instructionsOf(final, 'USER');
    const last = users[users.length - 1];
    if (!last) return { met: false, detail: 'The final stage has no USER line, so the container runs as root.' };
    const user = (last.args[0]?.value ?? '').split(':')[0] ?? '';
    if (ROOT_USERS.has(user)) return { met: false, detail: user === 'root' ? `Line ${last.startLine + 1} switches (back) to root.` : `Line ${last.startLine + 1} switches to user ${user}, which is root.` };
    return { met: true, detail: `Line ${last.startLine + 1} switches to ${user}.` };
  },
});

export const finalEnv = defineGoal({
  id: 'final-env',
  kind: 'static',
  summary: 'The final stage sets an environment variable to a value.',
  options: (raw) => readOptions(() => (opt.only(raw, ['name', 'value']), { name: opt.string(raw, 'name'), value: opt.string(raw, 'value') })),
  title: ({ name, value }) => `The final stage sets ${name}=${value}`,
  evaluate: ({ file }, { name, value }) => {
    const final = finalStage(file);
    if (!final) return noStages;
    // ENV is inherited from a FROM <stage> chain; walk it from the final stage back.
    let found: { value: string | null; line: number } | null = null;
    for (let stage: Stage | undefined = final; stage && !found; ) {
      const envs = instructionsOf(stage, 'ENV').flatMap((ins) => ins.keyValues.map((kv) => ({ ...kv, line: ins.startLine })));
      const hit = envs.filter((kv) => kv.key === name).pop();
      if (hit) found = { value: hit.value, line: hit.line };
      const base: string = stage.base.toLowerCase();
      const idx: number = stage.index;
      stage = file.stages.find((s) => s.index < idx && s.name === base);
    }
    if (!found) return { met: false, detail: `The final stage does not set ${name}.` };
    if (found.value !== value) return { met: false, detail: `Line ${found.line + 1} sets ${name}=${found.value ?? ''}, not ${value}.` };
    return { met: true, detail: `Line ${found.line + 1} sets ${name}=${value}.` };
  },
});

const INSTALL = /^(npm (ci|install|i)|yarn( install)?|pnpm (install|i)|go mod download|pip3? install|bundle install|composer install)\b/;
const MANIFESTS = /(^|\/)(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|go\.(mod|sum)|requirements.*\.txt|Gemfile(\.lock)?|composer\.(json|lock)|package\*\.json)$/;

/** Commands of a RUN, as `program subcommand …` strings. */
function runCommands(ins: Instruction): string[] {
  // Exec form runs argv directly; joining it is enough to recognise `npm ci`.
  const script = ins.args.map((a) => a.value).join(' ');
  return splitShell(script).map((c) => {
    const p = programOf(c);
    return [p.name, ...p.args.map((a) => a.value)].join(' ');
  });
}

export const depsBeforeSource = defineGoal({
  id: 'deps-before-source',
  kind: 'static',
  summary: 'The dependency manifests are copied and dependencies installed before the source is copied, so the install stays cached.',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'Dependencies are installed before the source code is copied',
  evaluate: ({ file }) => {
    for (const stage of file.stages) {
      const list = stage.instructions;
      const installAt = list.findIndex((ins) => ins.name === 'RUN' && runCommands(ins).some((c) => INSTALL.test(c)));
      if (installAt < 0) continue;
      const install = list[installAt]!;
      const before = list.slice(0, installAt).filter((ins) => (ins.name === 'COPY' || ins.name === 'ADD') && !flag(ins, 'from'));
      const wholeOrSource = before.find((ins) => sourcesOf(ins).some((s) => !MANIFESTS.test(s.replace(/\/$/, ''))));
      if (wholeOrSource) {
        return {
          met: false,
          detail: `Line ${wholeOrSource.startLine + 1} copies ${sourcesOf(wholeOrSource).join(' ')} before the install on line ${install.startLine + 1}: any change there re-runs the install.`,
        };
      }
      if (!before.some((ins) => sourcesOf(ins).some((s) => MANIFESTS.test(s)))) {
        return { met: false, detail: `The install on line ${install.startLine + 1} runs before the manifest files (package.json, package-lock.json) are copied.` };
      }
      return { met: true, detail: `Only the manifest files are copied before the install on line ${install.startLine + 1}.` };
    }
    return { met: false, detail: 'No RUN line installs dependencies (npm ci, npm install, go mod download, …).' };
  },
});

export const noRuleFindings = defineGoal({
  id: 'no-rule-findings',
  kind: 'static',
  summary: 'The named rules report nothing (rule ids, hadolint codes or BuildKit check names).',
  options: (raw) => readOptions(() => (opt.only(raw, ['rules']), { rules: opt.strings(raw, 'rules') })),
  title: ({ rules }) => `No findings from ${rules.join(', ')}`,
  evaluate: ({ diagnostics }, { rules }) => {
    const wanted = new Set(rules.map((r) => r.toLowerCase()));
    const hits = diagnostics.filter((d) => wanted.has(d.rule.toLowerCase()) || d.refs.some((r) => wanted.has(r.toLowerCase())));
    if (hits.length === 0) return { met: true, detail: 'None of those rules reports anything.' };
    const first = hits[0]!;
    return { met: false, detail: `${hits.length} finding${hits.length === 1 ? '' : 's'}, first on line ${first.range.start.line + 1}: ${first.message}` };
  },
});

export const noErrors = defineGoal({
  id: 'no-errors',
  kind: 'static',
  summary: 'The Dockerfile has no errors (what BuildKit would refuse).',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'The Dockerfile has no errors',
  evaluate: ({ diagnostics }) => {
    const errs = diagnostics.filter((d) => d.severity === 'error');
    return errs.length === 0
      ? { met: true, detail: 'No errors.' }
      : { met: false, detail: `${errs.length} error${errs.length === 1 ? '' : 's'}, first on line ${errs[0]!.range.start.line + 1}: ${errs[0]!.message}` };
  },
});

/** Stages the given stage needs: its FROM <stage>, COPY --from and RUN --mount=from, transitively. */
function neededStages(file: Parameters<typeof resolveFrom>[0], stage: Stage, seen = new Set<number>()): Set<number> {
  if (seen.has(stage.index)) return seen;
  seen.add(stage.index);
  const visit = (value: string | null | undefined) => {
    if (!value) return;
    const r = resolveFrom(file, value);
    if (r.kind === 'stage') neededStages(file, r.stage, seen);
  };
  const base = file.stages.find((s) => s.index < stage.index && s.name === stage.base.toLowerCase());
  if (base) neededStages(file, base, seen);
  for (const ins of stage.instructions) {
    if (ins.name === 'COPY') visit(flag(ins, 'from')?.value);
    if (ins.name === 'RUN') for (const f of ins.flags.filter((x) => x.name === 'mount')) visit(/(?:^|,)from=([^,]+)/.exec(f.value ?? '')?.[1]);
  }
  return seen;
}

export const stageSkipped = defineGoal({
  id: 'stage-skipped',
  kind: 'static',
  summary: 'A stage exists that the final image does not need, so a default build skips it (only `--target` builds it).',
  options: (raw) => readOptions(() => (opt.only(raw, ['name']), { name: opt.string(raw, 'name') })),
  title: ({ name }) => `A ${name} stage that the final image does not need`,
  evaluate: ({ file }, { name }) => {
    const stage = file.stages.find((s) => s.name === name.toLowerCase());
    if (!stage) return { met: false, detail: `There is no stage named ${name}.` };
    const final = finalStage(file)!;
    if (final.index === stage.index) return { met: false, detail: `${name} is the final stage, so every build builds it.` };
    if (neededStages(file, final).has(stage.index)) return { met: false, detail: `The final stage needs ${name} (it copies from it or builds on it), so every build runs it.` };
    return { met: true, detail: `A default build skips ${name}; docker build --target ${name} builds it.` };
  },
});
