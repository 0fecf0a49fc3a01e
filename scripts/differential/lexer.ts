/**
 * BuildKit's shell lexer (frontend/dockerfile/shell) against ours
 * (expandWord, from src/engine/index.ts):
 * - expand: ProcessWordWithMatches → the value and the unmatched names;
 * - words: ProcessWords → the word split after substitution.
 */
import { EnvMap, expandWord } from '../../src/engine/index';
import { sample, wordCases, type WordCase } from './generators';
import { explain, LEX_KNOWN } from './known';
import { isCrash, JsonLinesOracle, type OracleCrash } from './oracles';
import { normalizeMessage, sameReason } from './parse';
import { shrinkList, shrinkText, textSize } from './shrink';
import type { Category, Check } from './types';

type LexAnswer = { value?: string; unmatched?: string[]; words?: string[]; error?: string } | OracleCrash;

const show = (c: WordCase) =>
  `word ${JSON.stringify(c.word)}, env ${JSON.stringify(c.env)}${c.escape === '`' ? ', escape `' : ''}`;

/** BuildKit's lexer errors are wrapped: `failed to process "<word>": <reason>`. */
const reason = (error: string) => error.replace(/^failed to process "(?:[^"\\]|\\.)*": /s, '');

/** The lexer's own messages; anything else is the text of a `${NAME?message}`. */
const LEXER_MESSAGE = /^(syntax error|unexpected end of statement|invalid pattern|unsupported modifier|Stagecraft|this expands|word too complex)/;

/** Same refusal: the same kind of message, and for `${NAME?message}` the very same text (it is an expansion). */
function sameRefusal(buildkit: string, ours: string): boolean {
  if (!LEXER_MESSAGE.test(buildkit) && !LEXER_MESSAGE.test(ours)) return buildkit === ours;
  return sameReason(buildkit, ours);
}

function refusalSignature(buildkit: string, ours: string): string {
  if (!LEXER_MESSAGE.test(buildkit) && !LEXER_MESSAGE.test(ours)) return 'the ${NAME?message} text differs';
  return `BuildKit says "${normalizeMessage(buildkit)}"; we say "${normalizeMessage(ours)}"`;
}

function* shrinkWordCase(c: WordCase): Generator<WordCase> {
  for (const word of shrinkText(c.word)) yield { ...c, word };
  for (const entries of shrinkList(Object.entries(c.env), ([k, v]) => [...shrinkText(v)].map((s): [string, string] => [k, s]))) {
    yield { ...c, env: Object.fromEntries(entries) };
  }
  if (c.escape === '`') yield { ...c, escape: '\\' };
}

function wordCaseSize(c: WordCase): number {
  return textSize(c.word) + Object.entries(c.env).reduce((n, [k, v]) => n + textSize(k) + textSize(v) + 64, 0) + (c.escape === '`' ? 1 : 0);
}

export function lexerCategory(bkoracle: string, kind: 'expand' | 'words'): Category<WordCase, LexAnswer> {
  const oracle = new JsonLinesOracle(bkoracle, [kind]);
  const valueMetric = kind === 'expand' ? 'expand: value' : 'words: split';
  const metrics = [`${kind}: accept/refuse`, `${kind}: refusal message`, valueMetric, ...(kind === 'expand' ? ['expand: unmatched'] : [])];

  const compare = (c: WordCase, bk: LexAnswer): Check[] => {
    if (isCrash(bk)) return [{ metric: metrics[0]!, units: 1, bad: 1, signature: 'oracle crashed', detail: { buildkit: bk.crash, ours: '' } }];
    const us = expandWord(c.word, new EnvMap(Object.entries(c.env)), { escape: c.escape });
    const checks: Check[] = [];
    const bkRefuses = bk.error !== undefined;
    const weRefuse = us.error !== null;
    const showBk = bkRefuses ? `error: ${bk.error}` : kind === 'expand' ? `value ${JSON.stringify(bk.value)}, unmatched ${JSON.stringify(bk.unmatched ?? [])}` : `words ${JSON.stringify(bk.words ?? [])}`;
    const showUs = weRefuse ? `error: ${us.error}` : kind === 'expand' ? `value ${JSON.stringify(us.value)}, unmatched ${JSON.stringify(us.unmatched)}` : `words ${JSON.stringify(us.words)}`;
    const detail = { buildkit: showBk, ours: showUs };

    const acceptBad = bkRefuses !== weRefuse;
    checks.push({
      metric: metrics[0]!,
      units: 1,
      bad: acceptBad ? 1 : 0,
      ...(acceptBad && {
        signature: bkRefuses ? `BuildKit refuses (${normalizeMessage(reason(bk.error!))}); we accept` : `BuildKit accepts; we refuse (${normalizeMessage(us.error!)})`,
        detail,
      }),
    });
    if (bkRefuses && weRefuse) {
      const same = sameRefusal(reason(bk.error!), us.error!);
      checks.push({ metric: metrics[1]!, units: 1, bad: same ? 0 : 1, ...(!same && { signature: refusalSignature(reason(bk.error!), us.error!), detail }) });
    }
    if (!bkRefuses && !weRefuse) {
      if (kind === 'expand') {
        const valueBad = bk.value !== us.value;
        checks.push({ metric: valueMetric, units: 1, bad: valueBad ? 1 : 0, ...(valueBad && { signature: 'the values differ', detail }) });
        const bkUnmatched = [...(bk.unmatched ?? [])].sort().join(',');
        const ourUnmatched = [...us.unmatched].sort().join(',');
        const unmatchedBad = bkUnmatched !== ourUnmatched;
        checks.push({ metric: 'expand: unmatched', units: 1, bad: unmatchedBad ? 1 : 0, ...(unmatchedBad && { signature: 'the unmatched names differ', detail }) });
      } else {
        const a = bk.words ?? [];
        const b = us.words;
        const splitBad = JSON.stringify(a) !== JSON.stringify(b);
        const how = a.length === b.length ? 'same number of words, different text' : a.length < b.length ? 'BuildKit has fewer words' : 'BuildKit has more words';
        checks.push({ metric: valueMetric, units: 1, bad: splitBad ? 1 : 0, ...(splitBad && { signature: how, detail }) });
      }
    }
    // A known cause, when the word shows one, names the class.
    for (const check of checks) {
      if (check.bad > 0) check.signature = explain(LEX_KNOWN, { metric: check.metric, word: c.word, env: c.env, ourError: us.error, buildkitError: bk.error }) ?? check.signature;
    }
    return checks;
  };

  return {
    name: kind,
    metrics,
    generate: (seed, count) => sample(wordCases, seed, count),
    oracle: (inputs) => oracle.askAll(inputs) as Promise<LexAnswer[]>,
    compare,
    shrinkCandidates: shrinkWordCase,
    size: wordCaseSize,
    show,
    close: () => oracle.close(),
  };
}
