/**
 * Dockerfile parsing: BuildKit's parser.Parse + instructions.Parse (through
 * `bkoracle parse`) against our parseDockerfile.
 *
 * Per file it compares
 * - accept/refuse: does either side refuse the file at all;
 * - refusal stage: when both refuse, is it the parser (BuildKit's `error`) or the
 *   instruction parser (`instrError`) — ours tells them apart by message, see PARSER_MESSAGES;
 * - refusal message: when both refuse at the same stage, is BuildKit's message among ours;
 * - dump: Node.Dump() of every instruction (when BuildKit's parser accepts the file);
 * - lines: every instruction's first and last line (likewise).
 */
import { parseDockerfile, type Dockerfile, type Instruction } from '../../src/engine/index';
import { goLower, goQuote, goTrimSpace, invalidBytesAsReplacement, visible } from './go';
import { dockerfiles, sample } from './generators';
import { explain, PARSE_KNOWN } from './known';
import { isCrash, ParseOracle, type BkParse, type OracleCrash } from './oracles';
import { shrinkText, textSize } from './shrink';
import type { Category, Check } from './types';

type Level = 'ok' | 'instruction error' | 'parse error';

/**
 * Our diagnostics do not say which BuildKit stage would refuse; these are the
 * messages of the refusals that happen in BuildKit's parser.Parse (directives,
 * the line scanner, JSON arrays of non-strings, ENV/LABEL forms, heredocs, an
 * empty file). Every other error is an instructions.Parse refusal.
 */
const PARSER_MESSAGES: readonly RegExp[] = [
  /^dockerfile line greater than max allowed size/,
  /^invalid escape token/,
  /^only one \w+ parser directive can be used/,
  /^when using JSON array syntax, arrays must be comprised of strings only/,
  /^unterminated heredoc/,
  /^file with no instructions/,
  /^(ENV|LABEL) must have two arguments/,
  /^Syntax error - can't find = in/,
];

interface Ours {
  file: Dockerfile;
  level: Level;
  /** Error messages, parser-stage ones first. */
  errors: Array<{ message: string; line: number }>;
  dump: string[];
  lines: Array<[number, number]>;
}

function ours(text: string): Ours {
  const file = parseDockerfile(text);
  const errors = file.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ message: d.message, line: d.range.start.line + 1, parser: PARSER_MESSAGES.some((re) => re.test(d.message)) }));
  const level: Level = errors.some((e) => e.parser) ? 'parse error' : errors.length ? 'instruction error' : 'ok';
  errors.sort((a, b) => Number(b.parser) - Number(a.parser));
  return {
    file,
    level,
    errors: errors.map(({ message, line }) => ({ message, line })),
    dump: file.instructions.map((ins) => `(${dumpInstruction(ins)})`),
    lines: file.instructions.map((ins) => [ins.startLine + 1, ins.endLine + 1]),
  };
}

/**
 * Our instruction in BuildKit's Node.Dump() format: the keyword lower-cased, the
 * flags as a Go-quoted list, then the argument nodes Go-quoted. ENV and LABEL
 * pairs are three nodes (key, value, `=` or `` for the legacy form); an unknown
 * instruction has one empty node (parseIgnore); ONBUILD's trigger is a child.
 */
export function dumpInstruction(ins: Instruction): string {
  let s = goLower(ins.keyword);
  if (ins.flags.length) s += ` [${ins.flags.map((f) => goQuote(f.text)).join(' ')}]`;
  const nodes: string[] = [];
  if (ins.name === 'ONBUILD') {
    if (ins.trigger) nodes.push(`(${dumpInstruction(ins.trigger)})`);
  } else if (ins.name === 'ENV' || ins.name === 'LABEL') {
    for (const kv of ins.keyValues) nodes.push(goQuote(kv.key), goQuote(kv.rawValue ?? ''), goQuote(kv.form === 'equals' ? '=' : ''));
  } else if (ins.name === null) {
    nodes.push('""');
  } else {
    for (const a of ins.args) nodes.push(goQuote(a.value));
  }
  // Dump ends with strings.TrimSpace: an instruction with an empty keyword prints as `""`.
  return goTrimSpace(nodes.length ? `${s} ${nodes.join(' ')}` : s);
}

function bkLevel(bk: BkParse): Level {
  return bk.error !== undefined ? 'parse error' : bk.instrError !== undefined ? 'instruction error' : 'ok';
}

/** Messages without their variable parts, so that one kind of refusal is one class. */
export function normalizeMessage(message: string): string {
  return message
    .replace(/^dockerfile parse error on line \d+: /, '')
    .replace(/^failed to process "(?:[^"\\]|\\.)*": /s, 'failed to process …: ')
    .replace(/ \(did you mean \w+\?\)$/, '')
    .replace(/^(unknown instruction|unknown flag|duplicate flag specified|missing a value on flag): .*/s, '$1: …')
    .replace(/^expecting boolean value for flag .*/s, 'expecting boolean value for flag …')
    .replace(/^(invalid pattern|unsupported modifier) \(.*\) in substitution/s, '$1 (…) in substitution')
    .replace(/"(?:[^"\\]|\\.)*"/gs, '"…"')
    .replace(/'[^']*'/gs, "'…'")
    .replace(/\d+/g, 'N');
}

/**
 * Same refusal reason: equal once normalised, or ours says BuildKit's message
 * and then more (`unterminated heredoc: no line "EOF" closes it`).
 */
export function sameReason(buildkit: string, ours: string): boolean {
  const a = normalizeMessage(buildkit);
  const b = normalizeMessage(ours);
  return a === b || b.startsWith(`${a}:`);
}

/** `(copy ["--from=a"] "b" "c")` → `copy`; `(onbuild (run "x"))` → `onbuild(run)`. */
function dumpKeyword(dump: string | undefined): string {
  if (dump === undefined) return '';
  const m = /^\(([^ ()]*)(?: \(([^ ()]*))?/.exec(dump);
  if (!m) return '?';
  return m[2] !== undefined && m[1] === 'onbuild' ? `onbuild(${m[2]})` : (m[1] ?? '?');
}

/** The keyword of the instruction covering a 1-based line, from a list of dumps and line ranges. */
function keywordAtLine(dump: readonly string[], lines: ReadonlyArray<[number, number]>, line: number | null): string {
  if (line === null) return '';
  const i = lines.findIndex(([a, b]) => a <= line && line <= b);
  return i < 0 ? '' : dumpKeyword(dump[i]);
}

function bkErrorLine(message: string): number | null {
  const m = /on line (\d+)/.exec(message);
  return m ? Number(m[1]) : null;
}

/** Where the flag list of a dump ends (after `keyword` or `keyword [...]`). */
function splitDump(dump: string): { head: string; flags: string; args: string } {
  const m = /^\(([^ ()]*)( \[(?:"(?:[^"\\]|\\.)*" ?)*\])?/.exec(dump);
  if (!m) return { head: dump, flags: '', args: '' };
  return { head: m[1] ?? '', flags: m[2] ?? '', args: dump.slice(m[0].length) };
}

/**
 * Lines first..last (1-based, inclusive) as the known-class tests read them: the
 * logical lines of our instructions there (continuations joined), then the physical lines.
 */
function focusText(text: string, file: Dockerfile, first: number, last: number): string {
  const logical = file.instructions.filter((ins) => ins.startLine + 1 <= last && ins.endLine + 1 >= first).map((ins) => ins.original);
  const physical = text.split('\n').slice(Math.max(0, first - 1), Math.max(0, last));
  return [...logical, ...physical].join('\n');
}

/** The smallest span covering the given ones. */
function union(...spans: Array<[number, number] | null>): [number, number] | null {
  const real = spans.filter((x): x is [number, number] => x !== null);
  return real.length ? [Math.min(...real.map((x) => x[0])), Math.max(...real.map((x) => x[1]))] : null;
}

/**
 * Lines of instruction k and the one before it, on both sides, widened to every
 * instruction of either side that overlaps them: where a difference at k comes
 * from (a heredoc one side reads and the other does not spans several).
 */
function around(k: number, ...sides: Array<ReadonlyArray<[number, number]>>): [number, number] | null {
  let span = union(...sides.flatMap((lines) => [lines[k - 1] ?? null, lines[k] ?? null]));
  if (!span) return null;
  for (const lines of sides) for (const x of lines) if (x[0] <= span[1] && x[1] >= span[0]) span = union(span, x)!;
  return span;
}

/** Index of the instruction covering a 1-based line. */
function instructionAt(lines: ReadonlyArray<[number, number]>, line: number | null): number {
  return line === null ? -1 : lines.findIndex(([a, b]) => a <= line && line <= b);
}

function compareParse(text: string, bk: BkParse | OracleCrash): Check[] {
  if (isCrash(bk)) return [{ metric: 'parse: accept/refuse', units: 1, bad: 1, signature: 'oracle crashed', detail: { buildkit: bk.crash, ours: '' } }];
  const us = ours(text);
  // Go strings keep bytes that are not UTF-8 (BuildKit splits some text byte by byte);
  // our strings can only hold U+FFFD there, so the dumps are compared that way.
  bk = { ...bk, dump: bk.dump.map(invalidBytesAsReplacement) };
  const bkl = bkLevel(bk);
  const bkMessage = bk.error ?? bk.instrError ?? '';
  const bkLine = bkErrorLine(bkMessage);
  const ourFirst = us.errors[0];
  const showOurs = `${us.level}${us.errors.length ? `: ${us.errors.map((e) => `line ${e.line}: ${e.message}`).join(' | ')}` : ''}`;
  const showBk = `${bkl}${bkMessage ? `: ${bkMessage}` : ''}`;
  const refusal = { buildkit: showBk, ours: showOurs };
  // Whether BuildKit goes on to accept the file: dump and lines classes note it.
  const context = bkl === 'ok' ? 'in files BuildKit accepts' : 'in files BuildKit refuses later';

  // Our errors that are not BuildKit's reason: are they all checks of an ONBUILD trigger?
  const extra = us.errors.filter((e) => bkl === 'ok' || !sameReason(bkMessage, e.message));
  const inTrigger = (e: { line: number; message: string }) =>
    !/Chaining ONBUILD|isn't allowed as an ONBUILD trigger|^ONBUILD requires/.test(e.message) &&
    !PARSER_MESSAGES.some((re) => re.test(e.message)) &&
    us.file.instructions.some((ins) => ins.trigger !== null && ins.startLine + 1 <= e.line && e.line <= ins.endLine + 1);
  const ourErrorInTrigger = extra.length > 0 && extra.every(inTrigger);

  /** A known class for the difference, if one explains it, else the generic signature. */
  const classify = (metric: string, generic: string, span: [number, number] | null, at?: number): string =>
    explain(PARSE_KNOWN, {
      metric,
      text,
      focus: focusText(text, us.file, span?.[0] ?? 1, span?.[1] ?? Number.MAX_SAFE_INTEGER),
      buildkitDump: bk.dump,
      ourDump: us.dump,
      buildkitAt: at === undefined ? undefined : bk.dump[at],
      escape: us.file.escapeToken,
      directives: us.file.directives.map((d) => d.name),
      checkDirective: us.file.directives.find((d) => d.name === 'check')?.value ?? null,
      buildkitMessage: bkMessage,
      ourErrors: us.errors.map((e) => ({ message: e.message, keyword: keywordAtLine(us.dump, us.lines, e.line).toUpperCase() || '?' })),
      ourErrorInTrigger,
    }) ?? generic;

  // The lines a refusal is about: around BuildKit's error line and our first error's.
  const spanAt = (line: number | null) =>
    line === null ? null : around(Math.max(instructionAt(bk.lines, line), instructionAt(us.lines, line)), bk.lines, us.lines);
  const refusalSpan = bkl !== 'ok' && bkLine === null ? null : union(spanAt(bkLine), spanAt(ourFirst?.line ?? null));
  const checks: Check[] = [];

  // Accept or refuse.
  const acceptBad = (bkl === 'ok') !== (us.level === 'ok');
  checks.push({
    metric: 'parse: accept/refuse',
    units: 1,
    bad: acceptBad ? 1 : 0,
    ...(acceptBad && {
      signature: classify(
        'parse: accept/refuse',
        bkl === 'ok'
          ? `BuildKit accepts, we refuse (${us.level}) at ${keywordAtLine(us.dump, us.lines, ourFirst?.line ?? null) || '-'}: ${normalizeMessage(ourFirst?.message ?? '')}`
          : `BuildKit refuses (${bkl}) at ${keywordAtLine(bk.dump, bk.lines, bkLine) || '-'}: ${normalizeMessage(bkMessage)}; we accept`,
        refusalSpan,
      ),
      detail: refusal,
    }),
  });

  // Both refuse: the same stage, and BuildKit's reason among ours.
  if (bkl !== 'ok' && us.level !== 'ok') {
    const stageBad = bkl !== us.level;
    checks.push({
      metric: 'parse: refusal stage',
      units: 1,
      bad: stageBad ? 1 : 0,
      ...(stageBad && {
        signature: classify('parse: refusal stage', `BuildKit: ${bkl} (${normalizeMessage(bkMessage)}); we: ${us.level} (${normalizeMessage(ourFirst?.message ?? '')})`, refusalSpan),
        detail: refusal,
      }),
    });
    if (!stageBad) {
      const messageBad = !us.errors.some((e) => sameReason(bkMessage, e.message));
      // The nearest of ours: the one on BuildKit's line, if any.
      const near = us.errors.find((e) => e.line === bkLine) ?? ourFirst;
      checks.push({
        metric: 'parse: refusal message',
        units: 1,
        bad: messageBad ? 1 : 0,
        ...(messageBad && {
          signature: classify('parse: refusal message', `BuildKit says "${normalizeMessage(bkMessage)}"; we say "${normalizeMessage(near?.message ?? '')}"`, refusalSpan),
          detail: refusal,
        }),
      });
    }
  }

  // Dump and lines: only when BuildKit's parser gave a tree.
  if (bkl !== 'parse error') {
    const n = Math.max(bk.dump.length, us.dump.length);
    const i = [...Array(n).keys()].find((k) => bk.dump[k] !== us.dump[k]);
    let dumpSig: string | undefined;
    if (i !== undefined) {
      let generic: string;
      if (bk.dump[i] === undefined || us.dump[i] === undefined) {
        generic = `instruction count: ${bk.dump[i] === undefined ? `we have an extra ${dumpKeyword(us.dump[i])}` : `BuildKit has an extra ${dumpKeyword(bk.dump[i])}`}`;
      } else {
        const a = splitDump(bk.dump[i]!);
        const b = splitDump(us.dump[i]!);
        generic = `${dumpKeyword(bk.dump[i])}: ${a.head !== b.head ? 'keyword' : a.flags !== b.flags ? 'flags' : 'arguments'} differ`;
      }
      dumpSig = classify('parse: dump', generic, around(i, bk.lines, us.lines), i);
    }
    checks.push({
      metric: 'parse: dump',
      units: 1,
      bad: i === undefined ? 0 : 1,
      ...(dumpSig && { signature: dumpSig, context, detail: { buildkit: bk.dump.join('\n'), ours: us.dump.join('\n') } }),
    });

    const j = [...Array(Math.max(bk.lines.length, us.lines.length)).keys()].find(
      (k) => bk.lines[k]?.[0] !== us.lines[k]?.[0] || bk.lines[k]?.[1] !== us.lines[k]?.[1],
    );
    let linesSig: string | undefined;
    if (j !== undefined) {
      const a = bk.lines[j];
      const b = us.lines[j];
      let generic: string;
      if (!a || !b) generic = 'instruction count differs';
      else {
        const which = a[0] !== b[0] && a[1] !== b[1] ? 'start and end' : a[0] !== b[0] ? 'start' : 'end';
        generic = `${dumpKeyword(bk.dump[j])}: ${which} line ${(a[1] !== b[1] ? a[1] > b[1] : a[0] > b[0]) ? 'later' : 'earlier'} in BuildKit`;
      }
      linesSig = classify('parse: lines', generic, around(j, bk.lines, us.lines), j);
    }
    const fmt = (ls: ReadonlyArray<[number, number]>, ds: readonly string[]) => ls.map(([a, b], k) => `${a}-${b} ${dumpKeyword(ds[k])}`).join(', ');
    checks.push({
      metric: 'parse: lines',
      units: 1,
      bad: j === undefined ? 0 : 1,
      ...(linesSig && { signature: linesSig, context, detail: { buildkit: fmt(bk.lines, bk.dump), ours: fmt(us.lines, us.dump) } }),
    });
  }
  return checks;
}

export function parseCategory(bkoracle: string, seedFiles: readonly string[]): Category<string, BkParse | OracleCrash> {
  const oracle = new ParseOracle(bkoracle);
  const arb = dockerfiles(seedFiles);
  return {
    name: 'parse',
    metrics: ['parse: accept/refuse', 'parse: refusal stage', 'parse: refusal message', 'parse: dump', 'parse: lines'],
    generate: (seed, count) => sample(arb, seed, count),
    oracle: (inputs) => oracle.parseAll(inputs),
    compare: compareParse,
    shrinkCandidates: shrinkText,
    size: textSize,
    show: (t) => `${visible(t)}\n(as a JSON string: ${JSON.stringify(t)})`,
    close: () => oracle.close(),
  };
}
