/**
 * The `--target` choice beside Build, for a Dockerfile with several stages: one option per
 * named stage (an unnamed one is listed, disabled, saying why), the learner's choice kept
 * while it still exists. Redrawn only when the stages change.
 */
import { h } from './dom';
import type { TargetView } from './protocol';

export function targetChooser(select: HTMLSelectElement, choice: HTMLElement): (stages: TargetView[]) => void {
  let drawn = '';
  return (stages) => {
    const key = JSON.stringify(stages);
    if (key === drawn) return;
    drawn = key;
    choice.hidden = stages.length < 2;
    const chosen = select.value;
    const last = stages[stages.length - 1];
    const options = [
      h('option', { value: '' }, `the last stage${last?.name ? `, ${last.name}` : ''} (no --target)`),
      ...stages.slice(0, -1).map((s) =>
        s.name
          ? h('option', { value: s.name }, `--target ${s.name}`)
          : h('option', { value: `#${s.index}`, disabled: true }, `stage ${s.index} (FROM ${s.base}): no name, so --target cannot pick it`),
      ),
    ];
    select.replaceChildren(...options);
    select.value = options.some((o) => o.value === chosen && !o.disabled) ? chosen : '';
  };
}
