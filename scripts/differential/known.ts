/**
 * Known classes of disagreement. A disagreement whose input shows a known
 * cause is counted under that class instead of its generic signature, so a run
 * reports how often each known difference occurs and the generic classes hold
 * only what nobody has explained yet. The tests are syntactic (does the relevant
 * part of the input have the telltale construct), so they are attributions, not
 * proofs: each class's shrunk reproducer is still printed to check it.
 *
 * When a difference is fixed in the engine its class simply stops occurring; the
 * report lists the known classes a run did not see.
 */

import { expandWord } from '../../src/engine/index';

/** Spaces Go's unicode.IsSpace knows beyond ASCII, plus \v and \f (BuildKit splits some things on them). */
const ODD_SPACE = '\\v\\f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

export interface KnownClass<E> {
  id: string;
  /** What differs, in a few words (the report's class title). */
  title: string;
  /** The metrics the class explains. */
  metrics: readonly string[];
  applies(evidence: E): boolean;
}

/** What the parse labellers look at. */
export interface ParseEvidence {
  metric: string;
  text: string;
  /**
   * Where the first difference is: the logical lines (continuations joined, as
   * our parser joined them) of the instructions around it, then the physical
   * lines themselves; the whole file when the place is unknown.
   */
  focus: string;
  buildkitDump: readonly string[];
  ourDump: readonly string[];
  /** For dump and lines: BuildKit's dump of the first instruction that differs (undefined if BuildKit has none there). */
  buildkitAt: string | undefined;
  escape: string;
  /** The directives we found (names). */
  directives: readonly string[];
  /** The file's `# check=` value as we read it, or null. */
  checkDirective: string | null;
  /** BuildKit's refusal (parser or instruction parser), or ''. */
  buildkitMessage: string;
  /** Our error messages, with the keyword (upper case, `?` if unknown) of the instruction each is on. */
  ourErrors: ReadonlyArray<{ message: string; keyword: string }>;
  /** Our errors that are not BuildKit's reason are all inside ONBUILD triggers, and are not about ONBUILD itself. */
  ourErrorInTrigger: boolean;
}

const PARSE_ALL = ['parse: accept/refuse', 'parse: refusal stage', 'parse: refusal message', 'parse: dump', 'parse: lines'];
const REFUSALS = ['parse: accept/refuse', 'parse: refusal stage', 'parse: refusal message'];

/**
 * Whether BuildKit's heredocsFromLine gets no words for a line: its shell lexer
 * (raw quotes, raw escapes, unset variables kept) fails on an unclosed quote or
 * a malformed `${…}`. Our lexer refuses the same syntax.
 */
function lexerRefuses(line: string): boolean {
  const error = expandWord(line).error;
  return error !== null && /^(unexpected end of statement|syntax error|unsupported modifier)/.test(error);
}

/** An instruction line split the way BuildKit's splitCommand and extractBuilderFlags split it. */
interface SplitLine {
  keyword: string;
  flags: string[];
  rest: string;
  /** Flags end at a Unicode space that is followed by `--` (BuildKit, reading bytes, does not skip it; we do). */
  flagAfterUnicodeSpace: boolean;
}

/**
 * Splits a logical line like BuildKit: the keyword ends at `[\t\v\f\r ]`; flag
 * words end at an ASCII space, quotes group, the file's escape token escapes.
 */
function splitLine(line: string, escape: string): SplitLine {
  const space = (c: string | undefined) => c !== undefined && c.charCodeAt(0) < 0x80 && /\s/.test(c);
  let i = 0;
  while (space(line[i])) i++;
  const kw = i;
  while (i < line.length && !/[\t\v\f\r ]/.test(line[i]!)) i++;
  const keyword = line.slice(kw, i);
  const flags: string[] = [];
  for (;;) {
    while (space(line[i])) i++;
    if (line[i] !== '-' || line[i + 1] !== '-') break;
    const start = i;
    let quote = '';
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (!quote && space(c)) break;
      if (c === escape) i++;
      else if (!quote && (c === '"' || c === "'")) quote = c;
      else if (c === quote) quote = '';
    }
    const word = line.slice(start, i);
    if (word === '--') break;
    flags.push(word);
  }
  const rest = line.slice(i);
  return { keyword, flags, rest, flagAfterUnicodeSpace: new RegExp(`^(?=[\\s${ODD_SPACE}]*[${ODD_SPACE}])[\\s${ODD_SPACE}]*--`).test(rest) };
}

/** The instructions of the focus lines, ONBUILD triggers included. */
function instructions(focus: string, escape: string): SplitLine[] {
  const out: SplitLine[] = [];
  for (const line of focus.split('\n')) {
    let split = splitLine(line, escape);
    out.push(split);
    if (split.keyword.toUpperCase() === 'ONBUILD') {
      split = splitLine(split.rest, escape);
      out.push(split);
    }
  }
  return out;
}

const flagWords = (focus: string, escape: string) => instructions(focus, escape).flatMap((x) => x.flags);

/** Go's %q of a value back to the value (its escapes rewritten for JSON.parse), or null. */
function goUnquote(quoted: string): string | null {
  const json = quoted.replace(/\\(x[0-9a-fA-F]{2}|U[0-9a-fA-F]{8}|[abv]|.)/g, (all, esc: string) => {
    if (esc[0] === 'x') return `\\u00${esc.slice(1)}`;
    if (esc[0] === 'U') return JSON.stringify(String.fromCodePoint(parseInt(esc.slice(1), 16))).slice(1, -1);
    return { a: '\\u0007', b: '\\b', v: '\\u000b' }[esc] ?? all;
  });
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Messages that quote a value: BuildKit with Go's %q, ours as written. */
const QUOTING_TEMPLATES = [
  /^Syntax error - can't find = in (.*)\. Must be of the form: name=value$/s,
  /^Unknown type (.*) in HEALTHCHECK \(try CMD\)$/s,
  /^invalid name for build stage: (.*), name can't start with a number or contain symbols$/s,
];

function quotesDiffer(buildkit: string, ours: readonly string[]): boolean {
  const bk = buildkit.replace(/^dockerfile parse error on line \d+: /, '');
  return QUOTING_TEMPLATES.some((re) => {
    const value = re.exec(bk)?.[1];
    const unquoted = value === undefined ? null : goUnquote(value);
    return unquoted !== null && ours.some((m) => re.exec(m)?.[1] === `"${unquoted}"`);
  });
}

/**
 * linter.ParseLintOptions: null when BuildKit accepts the `# check=` value,
 * else its complaint. BuildKit reads the directive in dockerfile2llb, outside
 * what the oracle runs, so the oracle never refuses for it.
 */
export function lintOptionsError(value: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  const parts = text.split(';');
  const limited = parts.length > 3 ? [...parts.slice(0, 2), parts.slice(2).join(';')] : parts;
  for (const p of limited) {
    const eq = p.indexOf('=');
    if (eq < 0) return `invalid check option "${p}"`;
    const k = p.slice(0, eq).trim();
    const v = p.slice(eq + 1).trim();
    if (k === 'error') {
      if (!['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return `failed to parse check option "${p}"`;
    } else if (k !== 'skip' && k !== 'experimental') return `invalid check option "${k}"`;
  }
  return null;
}

const ourMessage = (e: ParseEvidence, re: RegExp, keywords?: readonly string[]) =>
  e.ourErrors.some((x) => re.test(x.message) && (!keywords || keywords.includes(x.keyword)));

export const PARSE_KNOWN: ReadonlyArray<KnownClass<ParseEvidence>> = [
  {
    id: 'lone-escape-at-eof',
    title: 'a last line that is only the escape character (` \\` at the end of the file) makes an empty instruction in BuildKit',
    metrics: PARSE_ALL,
    applies: (e) =>
      !e.ourDump.includes('("")') &&
      (e.metric === 'parse: dump' || e.metric === 'parse: lines'
        ? e.buildkitAt === '("")'
        : e.buildkitDump.includes('("")') && /unknown instruction: $/.test(e.buildkitMessage)),
  },
  {
    id: 'check-directive',
    title: '`# check=` options: we refuse values BuildKit\'s ParseLintOptions accepts',
    metrics: REFUSALS,
    applies: (e) => e.checkDirective !== null && lintOptionsError(e.checkDirective) === null && ourMessage(e, /^failed to parse check options/),
  },
  {
    id: 'check-directive-outside-oracle',
    title: '`# check=` options BuildKit refuses too, but in dockerfile2llb, which the oracle does not run (not a difference)',
    metrics: REFUSALS,
    applies: (e) => e.checkDirective !== null && lintOptionsError(e.checkDirective) !== null && ourMessage(e, /^failed to parse check options/),
  },
  {
    id: 'heredoc-space-after',
    title: 'spaces after `<<`: BuildKit\'s lexer keeps them and the next word in one word, so `<< EOF` is a heredoc and `<< <<EOF` is none; we split there',
    metrics: PARSE_ALL,
    applies: (e) => /<<[ \t\r]+\S/.test(e.focus),
  },
  {
    id: 'onbuild-heredoc',
    title: 'ONBUILD RUN/COPY/ADD <<EOF: BuildKit reads the heredoc body, we read it as instructions',
    metrics: PARSE_ALL,
    applies: (e) => /\bONBUILD\b[^\n]*<</i.test(e.focus),
  },
  {
    id: 'onbuild-trigger-checked',
    title: 'ONBUILD triggers: BuildKit checks only ONBUILD/FROM/MAINTAINER, we check the trigger like an instruction (unknown instruction, argument counts, flags)',
    metrics: REFUSALS,
    applies: (e) => e.ourErrorInTrigger,
  },
  {
    id: 'onbuild-onbuild',
    title: 'ONBUILD ONBUILD x: BuildKit parses the nested trigger (and its parse errors), we stop at the first level',
    metrics: PARSE_ALL,
    applies: (e) =>
      e.focus.split('\n').some((line) => {
        const outer = splitLine(line, e.escape);
        return outer.keyword.toUpperCase() === 'ONBUILD' && splitLine(outer.rest, e.escape).keyword.toUpperCase() === 'ONBUILD';
      }),
  },
  {
    id: 'ignored-flags',
    title: 'flags on ARG and STOPSIGNAL: BuildKit never parses them (any flag is accepted), we refuse them as unknown',
    metrics: REFUSALS,
    applies: (e) => ourMessage(e, /^unknown flag: /, ['ARG', 'STOPSIGNAL']) && !/flag/.test(e.buildkitMessage),
  },
  {
    id: 'run-flag-values',
    title: 'RUN --network/--security/--mount/--device values: BuildKit checks them while parsing, we do not',
    metrics: REFUSALS,
    applies: (e) => /invalid network mode|security ".*" is not valid|mount|device|unexpected key|invalid field/s.test(e.buildkitMessage),
  },
  {
    id: 'shell-without-arguments',
    title: 'SHELL with no arguments: BuildKit refuses it ("SHELL requires at least one argument"), we accept it',
    metrics: REFUSALS,
    applies: (e) => /SHELL requires at least one argument/.test(e.buildkitMessage) && !ourMessage(e, /^SHELL requires at least one argument/),
  },
  {
    id: 'flag-bytes',
    title: 'flags with non-ASCII characters: BuildKit reads flags byte by byte (each UTF-8 byte becomes a Latin-1 rune; bytes 0x85/0xA0 end a flag, Unicode spaces do not)',
    metrics: PARSE_ALL,
    applies: (e) => {
      const all = instructions(e.focus, e.escape);
      return all.some((x) => x.flagAfterUnicodeSpace || x.flags.some((w) => /[^\x00-\x7f]/.test(w)));
    },
  },
  {
    id: 'flag-escape-token',
    title: 'flags under `# escape=\``: BuildKit unescapes flags with the file\'s escape token, we always use a backslash',
    metrics: PARSE_ALL,
    applies: (e) => e.escape === '`' && flagWords(e.focus, e.escape).some((w) => /[\\`]/.test(w)),
  },
  {
    id: 'healthcheck-bytes',
    title: 'HEALTHCHECK type and command: BuildKit splits them byte by byte (a non-ASCII character splits into bytes, 0x85/0xA0 end the type, Unicode spaces before the command are kept)',
    metrics: PARSE_ALL,
    applies: (e) =>
      instructions(e.focus, e.escape).some(
        (x) =>
          x.keyword.toUpperCase() === 'HEALTHCHECK' &&
          (/^[\t\v\f\r ]*[\x00-\x08\x0e-\x1f!-\x7f]*[^\x00-\x7f]/.test(x.rest) || new RegExp(`^[\\t\\v\\f\\r ]*[^\\s]+[\\t\\v\\f\\r ]*[${ODD_SPACE}]`).test(x.rest)),
      ),
  },
  {
    id: 'json-lone-surrogate',
    title: 'JSON arguments with a lone surrogate escape (\\ud800): Go decodes U+FFFD, we keep the surrogate',
    metrics: PARSE_ALL,
    applies: (e) => /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/.test(e.focus),
  },
  {
    id: 'directive-unicode-space',
    title: 'a directive with a Unicode space after `#` (`#\\u00a0escape=`): BuildKit trims Unicode spaces, we only ASCII ones',
    metrics: PARSE_ALL,
    // Only the line right after the directives we read can be a directive we missed.
    applies: (e) =>
      new RegExp(`^#[ \\t]*[${ODD_SPACE}][\\s${ODD_SPACE}]*(escape|syntax|check)\\s*=`, 'i').test(
        e.text.replace(/^\ufeff/, '').split('\n')[e.directives.length] ?? '',
      ),
  },
  {
    id: 'heredoc-odd-space',
    title: 'a heredoc marker next to \\f, \\v or a Unicode space (`RUN\\f<<EOF`, `<<EOF\\u2028`): BuildKit\'s shell lexer splits words there, we do not',
    metrics: PARSE_ALL,
    applies: (e) => new RegExp(`[${ODD_SPACE}]\\d*<<|<<[^\\s]*[${ODD_SPACE}]`).test(e.focus),
  },
  {
    id: 'heredoc-unlexable-line',
    title: 'a heredoc marker on a line BuildKit\'s shell lexer cannot read (an unclosed quote, a bad `${…}`): BuildKit finds no heredoc at all, we still find one',
    metrics: PARSE_ALL,
    applies: (e) => e.focus.split('\n').some((line) => line.includes('<<') && lexerRefuses(line)),
  },
  {
    id: 'healthcheck-zero-duration',
    title: 'HEALTHCHECK --interval=0s (any zero duration): BuildKit takes it as "default", we refuse it as under 1ms',
    metrics: REFUSALS,
    applies: (e) => ourMessage(e, /^Interval ".*" cannot be less than 1ms$/) && !/cannot be less than/.test(e.buildkitMessage),
  },
  {
    id: 'healthcheck-retries',
    title: 'HEALTHCHECK --retries: BuildKit accepts 0 (refusing only negative values, "--retries cannot be negative") and refuses values over 2^31-1 (ParseInt, 32 bits); we refuse anything under 1 and accept any size',
    metrics: REFUSALS,
    applies: (e) => ourMessage(e, /^--retries must be at least 1/) || /strconv\.ParseInt: parsing ".*": value out of range/.test(e.buildkitMessage),
  },
  {
    id: 'duration-message',
    title: 'a duration without a unit (`--interval=5`): Go says "time: missing unit in duration", we say "time: invalid duration" (message only)',
    metrics: ['parse: refusal message'],
    applies: (e) => /time: missing unit in duration/.test(e.buildkitMessage) && ourMessage(e, /^time: invalid duration/),
  },
  {
    id: 'heredoc-empty-name',
    title: 'an empty heredoc name (`<<\'\'`, `<<""`): BuildKit\'s lexer gives no word, so no heredoc; we read a heredoc named ""',
    metrics: PARSE_ALL,
    applies: (e) => /<<-?(''|"")(?=[\s]|$)/m.test(e.focus),
  },
  {
    id: 'long-line-message',
    title: 'a line over 64 KiB before any instruction: BuildKit stops there and says "file with no instructions", we say the line is too long (message only)',
    metrics: ['parse: refusal message'],
    applies: (e) => /file with no instructions/.test(e.buildkitMessage) && ourMessage(e, /^dockerfile line greater than max allowed size/),
  },
  {
    id: 'empty-bool-flag-message',
    title: 'a boolean flag with an empty value (`--link=`): BuildKit says "missing a value on flag", we say "expecting boolean value" (message only)',
    metrics: ['parse: refusal message'],
    applies: (e) => /missing a value on flag/.test(e.buildkitMessage) && ourMessage(e, /^expecting boolean value for flag \S+, not: $/),
  },
  {
    id: 'go-quoted-message',
    title: 'messages that quote a value: BuildKit uses Go\'s %q (`"\\""`), we print the value as written (`"""`) (message only)',
    metrics: ['parse: refusal message'],
    applies: (e) => quotesDiffer(e.buildkitMessage, e.ourErrors.map((x) => x.message)),
  },
];

/** What the lexer labellers look at. */
export interface LexEvidence {
  metric: string;
  word: string;
  env: Readonly<Record<string, string>>;
  ourError: string | null;
  buildkitError: string | undefined;
}

export const LEX_KNOWN: ReadonlyArray<KnownClass<LexEvidence>> = [
  {
    id: 'invalid-pattern-message',
    title: 'an invalid ${…} pattern: BuildKit adds the reason (`: invalid escape \'\\a\'`), we do not (message only)',
    metrics: ['expand: refusal message', 'words: refusal message'],
    applies: (e) => e.ourError?.startsWith('invalid pattern (') === true && /\) in substitution: /.test(e.buildkitError ?? ''),
  },
  {
    id: 'pattern-star-limit',
    title: 'Stagecraft\'s own limit: ${…} patterns with more than 3 `*` are refused (MAX_PATTERN_STARS, against backtracking); BuildKit evaluates them',
    metrics: ['expand: accept/refuse', 'words: accept/refuse', 'expand: refusal message', 'words: refusal message'],
    applies: (e) => e.ourError?.startsWith('Stagecraft does not evaluate') === true,
  },
  {
    id: 'astral-modifier',
    title: 'a character outside the BMP after ${NAME: we read it as two UTF-16 halves (message shows \\ufffd, and a following EOF is missed)',
    metrics: ['expand: refusal message', 'words: refusal message', 'expand: accept/refuse', 'words: accept/refuse'],
    applies: (e) => /\$\{(?:[\p{L}\p{Nd}_]*|[@*#?\-$!0]):?[\u{10000}-\u{10FFFF}]/u.test(e.word),
  },
  {
    id: 'words-buffer-reset',
    title: 'ProcessWords drops the word in progress before a ${NAME<modifier>…} (BuildKit resets its shared words buffer in the nested processStopOn)',
    metrics: ['words: split'],
    // Only a word in progress can be dropped, so something comes before the `${`.
    applies: (e) => /[^]\$\{(?:[\p{L}\p{Nd}_]*|[@*#?\-$!0])[:+\-?#%/]/u.test(e.word),
  },
  {
    id: 'leading-bom',
    title: 'a word starting with U+FEFF: Go\'s text/scanner skips a leading byte-order mark, we keep it',
    metrics: ['expand: value', 'words: split'],
    applies: (e) => e.word.startsWith('\ufeff'),
  },
  {
    id: 'heredoc-space-words',
    title: 'ProcessWords keeps the spaces after `<<` in the word (`<< EOF` is one word: BuildKit\'s processPossibleHeredoc), we split there',
    metrics: ['words: split'],
    applies: (e) => /<<[ \t\r]/.test(e.word),
  },
  {
    id: 'replace-all-template',
    title: '${NAME//pattern/replacement}: Go\'s Regexp.ReplaceAllString expands `$x`/`${1}` in the replacement as submatch references (so `$B` becomes ""), we insert it literally',
    metrics: ['expand: value', 'words: split', 'expand: refusal message', 'words: refusal message'],
    // A `$` survives into the replacement only quoted, escaped, or from a variable's value.
    applies: (e) =>
      /\$\{(?:[\p{L}\p{Nd}_]*|[@*#?\-$!0])\/\//u.test(e.word) &&
      (/'[^']*\$|\\\$|`\$/.test(e.word) || Object.values(e.env).some((v) => v.includes('$'))),
  },
  {
    id: 'replace-all-empty-match',
    title: '${NAME//pattern/…} with a pattern that can match empty (`*`): Go\'s ReplaceAll skips an empty match right after a match, JavaScript\'s replace does not (`a` → `aa`)',
    metrics: ['expand: value', 'words: split', 'expand: refusal message', 'words: refusal message'],
    applies: (e) => /\$\{(?:[\p{L}\p{Nd}_]*|[@*#?\-$!0])\/\/[^/}]*\*/u.test(e.word),
  },
];

/** What the .dockerignore labellers look at. */
export interface IgnoreEvidence {
  metric: string;
  /**
   * BuildKit refused nothing, and each of its patterns passes our copy of
   * filepath.Match's syntax check (so no refusal of ours comes from that check).
   */
  buildkitReadAll: boolean;
  buildkitError: string | undefined;
  ourErrors: readonly string[];
  /** The first path the two sides decide differently. */
  path: string | undefined;
  /** We exclude that path because a directory above it is excluded and not walked into. */
  ourPrunedDirectory: boolean;
}

export const IGNORE_KNOWN: ReadonlyArray<KnownClass<IgnoreEvidence>> = [
  {
    id: 'lazy-regexp',
    title: 'a pattern Go\'s regexp refuses (`**{2}`, `{1001}`, `[z-a]`, `?` or `*` inside `[...]`): patternmatcher compiles it at first use and never if no path reaches it; we refuse the file when reading it',
    metrics: ['dockerignore: accept/refuse', 'dockerignore: refusal message'],
    applies: (e) =>
      e.ourErrors[0] === 'syntax error in pattern' &&
      ((e.metric === 'dockerignore: accept/refuse' && e.buildkitReadAll) ||
        (e.metric === 'dockerignore: refusal message' && e.buildkitError !== undefined && e.ourErrors.includes(e.buildkitError))),
  },
  {
    id: 'pruned-directory',
    title: 'an excluded directory that fsutil does not walk into (its exceptions look literal, but patternmatcher leaves `|`, `{`, `}` unescaped so an exception reaches further): we follow fsutil, the oracle has no such skip (not a difference from a real build)',
    metrics: ['dockerignore: decisions'],
    applies: (e) => e.ourPrunedDirectory,
  },
  {
    id: 'context-root',
    title: 'the context root itself (".", "/"): patternmatcher matches it (`**`), we never exclude the root',
    metrics: ['dockerignore: decisions'],
    applies: (e) => e.path === '.' || e.path === '/' || e.path === '',
  },
];

/** The first known class that explains a disagreement, as a signature, or null. */
export function explain<E extends { metric: string }>(known: ReadonlyArray<KnownClass<E>>, evidence: E): string | null {
  const k = known.find((c) => c.metrics.includes(evidence.metric) && c.applies(evidence));
  return k ? `known: ${k.id} — ${k.title}` : null;
}
