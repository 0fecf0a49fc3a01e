import { humanSize, type BuildResult } from '../engine/index';

/** Names of the figures `<Sim show="…">` can print. */
export type SimShow = 'image' | 'compressed' | 'context' | 'context-files' | 'wasted' | 'efficiency' | 'base' | `step:${string}` | 'problem';

/** The bytes of the first build step whose label contains `needle` (`show="step:…"`); throws naming it when none does. */
export function stepBytes(result: BuildResult, needle: string): number {
  const step = result.steps.find((s) => s.label.includes(needle));
  if (!step) throw new Error(`show="step:${needle}": no build step contains "${needle}"`);
  return step.bytes;
}

/** One figure of a simulated build, as text in Docker's format. */
export function simFigure(result: BuildResult, show: string): string {
  const image = () => {
    if (result.image) return result.image;
    const p = result.problems.find((x) => x.when === 'build');
    throw new Error(`show="${show}": this build fails${p?.line ? ` at line ${p.line}` : ''} (${p?.message.split('\n')[0] ?? 'no image'}), so it has no image to measure`);
  };
  switch (show) {
    case 'image':
      return humanSize(image().bytes);
    case 'compressed':
      return humanSize(image().compressedBytes);
    case 'context':
      return humanSize(result.context.bytes);
    case 'context-files':
      return result.context.files.toLocaleString('en-US');
    case 'wasted':
      return humanSize(result.wasted.bytes);
    case 'efficiency':
      return `${(result.efficiency * 100).toFixed(2)}%`;
    case 'base':
      return humanSize(image().layers.filter((l) => l.fromBase).reduce((s, l) => s + l.bytes, 0));
    case 'problem': {
      const p = result.problems[0];
      if (!p) throw new Error('show="problem": this build has no problem');
      return p.message;
    }
    default: {
      if (show.startsWith('step:')) return humanSize(stepBytes(result, show.slice(5)));
      throw new Error(`<Sim show="${show}">: unknown figure; use image, compressed, context, context-files, wasted, efficiency, base, problem or step:<text>`);
    }
  }
}
