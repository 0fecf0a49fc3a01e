/**
 * Goals about the result of the simulated build: sizes, waste, context, cache,
 * whether the image builds and starts, what it runs as, whether tests ran.
 * Every goal that judges the image is "not met: the build failed at line N"
 * when the build failed — a failed build has no image.
 */
import { defineGoal, opt, readOptions, type BuildFacts, type GoalResult } from './types';
import { humanSize } from '../report/human-size';

const MB = 1_000_000;
const pending: GoalResult = { met: false, pending: true, detail: 'Run a build to check this goal.' };

/** The line of a tool's output that says what went wrong (npm and vite print a banner first). */
function headline(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  const meaningful = (l: string) => l.replace(/^npm error\s*/, '').length >= 8 && !l.endsWith(':') && !/^npm error (code|path|syscall|errno)\b/.test(l);
  return lines.find((l) => meaningful(l) && /error|Error|not found|No such|cannot|can't|E: |Missing|No tests|not in std|directory not found|no Go files|failed|Could not/.test(l)) ?? lines.find(meaningful) ?? lines[0] ?? '';
}

/** Not met because there is no image: the build stopped first. */
function noImage(build: BuildFacts): GoalResult | null {
  if (build.built) return null;
  // No image and no failure: Stagecraft stopped simulating (a build too long to follow).
  if (!build.failure && build.unknowns.length) return { met: false, unknown: true, detail: `Unknown: ${build.unknowns[0]}` };
  const f = build.failure;
  const first = headline(f?.message ?? '');
  return { met: false, detail: `Not met: the build failed${f?.line ? ` at line ${f.line}` : ''}, so there is no image (${first.length > 160 ? `${first.slice(0, 157)}…` : first}).` };
}

export const imageSizeUnder = defineGoal({
  id: 'image-size-under',
  kind: 'build',
  summary: 'The final image, uncompressed, is under `mb` megabytes (decimal, as docker images prints).',
  options: (raw) => readOptions(() => (opt.only(raw, ['mb']), { mb: opt.number(raw, 'mb', 0) })),
  title: ({ mb }) => `The image is under ${mb} MB`,
  evaluate: ({ build }, { mb }) => {
    if (!build) return pending;
    const failed = noImage(build);
    if (failed) return failed;
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
    const failed = noImage(build);
    if (failed) return failed;
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
    const failed = noImage(build);
    if (failed) return failed;
    const met = build.wastedBytes < mb * MB;
    return { met, detail: `${humanSize(build.wastedBytes)} wasted${met ? '' : `; the goal is under ${mb}MB`}.` };
  },
});

export const contextSizeUnder = defineGoal({
  id: 'context-size-under',
  kind: 'build',
  summary: 'The build context sent to the builder is under `mb` megabytes (the context is sent before any step runs, so this holds even when the build fails).',
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
  summary: 'A path is not in the build context, or not in the final image (an image that failed to build does not count as one without it).',
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
    if (o.in === 'image') {
      const failed = noImage(build);
      if (failed) return failed;
    }
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
    const failed = noImage(build);
    if (failed) return failed;
    const cached = build.cachedAfterChange(o.file, o.step);
    if (cached === null) return { met: false, detail: `No step runs “${o.step}”.` };
    return { met: cached, detail: cached ? `“${o.step}” was CACHED after ${o.file} changed.` : `“${o.step}” ran again after ${o.file} changed: something it depends on is copied with ${o.file}.` };
  },
});

export const runsCleanly = defineGoal({
  id: 'runs-cleanly',
  kind: 'build',
  summary: 'The image builds, and `docker run` would start it: a command, a program that exists and can run there, the files and packages it needs, the user, certificates for HTTPS, the page nginx serves. Every lesson requires it.',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'The image builds and starts without errors',
  evaluate: ({ build }) => {
    if (!build) return pending;
    const failed = noImage(build);
    if (failed) return failed;
    const first = build.problems.find((p) => p.severity === 'error');
    if (first) return { met: false, detail: `docker run fails${first.line ? ` (line ${first.line})` : ''}: ${headline(first.message)}${first.explanation ? ` ${first.explanation}` : ''}` };
    if (build.unknowns.length) return { met: false, unknown: true, detail: `Unknown: ${build.unknowns[0]} Stagecraft does not call it a failure, and cannot call it a success either.` };
    const warning = build.problems.find((p) => p.severity === 'warning');
    return { met: true, detail: `It builds, and the container would start.${warning ? ` One thing to improve: ${warning.message}.` : ''}` };
  },
});

export const runsAsNonRoot = defineGoal({
  id: 'final-user-non-root',
  kind: 'build',
  summary: 'The container runs as a user other than root: a numeric id other than 0, or a name that exists in the image’s /etc/passwd.',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'The image runs as a user other than root',
  evaluate: ({ build }) => {
    if (!build) return pending;
    const failed = noImage(build);
    if (failed) return failed;
    const { user, exists } = build.runUser;
    const name = user.split(':')[0] ?? '';
    if (name === '' || name === 'root' || name === '0') return { met: false, detail: name === '' ? 'The image has no USER of its own, so the container runs as root.' : `USER ${user} is root.` };
    if (!exists) return { met: false, detail: `USER ${user}: the image has no user called ${name}, so the container would not start. On scratch use a number, such as USER 65532:65532.` };
    return { met: true, detail: `The container runs as ${user}.` };
  },
});

export const caCertificates = defineGoal({
  id: 'ca-certificates',
  kind: 'build',
  summary: 'The image has CA certificates where Go and OpenSSL look: the bundle /etc/ssl/certs/ca-certificates.crt (or another standard bundle path), or certificate files in /etc/ssl/certs.',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'The image has CA certificates for HTTPS',
  evaluate: ({ build }) => {
    if (!build) return pending;
    const failed = noImage(build);
    if (failed) return failed;
    return build.caCertificates
      ? { met: true, detail: 'CA certificates are where Go looks for them.' }
      : { met: false, detail: 'No CA certificates where Go looks (/etc/ssl/certs/ca-certificates.crt, or files in /etc/ssl/certs): HTTPS calls would fail with "certificate signed by unknown authority".' };
  },
});

export const stageRunsTests = defineGoal({
  id: 'stage-runs-tests',
  kind: 'build',
  summary: '`docker build --target <stage>` succeeds and one of its steps really runs the tests (a test runner that finds test files).',
  options: (raw) => readOptions(() => (opt.only(raw, ['stage']), { stage: opt.string(raw, 'stage') })),
  title: ({ stage }) => `docker build --target ${stage} runs the tests`,
  evaluate: ({ build }, { stage }) => {
    if (!build) return pending;
    const r = build.testsRun(stage);
    if (!r) return { met: false, detail: `There is no stage named ${stage}.` };
    return { met: r.built && r.ran, detail: r.detail };
  },
});

export const goBinaryStaticStripped = defineGoal({
  id: 'go-binary-static-stripped',
  kind: 'build',
  summary: 'The Go binaries in the final image are static (CGO_ENABLED=0) and stripped (-ldflags="-s -w").',
  options: (raw) => readOptions(() => (opt.only(raw, []), {})),
  title: () => 'The Go binary is static and stripped (CGO_ENABLED=0, -ldflags="-s -w")',
  evaluate: ({ build }) => {
    if (!build) return pending;
    const failed = noImage(build);
    if (failed) return failed;
    if (build.goBinaries.length === 0) return { met: false, detail: 'The final image has no Go binary built in this Dockerfile.' };
    const dynamic = build.goBinaries.find((b) => b.linkage === 'dynamic');
    if (dynamic) return { met: false, detail: `${dynamic.path} is dynamically linked: build it with CGO_ENABLED=0.` };
    const full = build.goBinaries.find((b) => !b.stripped);
    if (full) return { met: false, detail: `${full.path} still carries its symbol table and debug information: add -ldflags="-s -w" to go build.` };
    return { met: true, detail: `${build.goBinaries.map((b) => b.path).join(', ')}: static and stripped.` };
  },
});
