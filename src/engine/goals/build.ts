/** Goals about the result of the simulated build: sizes, waste, context, cache. */
import { defineGoal, opt, readOptions, type GoalResult } from './types';
import { humanSize } from '../report/human-size';

const MB = 1_000_000;
const pending: GoalResult = { met: false, pending: true, detail: 'Run a build to check this goal.' };

export const imageSizeUnder = defineGoal({
  id: 'image-size-under',
  kind: 'build',
  summary: 'The final image, uncompressed, is under `mb` megabytes (decimal, as docker images prints).',
  options: (raw) => readOptions(() => (opt.only(raw, ['mb']), { mb: opt.number(raw, 'mb', 0) })),
  title: ({ mb }) => `The image is under ${mb} MB`,
  evaluate: ({ build }, { mb }) => {
    if (!build) return pending;
    const met = build.imageBytes < mb * MB;
    return { met, detail: `The image is ${humanSize(build.imageBytes)}${met ? '' : `; the goal is under ${mb}MB`}.` };
  },
});

export const smallerThanBaseline = defineGoal({
  id: 'smaller-than-baseline',
  kind: 'build',
  summary: 'The final image is at least `factor` times smaller than the lesson’s single-stage baseline.',
  options: (raw) => readOptions(() => (opt.only(raw, ['factor']), { factor: opt.number(raw, 'factor', 1) })),
  title: ({ factor }) => `The image is at least ${factor}× smaller than the single-stage one`,
  evaluate: ({ build }, { factor }) => {
    if (!build) return pending;
    if (!build.baselineImageBytes) return { met: false, detail: 'This lesson has no baseline to compare with.' };
    const ratio = build.baselineImageBytes / Math.max(1, build.imageBytes);
    const met = ratio >= factor;
    return { met, detail: `${humanSize(build.imageBytes)} against ${humanSize(build.baselineImageBytes)}: ${ratio.toFixed(1)}× smaller${met ? '' : ` (goal: ${factor}×)`}.` };
  },
});

export const wastedUnder = defineGoal({
  id: 'wasted-under',
  kind: 'build',
  summary: 'Bytes added in one layer and removed in a later one stay under `mb` megabytes.',
  options: (raw) => readOptions(() => (opt.only(raw, ['mb']), { mb: opt.number(raw, 'mb', 0) })),
  title: ({ mb }) => `Less than ${mb} MB of wasted space`,
  evaluate: ({ build }, { mb }) => {
    if (!build) return pending;
    const met = build.wastedBytes < mb * MB;
    return { met, detail: `${humanSize(build.wastedBytes)} wasted${met ? '' : `; the goal is under ${mb}MB`}.` };
  },
});

export const contextSizeUnder = defineGoal({
  id: 'context-size-under',
  kind: 'build',
  summary: 'The build context sent to the builder is under `mb` megabytes.',
  options: (raw) => readOptions(() => (opt.only(raw, ['mb']), { mb: opt.number(raw, 'mb', 0) })),
  title: ({ mb }) => `The build context is under ${mb} MB`,
  evaluate: ({ build }, { mb }) => {
    if (!build) return pending;
    const met = build.contextBytes < mb * MB;
    return { met, detail: `The context is ${humanSize(build.contextBytes)}${met ? '' : `; the goal is under ${mb}MB`}.` };
  },
});

export const pathAbsent = defineGoal({
  id: 'path-absent',
  kind: 'build',
  summary: 'A path is not in the build context, or not in the final image.',
  options: (raw) =>
    readOptions(() => {
      opt.only(raw, ['path', 'in']);
      const where = opt.string(raw, 'in');
      if (where !== 'context' && where !== 'image') throw new Error('"in" must be "context" or "image"');
      return { path: opt.string(raw, 'path'), in: where as 'context' | 'image' };
    }),
  title: (o) => `${o.path} is not in the ${o.in === 'context' ? 'build context' : 'image'}`,
  evaluate: ({ build }, o) => {
    if (!build) return pending;
    const present = o.in === 'context' ? build.contextHas(o.path) : build.imageHas(o.path);
    return { met: !present, detail: `${o.path} is ${present ? '' : 'not '}in the ${o.in === 'context' ? 'build context' : 'image'}.` };
  },
});

export const cachedAfterChange = defineGoal({
  id: 'cached-after-change',
  kind: 'build',
  summary: 'After a change to `file`, the step containing `step` is still CACHED.',
  options: (raw) => readOptions(() => (opt.only(raw, ['file', 'step']), { file: opt.string(raw, 'file'), step: opt.string(raw, 'step') })),
  title: (o) => `After editing ${o.file}, “${o.step}” stays cached`,
  evaluate: ({ build }, o) => {
    if (!build) return pending;
    const cached = build.cachedAfterChange(o.file, o.step);
    if (cached === null) return { met: false, detail: `No step runs “${o.step}”.` };
    return { met: cached, detail: cached ? `“${o.step}” was CACHED after ${o.file} changed.` : `“${o.step}” ran again after ${o.file} changed: something it depends on is copied with ${o.file}.` };
  },
});

export const runsCleanly = defineGoal({
  id: 'runs-cleanly',
  kind: 'build',
  summary: 'The image builds, and `docker run` would start it without the errors the simulator knows (no shell, missing files, unknown user, cgo on scratch, no CA certificates).',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'The image builds and starts without errors',
  evaluate: ({ build }) => {
    if (!build) return pending;
    const first = build.problems[0];
    if (!first) return { met: true, detail: 'It builds, and the container would start.' };
    return { met: false, detail: `${first.when === 'build' ? 'The build fails' : 'docker run fails'}${first.line ? ` (line ${first.line})` : ''}: ${first.message}` };
  },
});
