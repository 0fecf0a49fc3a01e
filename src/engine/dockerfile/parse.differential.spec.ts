/**
 * Cases where our parser once disagreed with BuildKit (found by scripts/differential.ts), each
 * with BuildKit's own answer as the expectation: the output of `bkoracle parse` (BuildKit
 * 73ed682's parser.Parse + instructions.Parse, see /work/shared/oracles/README.md) for the text.
 * `parseError` is a refusal of BuildKit's parser, `instrError` one of its instruction parser;
 * `dump` is Node.Dump() per instruction and `lines` each instruction's first and last line.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse';
import type { Instruction } from './types';

interface Case {
  cls: string;
  text: string;
  parseError?: string;
  instrError?: string;
  /** Absent when BuildKit's dump holds bytes no string can (`"\xc5"`). */
  dump?: string[];
  lines?: Array<[number, number]>;
  /**
   * Compare the message with its quoted values left out: src/engine/go/quote.ts (which our
   * messages use) prints a Unicode space as itself where Go's %q writes `\u2003`.
   */
  looseQuote?: boolean;
}

// prettier-ignore
const CASES: Case[] = [
  {"cls":"flag-bytes","text":"E --\u00e9","instrError":"dockerfile parse error on line 1: unknown instruction: E (did you mean ENV?)","dump":["(e [\"--\u00c3\u00a9\"] \"\")"],"lines":[[1,1]]},
  {"cls":"flag-bytes","text":"a --\u2028a","instrError":"dockerfile parse error on line 1: unknown instruction: a (did you mean add?)","dump":["(a [\"--\u00e2\\u0080\u00a8a\"] \"\")"],"lines":[[1,1]]},
  {"cls":"flag-bytes","text":"FROM a\nRUN --x\u2005 a","instrError":"dockerfile parse error on line 2: unknown flag: --x\u00e2\u0080","dump":["(from \"a\")","(run [\"--x\u00e2\\u0080\"] \"a\")"],"lines":[[1,1],[2,2]]},
  {"cls":"flag-bytes","text":"FROM a\nCOPY --a\u00a0b c","instrError":"dockerfile parse error on line 2: unknown flag: --a\u00c2","dump":["(from \"a\")","(copy [\"--a\u00c2\"] \"b\" \"c\")"],"lines":[[1,1],[2,2]]},
  {"cls":"lone-escape-at-eof","text":"\\","instrError":"dockerfile parse error on line 1: unknown instruction: ","dump":["(\"\")"],"lines":[[1,1]]},
  {"cls":"lone-escape-at-eof","text":"#escape=`\n`","instrError":"dockerfile parse error on line 2: unknown instruction: ","dump":["(\"\")"],"lines":[[2,2]]},
  {"cls":"lone-escape-at-eof","text":"FROM a\n \\\n\n# c\n","instrError":"dockerfile parse error on line 2: unknown instruction: ","dump":["(from \"a\")","(\"\")"],"lines":[[1,1],[2,4]]},
  {"cls":"flag-escape-token","text":"#escape=`\nY --\\","instrError":"dockerfile parse error on line 2: unknown instruction: Y","dump":["(y [\"--\\\\\"] \"\")"],"lines":[[2,2]]},
  {"cls":"flag-escape-token","text":"#escape=`\nFROM a\nCOPY --from=`a\\ b c","dump":["(from \"a\")","(copy [\"--from=a\\\\\"] \"b\" \"c\")"],"lines":[[2,2],[3,3]]},
  {"cls":"healthcheck-bytes","text":"FROM a\nHEALTHCHECK CMD\u2003x","looseQuote":true,"instrError":"dockerfile parse error on line 2: Unknown type \"CMD\\u2003X\" in HEALTHCHECK (try CMD)","dump":["(from \"a\")","(healthcheck \"CMD\\u2003x\")"],"lines":[[1,1],[2,2]]},
  {"cls":"healthcheck-bytes","text":"FROM a\nHEALTHCHECK CMD \u2003x","dump":["(from \"a\")","(healthcheck \"CMD\" \"\\u2003x\")"],"lines":[[1,1],[2,2]]},
  {"cls":"healthcheck-bytes","text":"FROM a\nHEALTHCHECK \u0145","instrError":"dockerfile parse error on line 2: Unknown type \"\ufffd\" in HEALTHCHECK (try CMD)","lines":[[1,1],[2,2]]},
  {"cls":"heredoc-space-after","text":"RUN << EOF\nEOF","instrError":"no build stage in current context","dump":["(run \"<< EOF\")"],"lines":[[1,2]]},
  {"cls":"heredoc-space-after","text":"FROM a\nADD << X\nX","dump":["(from \"a\")","(add \"<<\" \"X\")"],"lines":[[1,1],[2,3]]},
  {"cls":"heredoc-space-after","text":"run << 'F'","parseError":"unterminated heredoc"},
  {"cls":"heredoc-empty-name","text":"COPY <<''\n\n","instrError":"dockerfile parse error on line 1: COPY requires at least two arguments, but only one was provided. Destination could not be determined","dump":["(copy \"<<''\")"],"lines":[[1,1]]},
  {"cls":"onbuild-onbuild","text":"onbuild ONBUILD O","instrError":"dockerfile parse error on line 1: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed","dump":["(onbuild (onbuild (o \"\")))"],"lines":[[1,1]]},
  {"cls":"onbuild-onbuild","text":"FROM a\nONBUILD ONBUILD ENV a","parseError":"ENV must have two arguments"},
  {"cls":"json-lone-surrogate","text":"VOLUME [\"\\ud800\"]","instrError":"no build stage in current context","dump":["(volume \"\ufffd\")"],"lines":[[1,1]]},
  {"cls":"shell-without-arguments","text":"FROM a\nSHELL","instrError":"dockerfile parse error on line 2: SHELL requires at least one argument","dump":["(from \"a\")","(shell)"],"lines":[[1,1],[2,2]]},
  {"cls":"go-quoted-message","text":"LABEL = \"","parseError":"Syntax error - can't find = in \"\\\"\". Must be of the form: name=value"},
  {"cls":"go-quoted-message","text":"FROM a\nHEALTHCHECK \\ a","instrError":"dockerfile parse error on line 2: Unknown type \"\\\\\" in HEALTHCHECK (try CMD)","dump":["(from \"a\")","(healthcheck \"\\\\\" \"a\")"],"lines":[[1,1],[2,2]]},
  {"cls":"go-quoted-message","text":"FROM a AS \"b\"","instrError":"dockerfile parse error on line 1: invalid name for build stage: \"\\\"b\\\"\", name can't start with a number or contain symbols","dump":["(from \"a\" \"AS\" \"\\\"b\\\"\")"],"lines":[[1,1]]},
  {"cls":"ignored-flags","text":"ARG --k a","dump":["(arg [\"--k\"] \"a\")"],"lines":[[1,1]]},
  {"cls":"ignored-flags","text":"FROM a\nSTOPSIGNAL --x 9","dump":["(from \"a\")","(stopsignal [\"--x\"] \"9\")"],"lines":[[1,1],[2,2]]},
  {"cls":"onbuild-heredoc","text":"FROM a\nONBUILD RUN <<F\nx\nF","dump":["(from \"a\")","(onbuild (run \"<<F\"))"],"lines":[[1,1],[2,4]]},
  {"cls":"onbuild-heredoc","text":"ONBUILD COPY <<F","parseError":"unterminated heredoc"},
  {"cls":"onbuild-trigger-checked","text":"FROM e\nONBUILD F","dump":["(from \"e\")","(onbuild (f \"\"))"],"lines":[[1,1],[2,2]]},
  {"cls":"onbuild-trigger-checked","text":"FROM e\nONBUILD COPY --bad x","dump":["(from \"e\")","(onbuild (copy [\"--bad\"] \"x\"))"],"lines":[[1,1],[2,2]]},
  {"cls":"run-flag-values","text":"FROM a\nRUN --device= x","instrError":"dockerfile parse error on line 2: failed to parse csv devices: EOF","dump":["(from \"a\")","(run [\"--device=\"] \"x\")"],"lines":[[1,1],[2,2]]},
  {"cls":"run-flag-values","text":"FROM a\nRUN --device=a,b x","instrError":"dockerfile parse error on line 2: invalid field 'b' must be a key=value pair","dump":["(from \"a\")","(run [\"--device=a,b\"] \"x\")"],"lines":[[1,1],[2,2]]},
  {"cls":"run-flag-values","text":"FROM a\nRUN --network=x y","instrError":"dockerfile parse error on line 2: invalid network mode \"x\"","dump":["(from \"a\")","(run [\"--network=x\"] \"y\")"],"lines":[[1,1],[2,2]]},
  {"cls":"run-flag-values","text":"FROM a\nRUN --security=\u00e9 y","instrError":"dockerfile parse error on line 2: security \"\u00c3\u00a9\" is not valid","dump":["(from \"a\")","(run [\"--security=\u00c3\u00a9\"] \"y\")"],"lines":[[1,1],[2,2]]},
  {"cls":"run-flag-values","text":"FROM a\nRUN --mount=from=$x,a=1 y","instrError":"dockerfile parse error on line 2: 'from' doesn't support variable expansion, define alias stage instead","dump":["(from \"a\")","(run [\"--mount=from=$x,a=1\"] \"y\")"],"lines":[[1,1],[2,2]]},
  {"cls":"run-flag-values","text":"FROM a\nRUN --mount=a\"b y","dump":["(from \"a\")","(run [\"--mount=ab y\"])"],"lines":[[1,1],[2,2]]},
  {"cls":"run-flag-values","text":"FROM a\nRUN --mount=type=bogus,from=b$ y","dump":["(from \"a\")","(run [\"--mount=type=bogus,from=b$\"] \"y\")"],"lines":[[1,1],[2,2]]},
  {"cls":"empty-bool-flag-message","text":"FROM a\ncopy --link= a b","instrError":"dockerfile parse error on line 2: missing a value on flag: --link","dump":["(from \"a\")","(copy [\"--link=\"] \"a\" \"b\")"],"lines":[[1,1],[2,2]]},
  {"cls":"duration-message","text":"FROM a\nHEALTHCHECK --interval=5 CMD x","instrError":"dockerfile parse error on line 2: time: missing unit in duration \"5\"","dump":["(from \"a\")","(healthcheck [\"--interval=5\"] \"CMD\" \"x\")"],"lines":[[1,1],[2,2]]},
  {"cls":"duration-message","text":"FROM a\nHEALTHCHECK --timeout=3d CMD x","instrError":"dockerfile parse error on line 2: time: unknown unit \"d\" in duration \"3d\"","dump":["(from \"a\")","(healthcheck [\"--timeout=3d\"] \"CMD\" \"x\")"],"lines":[[1,1],[2,2]]},
  {"cls":"healthcheck-zero-duration","text":"FROM a\nHEALTHCHECK --interval=0s CMD x","dump":["(from \"a\")","(healthcheck [\"--interval=0s\"] \"CMD\" \"x\")"],"lines":[[1,1],[2,2]]},
  {"cls":"healthcheck-zero-duration","text":"FROM a\nHEALTHCHECK --interval=1us CMD x","instrError":"dockerfile parse error on line 2: Interval \"interval\" cannot be less than 1ms","dump":["(from \"a\")","(healthcheck [\"--interval=1us\"] \"CMD\" \"x\")"],"lines":[[1,1],[2,2]]},
  {"cls":"heredoc-unlexable-line","text":"FROM a\nRUN <<EOF 'x\nEOF","instrError":"dockerfile parse error on line 3: unknown instruction: EOF (did you mean ENV?)","dump":["(from \"a\")","(run \"<<EOF 'x\")","(eof \"\")"],"lines":[[1,1],[2,2],[3,3]]},
  {"cls":"heredoc-unlexable-line","text":"FROM a\nRUN <<EOF ${\nEOF","instrError":"dockerfile parse error on line 3: unknown instruction: EOF (did you mean ENV?)","dump":["(from \"a\")","(run \"<<EOF ${\")","(eof \"\")"],"lines":[[1,1],[2,2],[3,3]]},
  {"cls":"heredoc-odd-space","text":"FROM a\nRUN\f<<EOF\nx\nEOF","dump":["(from \"a\")","(run \"<<EOF\")"],"lines":[[1,1],[2,4]]},
  {"cls":"heredoc-odd-space","text":"FROM a\nRUN <<EOF\u2028x\nEOF","dump":["(from \"a\")","(run \"<<EOF\\u2028x\")"],"lines":[[1,1],[2,3]]},
  {"cls":"heredoc-buffer-reset","text":"FROM a\nRUN <<${a:-x}\ny\n","instrError":"dockerfile parse error on line 3: unknown instruction: y","dump":["(from \"a\")","(run \"<<${a:-x}\")","(y \"\")"],"lines":[[1,1],[2,2],[3,3]]},
  {"cls":"keyword-case","text":"FROM a\nHEALTHCHEC\u212a NONE","dump":["(from \"a\")","(healthcheck \"NONE\")"],"lines":[[1,1],[2,2]]},
];

/** strconv.Quote (what BuildKit's Dump prints), with Go's IsPrint: U+2003 is `\u2003`. */
function goQuote(s: string): string {
  const short: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c >= 0x80 && /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else if (short[c]) out += short[c];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** The refusals BuildKit's parser itself makes (the rest are instructions.Parse's). */
const PARSER_MESSAGES = [
  /^dockerfile line greater than max allowed size/, /^invalid escape token/, /^only one \w+ parser directive can be used/,
  /^when using JSON array syntax, arrays must be comprised of strings only/, /^unterminated heredoc/, /^file with no instructions/,
  /^(ENV|LABEL) must have two arguments/, /^Syntax error - can't find = in/, /^failed to process /,
];

/** Node.Dump() of our instruction: keyword lower-cased, flags, argument nodes, then TrimSpace. */
function dumpNode(ins: Instruction): string {
  let s = ins.keyword.toLowerCase();
  if (ins.flags.length) s += ` [${ins.flags.map((f) => goQuote(f.text)).join(' ')}]`;
  const nodes: string[] = [];
  if (ins.name === 'ONBUILD') {
    if (ins.trigger) nodes.push(`(${dumpNode(ins.trigger)})`);
  } else if (ins.name === 'ENV' || ins.name === 'LABEL') {
    for (const kv of ins.keyValues) nodes.push(goQuote(kv.key), goQuote(kv.rawValue ?? ''), goQuote(kv.form === 'equals' ? '=' : ''));
  } else if (ins.name === null) nodes.push('""');
  else for (const a of ins.args) nodes.push(goQuote(a.value));
  return `${s} ${nodes.join(' ')}`.trim();
}

/** BuildKit's message without its location, flags named without dashes as ours are. */
function bare(message: string): string {
  return message.replace(/^dockerfile parse error on line \d+: /, '').replace(/^(unknown flag|missing a value on flag|duplicate flag specified): --/, '$1: ');
}

describe('agrees with BuildKit on the differential classes', () => {
  for (const c of CASES) {
    it(`${c.cls}: ${JSON.stringify(c.text)}`, () => {
      const file = parseDockerfile(c.text);
      const errors = file.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
      const level = errors.some((m) => PARSER_MESSAGES.some((re) => re.test(m))) ? 'parse' : errors.length ? 'instruction' : 'ok';
      const expected = c.parseError !== undefined ? 'parse' : c.instrError !== undefined ? 'instruction' : 'ok';
      expect(level).toBe(expected);
      const message = c.parseError ?? c.instrError;
      // Ours may say more after a colon: `unterminated heredoc: no line "EOF" closes it`.
      const loose = (m: string) => (c.looseQuote ? m.replace(/"(?:[^"\\]|\\.)*"/g, '"…"') : m);
      if (message !== undefined) {
        const want = loose(bare(message));
        expect(errors.map((m) => loose(m)).map((m) => (m.startsWith(`${want}:`) ? want : m))).toContain(want);
      }
      if (c.dump) expect(file.instructions.map((i) => `(${dumpNode(i)})`)).toEqual(c.dump);
      if (c.lines) expect(file.instructions.map((i) => [i.startLine + 1, i.endLine + 1])).toEqual(c.lines);
    });
  }
});

describe('stays total where BuildKit recurses', () => {
  it('parses a long ONBUILD ONBUILD … chain to a bounded depth without throwing', () => {
    // Continuation lines keep each physical line under BuildKit's 64 KB limit.
    const file = parseDockerfile(`FROM a\n${'ONBUILD \\\n'.repeat(10_000)}RUN x`);
    expect(file.instructions).toHaveLength(2);
    expect(file.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(["Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]);
  });
});
