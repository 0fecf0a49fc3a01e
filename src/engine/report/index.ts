/**
 * What a learner reads after a simulated `docker build`: the BuildKit log,
 * `docker images`, `docker history`, a dive-style summary, and the same
 * figures as data for the UI. Every function takes a BuildResult and never throws.
 */
export { humanSize } from './human-size';
export { buildLog, buildLogEvents, dockerfileExcerpt, SIMULATED_NOTE, type BuildLogOptions, type LogEvent, type LogEventKind } from './build-log';
export { imagesTable, imageRow, type ImageRow, type ImageRowOptions } from './images';
export { historyTable, historyRows, buildkitCreatedBy, BUILDKIT_COMMENT, type HistoryOptions, type HistoryRow } from './history';
export { diveSummary, wastedPaths, efficiencyText, type DiveOptions, type WastedPath } from './dive';
export { summary, contextLine, contextSentence, type BuildSummary } from './summary';
export { built, stoppingProblem, imageDigest, vertexName } from './outcome';
export { humanDuration, progressBytes } from './text';
