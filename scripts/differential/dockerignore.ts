/**
 * .dockerignore: moby/patternmatcher with its ignorefile reader, walked the way
 * BuildKit walks a context (through `dioracle`), against our compileDockerignore
 * (src/engine/context/dockerignore.ts).
 *
 * Per file: accept/refuse, the refusal message, the patterns as the matcher
 * holds them; per path: ignored or kept.
 */
import { compileDockerignore } from '../../src/engine/index';
import { isValidGoGlob } from '../../src/engine/index';
import { dockerignoreCases, sample, type DockerignoreCase } from './generators';
import { explain, IGNORE_KNOWN } from './known';
import { isCrash, JsonLinesOracle, type OracleCrash } from './oracles';
import { shrinkList, shrinkText, textSize } from './shrink';
import type { Category, Check } from './types';

type DiAnswer = { patterns?: string[]; error?: string; ignored?: boolean[] } | OracleCrash;

/** The context walk only produces clean relative paths. */
const cleanPath = (p: string) => p !== '' && !p.split('/').some((s) => s === '' || s === '.' || s === '..');

function* shrinkPath(p: string): Generator<string> {
  const segs = p.split('/');
  if (segs.length > 1) for (let i = 0; i < segs.length; i++) yield [...segs.slice(0, i), ...segs.slice(i + 1)].join('/');
  for (const s of shrinkText(p)) if (cleanPath(s)) yield s;
}

function* shrinkCase(c: DockerignoreCase): Generator<DockerignoreCase> {
  // One path is usually enough: try each alone first.
  if (c.paths.length > 1) for (const p of c.paths) yield { ...c, paths: [p] };
  for (const dockerignore of shrinkText(c.dockerignore)) yield { ...c, dockerignore };
  for (const paths of shrinkList(c.paths, shrinkPath, 1)) yield { ...c, paths };
}

const caseSize = (c: DockerignoreCase) => textSize(c.dockerignore) + c.paths.reduce((n, p) => n + textSize(p) + 64 * 64, 0);

function show(c: DockerignoreCase): string {
  return `.dockerignore ${JSON.stringify(c.dockerignore)}, paths ${JSON.stringify(c.paths)}`;
}

/** The part of a compiled .dockerignore the comparison uses. */
type Matcher = ReturnType<typeof compileDockerignore>;

/**
 * What our engine says, in dioracle's terms: the patterns as held, an error,
 * and the decisions for the paths in order, up to the first error.
 *
 * patternmatcher compiles a pattern's regular expression at its first use, so
 * a pattern Go's regexp refuses fails the walk only when some path reaches it.
 * Engines that model this expose `brokenLineReached(path)`; with an engine that
 * refuses such a file when reading it, `errors` says so up front.
 */
function ourAnswer(m: Matcher, paths: readonly string[]): { patterns: string[]; error?: string; errorLine?: string; ignored: boolean[] } {
  const patterns = m.patterns.map((p) => `${p.negate ? '!' : ''}${p.pattern}`);
  const refused = m.errors[0];
  if (refused) return { patterns, error: refused.message, errorLine: `line ${refused.line}: ${JSON.stringify(refused.text)}`, ignored: [] };
  const reached = (m as { brokenLineReached?: (path: string) => { line: number; text: string } | null }).brokenLineReached?.bind(m);
  const ignored: boolean[] = [];
  for (const path of paths) {
    const broken = reached?.(path);
    if (broken) return { patterns, error: 'syntax error in pattern', errorLine: `reached line ${broken.line}: ${JSON.stringify(broken.text)}`, ignored };
    ignored.push(m.matches(path));
  }
  return { patterns, ignored };
}

function compare(c: DockerignoreCase, bk: DiAnswer): Check[] {
  if (isCrash(bk)) return [{ metric: 'dockerignore: accept/refuse', units: 1, bad: 1, signature: 'oracle crashed', detail: { buildkit: bk.crash, ours: '' } }];
  const m = compileDockerignore(c.dockerignore);
  const us = ourAnswer(m, c.paths);
  const theirs = bk.ignored ?? [];
  const showBk = `${bk.error !== undefined ? `error: ${bk.error}; ` : ''}patterns ${JSON.stringify(bk.patterns ?? [])}, ignored ${JSON.stringify(theirs)}`;
  const showUs = `${us.error !== undefined ? `error: ${us.error} (${us.errorLine}); ` : ''}patterns ${JSON.stringify(us.patterns)}, ignored ${JSON.stringify(us.ignored)}`;
  const detail = { buildkit: showBk, ours: showUs };
  const checks: Check[] = [];

  const bkRefuses = bk.error !== undefined;
  const weRefuse = us.error !== undefined;
  const acceptBad = bkRefuses !== weRefuse;
  checks.push({
    metric: 'dockerignore: accept/refuse',
    units: 1,
    bad: acceptBad ? 1 : 0,
    ...(acceptBad && { signature: bkRefuses ? `BuildKit refuses (${bk.error}); we accept` : `BuildKit accepts; we refuse (${us.error})`, detail }),
  });
  if (bkRefuses && weRefuse) {
    const same = bk.error === us.error;
    checks.push({ metric: 'dockerignore: refusal message', units: 1, bad: same ? 0 : 1, ...(!same && { signature: `BuildKit says "${bk.error}"; we say "${us.error}"`, detail }) });
  }
  // Patterns, when both read the file; decisions for the paths both decided (a lazy error stops the walk).
  const bkRead = !bkRefuses || (bk.patterns ?? []).length > 0;
  const weRead = m.errors.length === 0;
  if (bkRead && weRead) {
    const patternsBad = JSON.stringify(bk.patterns ?? []) !== JSON.stringify(us.patterns);
    checks.push({ metric: 'dockerignore: patterns', units: 1, bad: patternsBad ? 1 : 0, ...(patternsBad && { signature: 'the patterns differ', detail }) });
    const n = Math.min(theirs.length, us.ignored.length);
    const differing = [...Array(n).keys()].filter((i) => theirs[i] !== us.ignored[i]);
    const first = differing[0];
    checks.push({
      metric: 'dockerignore: decisions',
      units: n,
      bad: differing.length,
      ...(first !== undefined && {
        signature: theirs[first] ? 'BuildKit ignores the path, we keep it' : 'BuildKit keeps the path, we ignore it',
        detail,
      }),
    });
  }
  // A known cause names the class. BuildKit's reader has already checked every
  // pattern with filepath.Match; if our copy of that check passes them all too,
  // a refusal of ours can only come from compiling the regular expression.
  const firstPath = c.paths.find((_, i) => i < Math.min(theirs.length, us.ignored.length) && theirs[i] !== us.ignored[i]);
  const evidence = {
    buildkitReadAll: !bkRefuses && (bk.patterns ?? []).every((p) => isValidGoGlob(p.startsWith('!') ? p.slice(1) : p)),
    buildkitError: bk.error,
    ourErrors: m.errors.map((e) => e.message),
    path: firstPath,
    ourPrunedDirectory: firstPath !== undefined && m.explain(firstPath)?.directory !== undefined,
  };
  for (const check of checks) {
    if (check.bad > 0) check.signature = explain(IGNORE_KNOWN, { metric: check.metric, ...evidence }) ?? check.signature;
  }
  return checks;
}

export function dockerignoreCategory(dioracle: string, seedFiles: readonly string[]): Category<DockerignoreCase, DiAnswer> {
  const oracle = new JsonLinesOracle(dioracle, []);
  const arb = dockerignoreCases(seedFiles);
  return {
    name: 'dockerignore',
    metrics: ['dockerignore: accept/refuse', 'dockerignore: refusal message', 'dockerignore: patterns', 'dockerignore: decisions'],
    generate: (seed, count) => sample(arb, seed, count),
    oracle: (inputs) => oracle.askAll(inputs) as Promise<DiAnswer[]>,
    compare,
    shrinkCandidates: shrinkCase,
    size: caseSize,
    show,
    close: () => oracle.close(),
  };
}
