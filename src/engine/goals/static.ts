/** Goals decided by reading the Dockerfile alone. */
import { parseImageRef } from '../dockerfile/reference';
import {
  earlierStageNamed, expandSimple, finalStage, flag, globalArgDefaults, globMatch, instructionsOf, normalizePath, resolveBaseImage, resolveFrom,
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

/** A tag pinned to at least the minor version (20.11, 1.22.5, 3.20) or a digest: `20-alpine` and `latest` float. */
function pinnedRef(ref: string): boolean {
  const { tag, digest } = parseImageRef(ref);
  if (digest?.startsWith('sha256:')) return true;
  return tag !== null && /^v?\d+\.\d+/.test(tag);
}

export const baseImagesPinned = defineGoal({
  id: 'base-images-pinned',
  kind: 'static',
  summary: 'Every FROM that names an image (not a stage, not scratch) is pinned: a tag with at least the minor version (node:20.11-alpine, golang:1.22.5) or a digest. node:20-alpine and latest float.',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'Every base image is pinned to a release (at least the minor version) or a digest',
  evaluate: ({ file }) => {
    if (file.stages.length === 0) return noStages;
    const vars = globalArgDefaults(file);
    const images = file.stages.filter((s) => {
      const base = expandSimple(s.base, vars).toLowerCase();
      return base !== 'scratch' && !file.stages.some((t) => t.index < s.index && t.name === base);
    });
    const floating = images.find((s) => !pinnedRef(expandSimple(s.base, vars)));
    if (floating) {
      const ref = expandSimple(floating.base, vars);
      return { met: false, detail: `Line ${floating.from.startLine + 1}: ${ref} ${ref.includes(':') ? 'floats: its tag moves to every new release' : 'has no tag, so it means :latest'}. Pin at least the minor version (such as ${suggestPin(ref)}) or a digest.` };
    }
    return { met: true, detail: images.length ? `All ${images.length} base image${images.length === 1 ? ' is' : 's are'} pinned.` : 'No stage starts from a published image.' };
  },
});

function suggestPin(ref: string): string {
  const name = ref.split(':')[0]!.split('/').pop()!;
  if (name === 'node') return 'node:20.11-alpine';
  if (name === 'golang') return 'golang:1.22.5';
  if (name === 'alpine') return 'alpine:3.20';
  return `${ref.split(':')[0]}@sha256:…`;
}

export const execFormCommand = defineGoal({
  id: 'exec-form-command',
  kind: 'static',
  summary: 'The command the image starts (its ENTRYPOINT, else its CMD) is in exec (JSON) form, so the program is PID 1 and receives docker stop’s signal.',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'The image starts its program in exec form (CMD ["…"] or ENTRYPOINT ["…"])',
  evaluate: ({ file }) => {
    const final = finalStage(file);
    if (!final) return noStages;
    // The command in force comes from the final stage or a stage it is built FROM.
    for (let stage: Stage | undefined = final; stage; ) {
      const own = stage.instructions.filter((i) => i.name === 'CMD' || i.name === 'ENTRYPOINT');
      const entry = own.filter((i) => i.name === 'ENTRYPOINT').pop();
      const cmd = own.filter((i) => i.name === 'CMD').pop();
      const decisive = entry ?? cmd;
      if (decisive) {
        if (!decisive.json) return { met: false, detail: `Line ${decisive.startLine + 1}: ${decisive.name} ${decisive.argsText.trim()} is the shell form: /bin/sh becomes PID 1 and your program does not get SIGTERM. Write ${decisive.name} ["${decisive.argsText.trim().split(/\s+/).join('", "')}"].` };
        return { met: true, detail: `Line ${decisive.startLine + 1} starts ${decisive.args.map((a) => a.value).join(' ')} in exec form.` };
      }
      const base: string = stage.base.toLowerCase();
      const idx: number = stage.index;
      stage = file.stages.find((s) => s.index < idx && s.name === base);
    }
    return { met: false, detail: 'The final stage has no CMD or ENTRYPOINT of its own.' };
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
function neededStages(file: Parameters<typeof resolveFrom>[0], stage: Stage): Set<number> {
  // A work list, not recursion: a chain of thousands of stages must not overflow the stack.
  const seen = new Set<number>();
  const todo: Stage[] = [stage];
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (seen.has(s.index)) continue;
    seen.add(s.index);
    const visit = (value: string | null | undefined) => {
      if (!value) return;
      const r = resolveFrom(file, value);
      if (r.kind === 'stage' && !seen.has(r.stage.index)) todo.push(r.stage);
    };
    const base = earlierStageNamed(file, s.base, s.index);
    if (base) todo.push(base);
    for (const ins of s.instructions) {
      if (ins.name === 'COPY') visit(flag(ins, 'from')?.value);
      if (ins.name === 'RUN') for (const f of ins.flags.filter((x) => x.name === 'mount')) visit(/(?:^|,)from=([^,]+)/.exec(f.value ?? '')?.[1]);
    }
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
