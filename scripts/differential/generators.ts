/**
 * Inputs, built with fast-check: grammar-built Dockerfiles, mutated real
 * Dockerfiles, expansion words with environments, .dockerignore files with
 * paths. Everything is reproducible from a seed, and every string is made
 * well-formed (no lone surrogates) so both sides read the same text.
 */
import fc from 'fast-check';
import { wellFormed } from './go';

// ---------------------------------------------------------------------------
// Shared pieces

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

/** `arb`'s value once in `n` times, otherwise `otherwise`. */
function sometimes<T, U>(arb: fc.Arbitrary<T>, n: number, otherwise: U): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: n - 1, arbitrary: fc.constant(otherwise) }, { weight: 1, arbitrary: arb });
}

/** Mostly `common`, sometimes one of `rare`. */
function mostly<T>(common: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, weight = 6): fc.Arbitrary<T> {
  return fc.oneof({ weight, arbitrary: common }, { weight: 1, arbitrary: rare });
}

/** Spaces BuildKit treats differently: ASCII, the `[\t\v\f\r ]` class, and Unicode spaces Go's unicode.IsSpace knows. */
const UNICODE_SPACES = ['\u00a0', '\u2003', '\u3000', '\u2028', '\u0085', '\u1680', '\u200b', '\u202f'];
const space = mostly(pick(' '), pick('  ', '\t', '\v', '\f', '\r', ...UNICODE_SPACES), 10);

/** Characters for free text: ASCII specials, multi-byte letters (UTF-8 bytes 0x85/0xa0 included), a BOM, a NUL. */
const TEXT_CHARS = [
  'a', 'b', 'x', 'Z', '0', '1', ' ', ' ', '\t', '-', '=', '.', '/', ':', '$', '{', '}', '[', ']', '"', "'", '\\', '`',
  '#', '*', '?', '<', '>', '&', '|', ';', ',', 'é', 'Ņ', '…', '😀', '\u00a0', '\u2028', '\ufeff', '\u0000',
];
const textChar = pick(...TEXT_CHARS);
const freeText = (maxLength: number) => fc.array(textChar, { maxLength }).map((cs) => cs.join(''));

const WORDS = [
  'a', 'b', 'x', '/app', '.', '..', '.', 'src', 'dist/', 'node:20', 'alpine:3.19', 'scratch', '$A', '${A}', '${A:-x}',
  '"a b"', "'a b'", 'a\\ b', 'é', '😀', '*.txt', '[ab]', '--', '-', '=', 'a=b', 'A=1', '"', "'", '\\', '`', '{', '}',
  '[', ']', '#x', 'a#b', 'echo', 'hi', '&&', 'npm ci', '"a\\"b"', '$', 'AS', 'as', 'x\u00a0y',
];
const word = mostly(pick(...WORDS), freeText(5), 4);

const words = (max: number) => fc.array(word, { maxLength: max });

/** Words joined by spaces (a line continuation may be put in later, see `withContinuations`). */
const joined = (ws: fc.Arbitrary<string[]>) =>
  fc.tuple(ws, fc.array(space, { minLength: 8, maxLength: 8 })).map(([w, sp]) => w.map((x, i) => (i ? sp[i % 8] : '') + x).join(''));

// ---------------------------------------------------------------------------
// Dockerfile grammar

const KEYWORDS = [
  'FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'ENV', 'LABEL', 'ARG', 'HEALTHCHECK', 'EXPOSE',
  'VOLUME', 'WORKDIR', 'USER', 'STOPSIGNAL', 'MAINTAINER', 'ONBUILD',
] as const;
type Keyword = (typeof KEYWORDS)[number];
const UNKNOWN_KEYWORDS = ['FOO', 'FRM', 'RUNN', 'COPYY', 'ECHO', 'run2', 'ÉCRIRE', 'FROM\u00a0x'];

/** How a keyword is written: upper case mostly, sometimes lower or mixed case. */
function keywordCase(k: string): fc.Arbitrary<string> {
  return mostly(pick(k), pick(k.toLowerCase(), k[0] + k.slice(1).toLowerCase()), 5);
}

/** Flags each instruction knows, plus names nobody knows. */
const FLAG_NAMES: Partial<Record<Keyword, string[]>> = {
  FROM: ['platform'],
  COPY: ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'],
  ADD: ['chown', 'chmod', 'link', 'keep-git-dir', 'checksum', 'exclude', 'unpack'],
  RUN: ['mount', 'network', 'security', 'device'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};
const FLAG_VALUES = ['x', 'build', '1', '0', 'true', 'false', '5s', '1ms', '0s', 'type=cache,target=/x', 'linux/amd64', '$BUILDPLATFORM', '', 'é', '"a b"', "'q'", 'a\\ b', '-1', '1.5'];

function flag(keyword: string): fc.Arbitrary<string> {
  const known = FLAG_NAMES[keyword as Keyword] ?? [];
  const name = known.length ? mostly(pick(...known), pick('from', 'foo', 'mount', 'platform', 'FROM', 'link'), 3) : pick('from', 'foo', 'mount', 'platform', 'link');
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(name, pick(...FLAG_VALUES)).map(([n, v]) => `--${n}=${v}`) },
    { weight: 2, arbitrary: name.map((n) => `--${n}`) },
    { weight: 1, arbitrary: pick('--', '---', '--=x', '-x', '--a"b c"', "--from='a b'", '--from=a\\') },
  );
}

const flags = (keyword: string) => mostly(fc.constant<string[]>([]), fc.array(flag(keyword), { minLength: 1, maxLength: 3 }), 3);

/** JSON-looking arguments: valid arrays (with escapes) and near misses. */
const jsonArgs = fc.oneof(
  { weight: 4, arbitrary: fc.array(mostly(pick('a', 'b c', 'echo', '/bin/sh', '-c', ''), freeText(4)), { maxLength: 3 }).map((xs) => JSON.stringify(xs)) },
  { weight: 2, arbitrary: fc.array(pick('a', 'x y', ''), { maxLength: 3 }).map((xs) => `[ ${xs.map((x) => JSON.stringify(x)).join(' , ')} ]`) },
  {
    weight: 3,
    arbitrary: pick(
      '["a",]', '["a"', '[1]', '["a", 1]', '[]', '[ ]', '["a\\u00e9"]', '["\\ud800"]', "['a']", '["a"] x', 'x ["a"]', '[""]',
      '[null]', '["a" "b"]', '["\\x"]', '[\t"a"\t]', '["a\\nb"]', '[true]', '{"a":1}', '["a"]]', '[["a"]]',
    ),
  },
);

/** One heredoc: the marker word in the instruction and the lines after it. */
interface Heredoc {
  marker: string;
  body: string[];
}

const heredoc: fc.Arbitrary<Heredoc> = fc
  .tuple(
    pick('EOF', 'END', 'X', 'e-o f', 'EOF2', ''),
    pick('', '-'),
    pick('', '"', "'"),
    pick('', '', '2', '10'),
    pick('', '', '', '', ' ', '  '),
    fc.array(mostly(pick('echo hi', 'set -e', '\tindented', '  spaced', '$A ${B}', ''), freeText(8), 3), { maxLength: 3 }),
    pick('exact', 'exact', 'exact', 'tab', 'space', 'missing', 'cr'),
  )
  .map(([name0, dash, quote, fd, gap, lines, end]) => {
    const name = name0.includes(' ') ? 'EOF' : name0;
    // `<< EOF` (a gap after <<) is a heredoc to BuildKit's lexer too.
    const marker = `${fd}<<${dash}${gap}${quote}${name}${quote}`;
    const terminator = end === 'tab' ? `\t${name}` : end === 'space' ? `${name} ` : end === 'cr' ? `${name}\r` : name;
    return { marker, body: end === 'missing' ? lines : [...lines, terminator] };
  });

/** An instruction line, with the heredoc bodies that follow it. */
interface Line {
  text: string;
  after: string[];
}

const plain = (text: string): Line => ({ text, after: [] });

function withHeredocs(prefix: string, docs: Heredoc[], tail: string): Line {
  const text = [prefix, ...docs.map((d) => d.marker), tail].filter((s) => s !== '').join(' ');
  return { text, after: docs.flatMap((d) => d.body) };
}

const heredocs = fc.array(heredoc, { minLength: 1, maxLength: 3 });

/** The arguments of each instruction, as people (and fuzzers) write them. */
function argsFor(keyword: string, depth: number): fc.Arbitrary<Line> {
  switch (keyword) {
    case 'FROM':
      return fc.oneof(
        { weight: 5, arbitrary: pick('alpine', 'node:20 AS build', 'golang:1.22 as Build', 'scratch', '$BASE', 'build AS final', 'a AS', 'a AS 1x', 'a b c d', '', 'a AS b-c.d_e').map(plain) },
        { weight: 2, arbitrary: joined(words(4)).map(plain) },
      );
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL': {
      const shell = mostly(pick('echo hi', 'npm ci && npm run build', 'make', 'a  b', ''), joined(words(5)), 2);
      const options: Array<fc.WeightedArbitrary<Line>> = [
        { weight: 4, arbitrary: shell.map(plain) },
        { weight: 3, arbitrary: jsonArgs.map(plain) },
      ];
      if (keyword === 'RUN') {
        options.push({ weight: 3, arbitrary: fc.tuple(pick('', 'cat', 'python3', 'sh -c'), heredocs, pick('', '&& echo', '| sh', '> /x')).map(([p, d, t]) => withHeredocs(p, d, t)) });
      }
      return fc.oneof(...options);
    }
    case 'COPY':
    case 'ADD':
      return fc.oneof(
        { weight: 4, arbitrary: joined(fc.array(pick('a', 'src', '.', 'package*.json', './dist', '/app/', 'x y', '"a b"', '$SRC', '[ab]'), { maxLength: 4 })).map(plain) },
        { weight: 2, arbitrary: jsonArgs.map(plain) },
        { weight: 2, arbitrary: fc.tuple(heredocs, pick('/dest', '.', '<<EOF', '')).map(([d, t]) => withHeredocs('', d, t)) },
      );
    case 'ENV':
    case 'LABEL': {
      const value = mostly(pick('1', 'x', '"a b"', "'a b'", 'a\\ b', '', '"', '$A', '"${A:-x}"', 'a=b', '\\'), freeText(4), 3);
      const key = mostly(pick('A', 'B', 'a.b', 'org.opencontainers.image.title', 'PATH', '"q"'), pick('', 'é', 'a b'), 8);
      return fc.oneof(
        { weight: 4, arbitrary: joined(fc.array(fc.tuple(key, value).map(([k, v]) => `${k}=${v}`), { minLength: 1, maxLength: 3 })).map(plain) },
        { weight: 2, arbitrary: fc.tuple(key, space, joined(words(3))).map(([k, s, v]) => plain(`${k}${s}${v}`)) },
        { weight: 1, arbitrary: pick('A', '=v', 'A=1 B', 'A=1 =2', '', 'A="1', 'A 1=2', 'A\\ B=1').map(plain) },
      );
    }
    case 'ARG':
      return mostly(
        joined(fc.array(pick('A', 'B=1', 'C=', 'D="x y"', 'V=${A}', 'A=1', '=1', "E='q'", 'F=a\\ b', 'é'), { minLength: 1, maxLength: 3 })).map(plain),
        pick('', '=', 'A =1', 'A= 1').map(plain),
      );
    case 'HEALTHCHECK':
      return fc.oneof(
        { weight: 3, arbitrary: fc.tuple(pick('CMD', 'cmd', 'NONE', 'none', 'BOGUS', ''), space, mostly(pick('curl -f http://x/', '', 'exit 0'), jsonArgs, 2)).map(([t, s, c]) => plain(`${t}${s}${c}`)) },
        { weight: 1, arbitrary: pick('CMD', 'NONE', 'NONE x', 'CMD\u00a0x', 'CMDŅx', 'CMD\t["a"]').map(plain) },
        // Well-formed but for the flag values: durations and retries as people write them.
        {
          weight: 2,
          arbitrary: fc
            .array(fc.tuple(pick('interval', 'timeout', 'start-period', 'start-interval', 'retries'), pick('0', '0s', '5', '5s', '1ms', '500us', '1m30s', '-1s', '0', '1', '-1', '3', '2147483648', '1.5', '')), { minLength: 1, maxLength: 2 })
            .map((fl) => plain(`${fl.map(([n, v]) => `--${n}=${v}`).join(' ')} CMD curl -f http://localhost/`)),
        },
      );
    case 'ONBUILD':
      if (depth >= 2) return pick('RUN x', '').map(plain);
      return fc.oneof(
        { weight: 5, arbitrary: instructionLine(depth + 1) },
        { weight: 1, arbitrary: pick('', 'ONBUILD', 'FROM x', 'MAINTAINER me', 'FOO bar', 'foo', 'RUN').map(plain) },
      );
    case 'EXPOSE':
      return mostly(joined(fc.array(pick('80', '443/tcp', '53/udp', '8000-8010', '$PORT', 'x'), { minLength: 1, maxLength: 3 })).map(plain), pick('').map(plain));
    default:
      // VOLUME, WORKDIR, USER, STOPSIGNAL, MAINTAINER: a few words, sometimes JSON.
      return fc.oneof(
        { weight: 4, arbitrary: joined(words(3)).map(plain) },
        { weight: 1, arbitrary: jsonArgs.map(plain) },
        { weight: 1, arbitrary: pick('').map(plain) },
      );
  }
}

/** A whole instruction: keyword, flags, arguments. */
function instructionLine(depth = 0): fc.Arbitrary<Line> {
  const keyword = mostly(pick(...KEYWORDS), pick(...UNKNOWN_KEYWORDS), 12);
  return keyword.chain((k) =>
    fc.tuple(keywordCase(k), space, flags(k), argsFor(k, depth), space).map(([kw, sp, fl, args, sp2]) => {
      const head = [kw, ...fl].join(sp);
      return { text: args.text === '' ? head : `${head}${sp2}${args.text}`, after: args.after };
    }),
  );
}

const DIRECTIVES = [
  '# syntax=docker/dockerfile:1', '# escape=`', '# escape=\\', '#escape=`', '# Escape = `', '# escape=x', '# escape=``',
  '# check=skip=all', '# check=error=true;skip=JSONArgsRecommended', '# syntax=a', '#', '# hello', ' # escape=`',
  '# foo=bar', '#\tescape\t=\t`', '# escape=` ', '# syntax=', '# check=skip=FromAsCasing', '# check=skip=',
  '# check=foo', '# check=error=maybe', '# check=skip=all;error=1', '# check=experimental=all', '#\u00a0escape=`',
];

const COMMENTS = ['# comment', '  # indented', '#', '# escape=`', '#RUN x', '\t# tab', '# x \\'];

/** What ends a physical line: mostly `\n`, sometimes `\r\n`. */
const eol = mostly(pick('\n'), pick('\r\n'), 8);

/**
 * Breaks a line with continuations: at some spaces, the escape token and a line
 * break, then perhaps comment lines, blank lines and indentation.
 */
function withContinuations(line: string, escape: string): fc.Arbitrary<string> {
  const breaks = fc.array(
    fc.tuple(
      fc.nat(),
      mostly(pick(escape), pick(escape === '\\' ? '`' : '\\', `${escape}${escape}`, `${escape} `, `${escape}\t`), 6),
      eol,
      fc.array(pick('# c', '  # c', '', ' ', '\t', '#'), { maxLength: 2 }),
      pick('', '', ' ', '    ', '\t'),
    ),
    { maxLength: 3 },
  );
  return breaks.map((bs) => {
    let out = line;
    for (const [at, esc, nl, middle, indent] of bs) {
      const spaces = [...out.matchAll(/ /g)].map((m) => m.index);
      if (spaces.length === 0) continue;
      const i = spaces[at % spaces.length]!;
      out = `${out.slice(0, i + 1)}${esc}${nl}${middle.map((m) => m + nl).join('')}${indent}${out.slice(i + 1)}`;
    }
    return out;
  });
}

/** A grammar-built Dockerfile. */
export const grammarDockerfile: fc.Arbitrary<string> = fc
  .tuple(
    sometimes(pick('\ufeff'), 12, ''),
    // Directives, sometimes after a blank line or a comment (which end the directives).
    fc.tuple(sometimes(pick('', '# comment', ' '), 8, null), fc.array(pick(...DIRECTIVES), { maxLength: 3 })).map(([lead, ds]) => (lead === null ? ds : [lead, ...ds])),
    fc.array(
      fc.oneof(
        { weight: 3000, arbitrary: instructionLine() },
        { weight: 500, arbitrary: pick(...COMMENTS).map(plain) },
        { weight: 500, arbitrary: pick('', ' ', '\t', '\u00a0').map(plain) },
        // Now and then a line over bufio.Scanner's 64 KiB limit.
        { weight: 1, arbitrary: pick(`RUN echo ${'a'.repeat(66_000)}`, `# ${'c'.repeat(66_000)}`).map(plain) },
      ),
      { minLength: 0, maxLength: 12 },
    ),
    // Most files start with FROM, so that what follows is judged as a build would judge it.
    fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    eol,
    pick('\n', '\n', '\n', '', ' \\', '\\', ' \\\n', ' \\\n\n', '\r\n', ' `', '\n\n'),
  )
  .chain(([bom, directives, lines, startWithFrom, nl, ending]) => {
    const escape = directives.some((d) => /escape\s*=\s*`\s*$/i.test(d)) ? '`' : '\\';
    const body = startWithFrom ? [plain('FROM alpine'), ...lines] : lines;
    const broken = body.map((l) => withContinuations(l.text, escape).map((text) => [text, ...l.after]));
    return (broken.length ? fc.tuple(...broken) : fc.constant([] as string[][])).map((physical) => {
      const all = [...directives, ...physical.flat()];
      return wellFormed(`${bom}${all.join(nl)}${ending}`);
    });
  });

// ---------------------------------------------------------------------------
// Mutated real Dockerfiles

const PIECES = [
  ' ', ' \\\n', '\\\n', '\n', '\r\n', '\n\n', '$', '${', '}', '"', "'", '[', ']', '*', '--from=build ', '--mount=type=cache,target=/x ',
  '--foo ', 'AS ', '<<EOF\n', 'EOF\n', '<<-EOF\n', '\tEOF\n', '&&', '#', '# escape=`\n', '`', '\u2028', '\u00a0', '\u0000', '\ufeff',
  '["a", "b"]', '[1]', 'ONBUILD ', 'ONBUILD FOO ', 'ARG --from=build x\n', '=', 'é', '😀', '\t',
];

const edit = fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.oneof(pick(...PIECES), freeText(6), pick(...KEYWORDS, ...UNKNOWN_KEYWORDS).map((k) => `${k} `)));

/** Whole-line edits: drop, duplicate, swap, lower-case, end with a continuation, CRLF. */
const lineEdit = fc.tuple(fc.nat(), fc.nat(), pick('drop', 'dup', 'swap', 'lower', 'continue', 'crlf', 'indent', 'unicode-space'));

function applyLineEdit(text: string, [a, b, kind]: [number, number, string]): string {
  const lines = text.split('\n');
  const i = a % lines.length;
  const j = b % lines.length;
  switch (kind) {
    case 'drop':
      lines.splice(i, 1);
      break;
    case 'dup':
      lines.splice(i, 0, lines[i]!);
      break;
    case 'swap':
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    case 'lower':
      lines[i] = lines[i]!.toLowerCase();
      break;
    case 'continue':
      lines[i] = `${lines[i]} \\`;
      break;
    case 'crlf':
      lines[i] = `${lines[i]}\r`;
      break;
    case 'indent':
      lines[i] = `  ${lines[i]}`;
      break;
    case 'unicode-space':
      lines[i] = lines[i]!.replace(' ', UNICODE_SPACES[b % UNICODE_SPACES.length]!);
      break;
  }
  return lines.join('\n');
}

export function mutatedDockerfile(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(pick(...seeds), fc.array(edit, { maxLength: 6 }), fc.array(lineEdit, { maxLength: 3 }))
    .map(([seed, edits, lineEdits]) => {
      let s = seed;
      for (const e of lineEdits) s = applyLineEdit(s, e);
      for (const [at, del, ins] of edits) {
        const i = s.length ? at % (s.length + 1) : 0;
        s = s.slice(0, i) + ins + s.slice(i + del);
      }
      return wellFormed(s);
    });
}

export function dockerfiles(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: grammarDockerfile }, { weight: 2, arbitrary: mutatedDockerfile(seeds) });
}

// ---------------------------------------------------------------------------
// Words for the shell lexer (ProcessWordWithMatches / ProcessWords)

export interface WordCase {
  word: string;
  env: Record<string, string>;
  escape: '\\' | '`';
}

const NAMES = ['A', 'B', 'a', '_x', 'A1', '1', 'é', ''];
const MODIFIERS = ['-', ':-', '+', ':+', '?', ':?', '#', '##', '%', '%%', '/', '//', ':#', ':%', '!', ':', '^', ',', '=', ''];
const PATTERN_BITS = ['*', '**', '?', 'a', 'b', '\\*', '\\?', '\\\\', '\\', '\\}', '\\/', '[a]', '.', 'a*b', '*a', 'a*', '$B', '"*"', "'x'", '/', '{', '+', '(', '|'];
const LITERAL_CHARS = [
  'a', 'b', 'x', ' ', ' ', '\t', '\u00a0', '\u2003', '\\', '`', '"', "'", '$', '{', '}', ':', '-', '+', '?', '#', '%', '/',
  '*', '.', '<', '<<', '=', 'é', '😀', '\ufeff', '\n', '\u0000', '\u0085',
];
const literal = fc.array(pick(...LITERAL_CHARS), { minLength: 1, maxLength: 3 }).map((cs) => cs.join(''));

/** A word: literals, `$NAME`, `${NAME<modifier><word>}` (nested), quoted parts and broken syntax. */
const wordPiece: fc.Memo<string> = fc.memo((n) => {
  const inner = n > 1 ? wordOf(n - 1) : literal;
  const name = pick(...NAMES);
  return fc.oneof(
    { weight: 4, arbitrary: literal },
    { weight: 3, arbitrary: name.map((x) => `$${x}`) },
    { weight: 2, arbitrary: name.map((x) => `\${${x}}`) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(name, pick(...MODIFIERS), inner, fc.array(pick(...PATTERN_BITS), { maxLength: 5 }), pick('}', '}', '}', ''))
        .map(([x, m, w, pat, close]) => {
          if (m === '/' || m === '//') return `\${${x}${m}${pat.join('')}/${w}${close}`;
          if (m.endsWith('#') || m.endsWith('%')) return `\${${x}${m}${pat.join('')}${close}`;
          return `\${${x}${m}${w}${close}`;
        }),
    },
    { weight: 2, arbitrary: inner.map((w) => `"${w}"`) },
    { weight: 1, arbitrary: literal.map((w) => `'${w}'`) },
    { weight: 1, arbitrary: pick('${', '${:', '${A', '${A:', '${A/', '${}', '${{A}}', '$@', '${#A}', '$$', '${1}', '"', "'", '\\', '`') },
  );
});

function wordOf(depth: number): fc.Arbitrary<string> {
  return fc.array(wordPiece(depth), { minLength: 1, maxLength: 5 }).map((ps) => ps.join(''));
}

const ENV_VALUES = ['', 'x', 'a b', ' a ', 'a*b', 'xyz', 'é', '\\', '$B', '"q"', 'a/b/c', 'aXbXc', '😀x', '  '];

export const wordCases: fc.Arbitrary<WordCase> = fc
  .tuple(wordOf(3), fc.dictionary(pick('A', 'B', 'a', '_x', 'A1', '1', 'é'), pick(...ENV_VALUES), { maxKeys: 4 }), mostly(pick<'\\' | '`'>('\\'), pick<'\\' | '`'>('`'), 3))
  .map(([word, env, escape]) => ({
    word: wellFormed(word),
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, wellFormed(v)])),
    escape,
  }));

// ---------------------------------------------------------------------------
// .dockerignore files and the paths to decide

export interface DockerignoreCase {
  dockerignore: string;
  paths: string[];
}

const SEGMENT_BITS = [
  'a', 'b', 'ab', 'c.log', '.git', 'node_modules', 'é', 'x y', '*', '**', '?', '[ab]', '[^a]', '[a-c]', '[z-a]', '[', ']', '[]',
  '[/]', '\\', '\\*', '{2}', '{1,1001}', '(', ')', '|', '+', '^', '$', '.', '..', '#', '!', '[!a]', '[\\]]', '*.log',
];
const segment = fc.array(pick(...SEGMENT_BITS), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(''));

const patternLine = fc
  .tuple(
    pick('', '', '', ' ', '\t'),
    mostly(pick(''), pick('!', '! ', '!!'), 3),
    mostly(pick(''), pick('/', '.', '..', '//'), 4),
    fc.array(segment, { minLength: 1, maxLength: 4 }),
    mostly(pick(''), pick('/', '/*', '/**', ' ', '\r'), 4),
  )
  .map(([lead, bang, root, segs, tail]) => `${lead}${bang}${root}${segs.join('/')}${tail}`);

const ignoreLine = fc.oneof(
  { weight: 10, arbitrary: patternLine },
  { weight: 1, arbitrary: pick('# comment', ' # not a comment', '', ' ', '!', '!/', '/', '**', '*', '.', '..', '\\') },
);

const PATH_SEGMENTS = ['a', 'b', 'ab', 'c', 'c.log', 'x.log', '.git', 'node_modules', 'é', 'x y', 'a[b', 'q?', '*', '[', 'Ab', 'a.b', 'src', 'README.md', '\\', '{2}'];

/** A path that a pattern line would plausibly match: its wildcards filled in. */
function pathFromPattern(line: string, filler: string): string {
  let p = line.trim().replace(/^!/, '').trim().replace(/^(\.?\.?\/)+/, '');
  p = p.replace(/\*\*/g, filler).replace(/\*/g, 'x').replace(/\?/g, 'q').replace(/\[\^?([^\]/])[^\]]*\]/g, '$1').replace(/\\(.)/g, '$1');
  return p.split('/').filter((s) => s !== '' && s !== '.' && s !== '..').join('/');
}

export function dockerignoreCases(seeds: readonly string[]): fc.Arbitrary<DockerignoreCase> {
  const text = fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(sometimes(pick('\ufeff'), 15, ''), fc.array(ignoreLine, { minLength: 1, maxLength: 6 }), mostly(pick('\n'), pick('\r\n'), 6), pick('\n', ''))
        .map(([bom, lines, nl, end]) => `${bom}${lines.join(nl)}${end}`),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(pick(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.oneof(ignoreLine, pick('\n', '!', '*', '/'))), { maxLength: 3 })).map(([seed, edits]) => {
        let s = seed;
        for (const [at, del, ins] of edits) {
          const i = s.length ? at % (s.length + 1) : 0;
          s = s.slice(0, i) + ins + s.slice(i + del);
        }
        return s;
      }),
    },
  );
  const randomPath = fc.array(pick(...PATH_SEGMENTS), { minLength: 1, maxLength: 4 }).map((xs) => xs.join('/'));
  return text.chain((t) => {
    const lines = t.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const derived = lines.length
      ? fc.tuple(pick(...lines), pick('a', 'a/b', 'b', ''), fc.array(pick(...PATH_SEGMENTS), { maxLength: 2 })).map(([l, filler, extra]) =>
          [pathFromPattern(l, filler), ...extra].filter((s) => s !== '').join('/'),
        )
      : randomPath;
    const rootProbe = sometimes(pick('.', '/'), 25, null);
    return fc.tuple(fc.array(fc.oneof(derived, randomPath), { minLength: 1, maxLength: 10 }), rootProbe).map(([paths, root]) => ({
      dockerignore: wellFormed(t),
      // The context walk asks about clean, relative, non-empty paths; now and
      // then the root itself is asked about too (see known class context-root).
      paths: [
        ...new Set(paths.map(wellFormed).filter((p) => p !== '' && !p.split('/').some((s) => s === '' || s === '.' || s === '..'))),
        ...(root === null ? [] : [root]),
      ],
    }));
  }).filter((c) => c.paths.length > 0);
}

/** `count` values of an arbitrary, reproducibly. */
export function sample<T>(arb: fc.Arbitrary<T>, seed: number, count: number): T[] {
  return fc.sample(arb, { seed, numRuns: count });
}
