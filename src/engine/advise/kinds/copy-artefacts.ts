/**
 * `COPY --from=build /app …` copies the whole working folder of the build stage —
 * node_modules, sources and all — when the image needs only what the build made
 * (`/app/dist` for a static site, the compiled server).
 */
import { resolveFrom } from '../../dockerfile/query';
import { join, normalize } from '../../simulate/fs';
import { DockerfileEdit } from '../edit';
import { defineKind, own, type Candidate } from './types';

export const copyArtefacts = defineKind({
  kind: 'copy-artefacts',
  lesson: 'copy-from',
  candidates({ text, file, target, fsOf }) {
    const stage = file.stages[target];
    if (!stage) return [];
    const out: Candidate[] = [];
    for (const ins of own(stage, 'COPY')) {
      const from = ins.flags.find((f) => f.name === 'from')?.value;
      if (!from || ins.json || ins.args.length !== 2) continue;
      const ref = resolveFrom(file, from);
      if (ref.kind !== 'stage') continue;
      const src = normalize(ins.args[0]!.value);
      const entries = fsOf(ref.stage.index).list(src).filter((e) => e.bytes > 0);
      // The build output folders directly under the copied folder, when there is more than output there.
      const outputs = new Set<string>();
      let other = 0;
      for (const e of entries) {
        const rel = e.path.slice(src === '/' ? 1 : src.length + 1);
        const top = rel.split('/')[0]!;
        if (e.category === 'build-output' && rel.includes('/')) outputs.add(top);
        else other += e.bytes;
      }
      if (outputs.size !== 1 || other === 0) continue;
      const dir = [...outputs][0]!;
      const flags = ins.flags.map((f) => f.text).join(' ');
      const line = `COPY ${flags} ${join(src, dir)} ${ins.args[1]!.value}`;
      const name = ref.stage.name ?? `stage ${ref.stage.index}`;
      out.push({
        id: `copy-artefacts:${ins.startLine + 1}`,
        title: `Copy only ${join(src, dir)} from ${name} (line ${ins.startLine + 1})`,
        why: `Line ${ins.startLine + 1} copies all of ${src} from ${name}: the build output, but also everything the build needed (node_modules, sources, configuration). What the image serves or runs is in ${join(src, dir)}; copying only that is the point of a build stage.`,
        dockerfile: new DockerfileEdit(text).replace(ins, line).result(),
      });
    }
    return out;
  },
});
