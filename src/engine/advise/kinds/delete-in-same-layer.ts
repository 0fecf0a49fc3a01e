/**
 * `RUN rm -rf X` in a later layer only hides X: the bytes stay in the layer that
 * made them (dive counts them as wasted). Deleting in the RUN that created them
 * keeps them out of every layer.
 */
import { normalize, within, join } from '../../simulate/fs';
import { DockerfileEdit } from '../edit';
import { appendCommand } from './util';
import { defineKind, own, shellText, type Candidate } from './types';

export const deleteInSameLayer = defineKind({
  kind: 'delete-in-same-layer',
  lesson: 'measuring',
  candidates({ text, file, target, result, workdirOf }) {
    const stage = file.stages[target];
    if (!stage) return [];
    const layers = result.stages[target]?.layers ?? [];
    const out: Candidate[] = [];
    for (const ins of own(stage, 'RUN')) {
      const sh = shellText(ins);
      if (sh === null) continue;
      const commands = sh.split(/&&|;/).map((c) => c.trim()).filter(Boolean);
      if (commands.length === 0 || !commands.every((c) => /^rm(\s+-[a-zA-Z]+)*(\s+[^\s-][^\s]*)+$/.test(c))) continue;
      const paths = commands.flatMap((c) => c.split(/\s+/).slice(1).filter((w) => !w.startsWith('-')));
      const wd = workdirOf(target);
      const abs = paths.map((p) => normalize(join(wd, p.replace(/\/\*$/, ''))));
      const at = layers.findIndex((l) => l.instruction === ins);
      // The RUN layers below that made what it deletes: exactly one, so the delete can move there.
      const makers = new Set<number>();
      for (let i = 0; i < at; i++) {
        const l = layers[i]!;
        if (l.fromBase) continue;
        for (const p of l.entries.keys()) if (abs.some((a) => within(p, a))) makers.add(i);
      }
      if (makers.size !== 1) continue;
      const maker = layers[[...makers][0]!]!.instruction;
      if (!maker || maker.name !== 'RUN' || shellText(maker) === null) continue;
      const edit = new DockerfileEdit(text);
      edit.replace(maker, appendCommand(edit.source(maker), commands.join(' && '))).remove(ins);
      out.push({
        id: `delete-in-same-layer:${ins.startLine + 1}`,
        title: `Delete in the same RUN that made the files (line ${ins.startLine + 1} into line ${maker.startLine + 1})`,
        why: `Line ${ins.startLine + 1} deletes ${paths.join(' ')}, but line ${maker.startLine + 1} already wrote them into its layer, and a later layer can only hide them. Deleting them at the end of line ${maker.startLine + 1}'s RUN means they are never in any layer.`,
        dockerfile: edit.result(),
      });
    }
    return out;
  },
});
