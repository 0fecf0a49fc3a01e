/**
 * Dockerfile text → model, agreeing with BuildKit's parser
 * (moby/buildkit frontend/dockerfile/parser and .../instructions): the same
 * instruction split, continuations, directives, JSON-or-shell fallback,
 * heredocs and errors. Unlike BuildKit it does not stop at the first error: it
 * reports each one as a diagnostic and keeps going, so an editor can show all
 * of them. It never throws.
 */
import { LineIndex, LogicalLine, type OffsetRange, type Range } from './source';
import type {
  Arg, CheckDirective, Diagnostic, Directive, Dockerfile, Flag, Heredoc, Instruction,
  InstructionName, KeyValue, Stage,
} from './types';
import { INSTRUCTIONS } from './types';
import { goQuote } from '../go/quote';
import { suggest } from '../go/suggest';
import {
  extractBuilderFlags, isGoSpace, isTokenSpace, parseWords, shellWordsRaw, splitTokenSpace,
  skipSpace, trimEnd, trimSpan, unquote, utf8Length, type Word,
} from './words';

const SYNTAX = 'dockerfile-syntax';
const MAX_LINE_BYTES = 64 * 1024;
/**
 * BuildKit's DirectiveParser: the `#` prefix, leading Unicode spaces trimmed (TrimLeftFunc), then
 * the regexp `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, read by hand: Go's `\s` is
 * ASCII space only ([\t\n\f\r ]) and its regexp is linear-time, where a JavaScript RegExp would
 * backtrack cubically on a long run of spaces before an unmatched character.
 */
function matchDirective(token: string): [string, string] | null {
  if (token[0] !== '#') return null;
  return matchDirectiveBody(token, 1);
}

/** The same, on the text after the comment prefix (from `from`): leading Unicode spaces are trimmed first. */
function matchDirectiveBody(token: string, from: number): [string, string] | null {
  const ws = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
  let i = skipSpace(token, from);
  const keyStart = i;
  if (!/[a-zA-Z]/.test(token[i] ?? '')) return null;
  while (/[a-zA-Z0-9]/.test(token[i] ?? '')) i++;
  const key = token.slice(keyStart, i);
  while (ws(token[i])) i++;
  if (token[i] !== '=') return null;
  i++;
  const afterEq = i;
  while (ws(token[i])) i++;
  if (token.includes('\n', i)) return null; // `.` does not match a newline
  let end = token.length;
  while (end > i && ws(token[end - 1])) end--;
  if (end > i) return [key, token.slice(i, end)];
  // Only spaces after `=`: `.+?` takes one of them.
  return i > afterEq ? [key, token[i - 1]!] : null;
}

/**
 * A `# check=…` comment above an instruction (BuildKit ≥ 1.21): the first of the instruction's
 * comments that reads as a `check` directive, its value up to the first space. Null when there
 * is none; BuildKit ignores one whose options do not parse (`{ invalid }`).
 */
export function checkComment(ins: Instruction): CheckDirective | { invalid: string } | null {
  for (const comment of ins.comments) {
    const m = matchDirectiveBody(comment, 0);
    if (!m || m[0].toLowerCase() !== 'check') continue;
    return parseCheckDirective(cutAtSpace(m[1]));
  }
  return null;
}
const HEREDOC = /^(\d*)<<(-?)([^<]*)$/;

/** Flags each instruction accepts (BuildKit's BFlags), and whether they may repeat. */
const FLAGS: Partial<Record<InstructionName, Record<string, 'string' | 'bool' | 'strings'>>> = {
  FROM: { platform: 'string' },
  COPY: { from: 'string', chown: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings' },
  ADD: { chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', exclude: 'strings', unpack: 'bool' },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
};

interface Ctx {
  text: string;
  index: LineIndex;
  escape: '\\' | '`';
  diagnostics: Diagnostic[];
}

/** Parses Dockerfile text. Total: any string gives a model and diagnostics. */
export function parseDockerfile(input: string): Dockerfile {
  const text = typeof input === 'string' ? input : '';
  const index = new LineIndex(text);
  const ctx: Ctx = { text, index, escape: '\\', diagnostics: [] };
  const directives: Directive[] = [];
  const instructions: Instruction[] = [];
  let directivesDone = false;
  const seenDirectives = new Set<string>();

  const lineCount = index.lineCount;
  // A trailing newline does not start another line (bufio.Scanner semantics).
  const lastLine = text.endsWith('\n') ? lineCount - 2 : lineCount - 1;
  let line = 0;

  /** Where a physical line's content starts: BOM removed on line 0. */
  const lineStart = (l: number): number => {
    const start = index.starts[l] ?? text.length;
    return l === 0 && text.charCodeAt(0) === 0xfeff ? Math.min(start + 1, index.lineEnd(0)) : start;
  };

  const checkLength = (l: number) => {
    const start = index.starts[l] ?? 0;
    const next = index.starts[l + 1] ?? text.length;
    // Only long lines can exceed the limit; measure their UTF-8 length.
    if (next - start >= MAX_LINE_BYTES / 3 && utf8Length(text.slice(start, next)) > MAX_LINE_BYTES) {
      error(ctx, index.range(index.starts[l] ?? 0, index.lineEnd(l)), `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`);
    }
  };

  /** Reads a parser directive; true when the line was one. */
  const possibleDirective = (token: string, start: number): boolean => {
    if (directivesDone) return false;
    const m = matchDirective(token);
    const key = m?.[0].toLowerCase();
    if (!m || (key !== 'syntax' && key !== 'escape' && key !== 'check')) {
      directivesDone = true;
      return false;
    }
    const range = index.range(start, start + token.length);
    if (seenDirectives.has(key)) {
      error(ctx, range, `only one ${key} parser directive can be used`);
      return false;
    }
    seenDirectives.add(key);
    const value = m[1];
    directives.push({ name: key, value, range });
    if (key === 'escape') {
      if (value === '`' || value === '\\') ctx.escape = value;
      else error(ctx, range, `invalid escape token '${value}' does not match \` or \\`);
    }
    return true;
  };
  // The comment lines since the last instruction (BuildKit's PrevComment).
  let comments: string[] = [];

  while (line <= lastLine) {
    checkLength(line);
    const lineEnd = index.lineEnd(line);
    const rawStart = lineStart(line);
    const tokenStart = skipSpace(text, rawStart, lineEnd);
    const comment = commentOf(text, rawStart, lineEnd);
    if (comment === '') comments = [];
    else if (comment !== null) comments.push(comment);
    if (!directivesDone && possibleDirective(text.slice(tokenStart, lineEnd), tokenStart) && comment !== null) comments.pop();
    line++;
    if (tokenStart === lineEnd || text.charCodeAt(tokenStart) === 0x23 /* # */) continue;
    const escapeCode = ctx.escape.charCodeAt(0);
    const startLine = line - 1;
    const logical = new LogicalLine();
    let cut = continuationCut(text, tokenStart, lineEnd, escapeCode);
    let endOfLine = cut < 0;
    logical.append(tokenStart, text.slice(tokenStart, endOfLine ? lineEnd : cut));
    const emptyContinuationLines: number[] = [];
    while (!endOfLine && line <= lastLine) {
      checkLength(line);
      const contStart = lineStart(line);
      const contEnd = index.lineEnd(line);
      line++;
      const contLead = skipSpace(text, contStart, contEnd);
      if (text.charCodeAt(contLead) === 0x23 /* # */ && contLead < contEnd) continue;
      if (contLead === contEnd) {
        emptyContinuationLines.push(line - 1);
        continue;
      }
      cut = continuationCut(text, contStart, contEnd, escapeCode);
      endOfLine = cut < 0;
      logical.append(contStart, text.slice(contStart, endOfLine ? contEnd : cut));
    }
    if (!endOfLine) {
      // BuildKit accepts this silently; it is almost always a slip, so say so.
      ctx.diagnostics.push({
        rule: SYNTAX,
        refs: [],
        severity: 'warning',
        message: 'The file ends inside a line continuation: the last line ends with the escape character.',
        range: index.range(index.lineEnd(line - 1), index.lineEnd(line - 1)),
      });
    }
    if (logical.text.length === 0) continue;

    const instruction = parseLogicalLine(ctx, logical, 0, logical.text.length);
    const above = comments;
    comments = [];
    if (!instruction) continue;
    instruction.comments = above;
    instruction.startLine = startLine;
    instruction.emptyContinuationLines = emptyContinuationLines;

    // Heredocs: RUN, COPY and ADD in shell form may read the lines that follow.
    const host = instruction;
    if ((host.name === 'RUN' || host.name === 'COPY' || host.name === 'ADD') && !host.json && logical.text.includes('<<')) {
      for (const doc of heredocsFromLine(logical)) {
        const bodyStart = index.starts[line] ?? text.length;
        let terminated = false;
        let content = '';
        while (line <= lastLine) {
          const l = line++;
          const lineStart = index.starts[l] ?? text.length;
          const next = index.starts[l + 1] ?? text.length;
          const raw = text.slice(lineStart, next);
          let candidate = text.slice(lineStart, index.lineEnd(l));
          if (doc.chomp) candidate = candidate.replace(/^\t+/, '');
          if (candidate === doc.name) {
            terminated = true;
            break;
          }
          content += raw;
        }
        const bodyEnd = line > 0 ? index.lineEnd(Math.min(line - 1, lineCount - 1)) : text.length;
        const heredoc: Heredoc = {
          name: doc.name,
          content,
          chomp: doc.chomp,
          expand: doc.expand,
          fd: doc.fd,
          range: index.range(doc.start, doc.end),
          bodyRange: index.range(bodyStart, Math.max(bodyStart, bodyEnd)),
        };
        host.heredocs.push(heredoc);
        if (!terminated) {
          error(ctx, index.range(doc.start, doc.end), `unterminated heredoc: no line "${doc.name}" closes it`);
          break;
        }
      }
    }
    const endLine = Math.max(startLine, line - 1);
    instruction.endLine = endLine;
    // From the keyword to the end of the last line (continuations and heredoc bodies included).
    instruction.range = index.range((instruction.keywordRange as OffsetRange).startOffset, index.lineEnd(endLine));
    instructions.push(instruction);
  }

  const model = assemble(ctx, instructions, directives);
  if (instructions.length === 0) {
    error(ctx, index.range(0, 0), 'file with no instructions');
  }
  model.diagnostics = ctx.diagnostics;
  return model;
}

/**
 * A comment line's text as BuildKit's parser keeps it, or null for a line that is no comment:
 * a line whose first non-space character is `#` gives what follows the line's first character,
 * trimmed (so an indented comment keeps its `#`, as in BuildKit); `''` for a bare `#`.
 */
function commentOf(text: string, start: number, end: number): string | null {
  const i = skipSpace(text, start, end);
  if (i >= end || text.charCodeAt(i) !== 0x23) return null;
  const [a, b] = trimSpan(text, start + 1, end);
  return text.slice(a, b);
}

/**
 * trimContinuationCharacter: `([^E])E[ \t]*$|^E[ \t]*$` → `$1` on text[from, to).
 * Returns where the kept text ends, or -1 when the line does not continue.
 */
function continuationCut(text: string, from: number, to: number, escape: number): number {
  let end = to;
  while (end > from && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  if (end > from && text.charCodeAt(end - 1) === escape && (end === from + 1 || text.charCodeAt(end - 2) !== escape)) return end - 1;
  return -1;
}

function error(ctx: Ctx, range: Range, message: string): void {
  ctx.diagnostics.push({ rule: SYNTAX, refs: [], severity: 'error', message, range });
}

/**
 * Per-line helpers (a class rather than closures: this runs once per
 * instruction and must not allocate functions each time).
 */
class LineParser {
  ins: Instruction | null = null;
  constructor(
    readonly ctx: Ctx,
    readonly logical: LogicalLine,
  ) {}

  span(a: number, b: number): Range {
    return this.logical.range(this.ctx.index, a, b);
  }

  arg(w: Word): Arg {
    return { value: w.value, range: this.span(w.start, w.end) };
  }

  fail(message: string, range?: Range): void {
    error(this.ctx, range ?? this.ins?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message);
  }

  /** JSON-form arguments, `'invalid'` for a JSON array of non-strings, `null` for shell form. */
  json(text: string, offset: number): Arg[] | 'invalid' | null {
    const json = parseJSONArray(text);
    if (json === null) return null;
    if (json === 'not-strings') return 'invalid';
    return json.map((w) => this.arg({ value: w.value, start: w.start + offset, end: w.end + offset }));
  }
}

/** newNodeFromLine + the instruction-level checks of BuildKit's instructions package. */
function parseLogicalLine(ctx: Ctx, logical: LogicalLine, from: number, to: number, depth = 0): Instruction | null {
  const line = logical.text;
  const s = skipSpace(line, from, to);
  const e = trimEnd(line, s, to);
  if (s >= e) return null;
  const L = new LineParser(ctx, logical);
  let kwEnd = s;
  while (kwEnd < e && !isTokenSpace(line.charCodeAt(kwEnd))) kwEnd++;
  const keyword = line.slice(s, kwEnd);
  const upper = keyword.toUpperCase();
  const name = (INSTRUCTIONS as readonly string[]).includes(upper) ? (upper as InstructionName) : null;
  let restStart = kwEnd;
  while (restStart < e && isTokenSpace(line.charCodeAt(restStart))) restStart++;

  const { flags: flagWords, restStart: argsFrom } = extractBuilderFlags(line.slice(restStart, e), restStart);
  const as = skipSpace(line, argsFrom, e);
  const ae = trimEnd(line, as, e);
  const argsText = line.slice(as, ae);
  const keywordRange = L.span(s, kwEnd);

  const flags: Flag[] = flagWords.map((f) => {
    const body = f.text.slice(2);
    const eq = body.indexOf('=');
    const flagName = eq < 0 ? body : body.slice(0, eq);
    return {
      name: flagName,
      value: eq < 0 ? null : body.slice(eq + 1),
      text: f.text,
      range: L.span(f.start, f.end),
      nameRange: L.span(f.start + 2, f.valueStart < 0 ? f.end : f.valueStart - 1),
      valueRange: f.valueStart < 0 ? null : L.span(f.valueStart, f.end),
    };
  });

  const instruction: Instruction = {
    keyword,
    name,
    // Top-level instructions get their full range (heredocs included) once parsed.
    range: depth > 0 ? L.span(s, e) : keywordRange,
    keywordRange,
    startLine: keywordRange.start.line,
    endLine: keywordRange.start.line,
    flags,
    args: [],
    argsText,
    argsRange: as < ae ? L.span(as, ae) : null,
    json: false,
    heredocs: [],
    keyValues: [],
    trigger: null,
    stage: -1,
    emptyContinuationLines: [],
    comments: [],
    original: line.slice(from, to),
  };
  L.ins = instruction;

  switch (name) {
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL': {
      if (argsText === '') break;
      const json = L.json(argsText, as);
      if (json === 'invalid') L.fail('when using JSON array syntax, arrays must be comprised of strings only', instruction.argsRange ?? instruction.range);
      else if (json) {
        instruction.args = json;
        instruction.json = true;
      } else instruction.args = [L.arg({ value: argsText, start: as, end: ae })];
      if (name === 'SHELL') {
        if (!instruction.json) L.fail('SHELL requires the arguments to be in JSON form');
        else if (instruction.args.length === 0) L.fail('SHELL requires at least one argument');
      }
      break;
    }
    case 'ADD':
    case 'COPY':
    case 'VOLUME': {
      const json = L.json(argsText, as);
      if (json === 'invalid') L.fail('when using JSON array syntax, arrays must be comprised of strings only', instruction.argsRange ?? instruction.range);
      else if (json) {
        instruction.args = json;
        instruction.json = true;
      } else if (argsText !== '') instruction.args = splitTokenSpace(argsText, as).map((w) => L.arg(w));
      if (name === 'VOLUME') {
        if (instruction.args.length === 0) L.fail('VOLUME requires at least one argument');
        else if (instruction.args.some((a) => trimSpan(a.value)[0] === a.value.length)) L.fail('VOLUME specified can not be an empty string');
      } else if (instruction.args.length < 2) {
        L.fail(`${name} requires at least two arguments, but only one was provided. Destination could not be determined`);
      } else {
        const dest = instruction.args[instruction.args.length - 1]!;
        if (HEREDOC.test(dest.value) && parseHeredocWord(dest.value)) L.fail(`${name} cannot accept a heredoc as a destination`, dest.range);
      }
      break;
    }
    case 'FROM':
    case 'EXPOSE': {
      if (argsText !== '') instruction.args = splitTokenSpace(argsText, as).map((w) => L.arg(w));
      if (name === 'EXPOSE' && instruction.args.length === 0) L.fail('EXPOSE requires at least one argument');
      if (name === 'FROM') {
        const a = instruction.args;
        if (a.length === 3 && a[1]!.value.toLowerCase() === 'as') {
          if (!/^[a-z][a-z0-9-_.]*$/.test(a[2]!.value.toLowerCase())) {
            L.fail(`invalid name for build stage: "${a[2]!.value}", name can't start with a number or contain symbols`, a[2]!.range);
          }
        } else if (a.length !== 1) {
          L.fail('FROM requires either one or three arguments');
        }
      }
      break;
    }
    case 'ENV':
    case 'LABEL':
      parseNameVal(L, instruction, argsText, as);
      break;
    case 'ARG': {
      const words = parseWords(argsText, ctx.escape, as);
      instruction.args = words.map((w) => L.arg(w));
      if (words.length === 0) L.fail('ARG requires at least one argument');
      for (const w of words) {
        const eq = w.value.indexOf('=');
        if (eq === 0) L.fail('ARG names can not be blank', L.span(w.start, w.end));
        instruction.keyValues.push({
          key: eq < 0 ? w.value : w.value.slice(0, eq),
          value: eq < 0 ? null : unquote(w.value.slice(eq + 1), ctx.escape),
          rawValue: eq < 0 ? null : w.value.slice(eq + 1),
          keyRange: L.span(w.start, eq < 0 ? w.end : w.start + eq),
          valueRange: eq < 0 ? null : L.span(w.start + eq + 1, w.end),
          form: eq < 0 ? 'name-only' : 'equals',
        });
      }
      break;
    }
    case 'HEALTHCHECK': {
      let sep = 0;
      while (sep < argsText.length && !isGoSpace(argsText.charCodeAt(sep))) sep++;
      let next = sep;
      while (next < argsText.length && isGoSpace(argsText.charCodeAt(next))) next++;
      if (sep === 0) {
        L.fail('HEALTHCHECK requires at least one argument');
        break;
      }
      const typ = argsText.slice(0, sep);
      instruction.args.push(L.arg({ value: typ, start: as, end: as + sep }));
      const cmdText = argsText.slice(next);
      const json = cmdText === '' ? null : L.json(cmdText, as + next);
      if (json === 'invalid') L.fail('when using JSON array syntax, arrays must be comprised of strings only');
      else if (json) {
        instruction.args.push(...json);
        instruction.json = true;
      } else if (cmdText !== '') instruction.args.push(L.arg({ value: cmdText, start: as + next, end: ae }));
      const type = typ.toUpperCase();
      if (type === 'NONE') {
        if (instruction.args.length > 1) L.fail('HEALTHCHECK NONE takes no arguments');
      } else if (type === 'CMD') {
        if (instruction.args.length < 2 || (instruction.json && instruction.args.length === 1)) L.fail('Missing command after HEALTHCHECK CMD');
        for (const f of flags) {
          if (f.value === null || f.value === '') continue;
          if (f.name === 'retries') {
            const n = /^[+-]?\d+$/.test(f.value) ? Number(f.value) : Number.NaN;
            if (Number.isNaN(n)) L.fail(`strconv.ParseInt: parsing "${f.value}": invalid syntax`, f.range);
            else if (n < 1) L.fail(`--retries must be at least 1 (not ${n})`, f.range);
          } else if (f.name in (FLAGS.HEALTHCHECK ?? {})) {
            const ms = parseGoDuration(f.value);
            if (ms === null) L.fail(`time: invalid duration "${f.value}"`, f.range);
            else if (ms < 1) L.fail(`Interval "${f.name}" cannot be less than 1ms`, f.range);
          }
        }
      } else {
        L.fail(`Unknown type "${type}" in HEALTHCHECK (try CMD)`, instruction.args[0]!.range);
      }
      break;
    }
    case 'MAINTAINER':
    case 'STOPSIGNAL':
    case 'USER':
    case 'WORKDIR':
      if (argsText !== '') instruction.args = [L.arg({ value: argsText, start: as, end: ae })];
      else L.fail(`${name} requires exactly one argument`);
      break;
    case 'ONBUILD': {
      // BuildKit parses one level of trigger; `ONBUILD ONBUILD x` is refused at that level.
      if (depth > 0) break;
      if (argsText === '') {
        L.fail('ONBUILD requires at least one argument');
        break;
      }
      const trigger = parseLogicalLine(ctx, logical, as, ae, depth + 1);
      if (trigger) {
        instruction.trigger = trigger;
        instruction.args = [L.arg({ value: trigger.keyword, start: as, end: as + trigger.keyword.length }), ...trigger.args];
        const t = trigger.keyword.toUpperCase();
        if (t === 'ONBUILD') L.fail('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed', trigger.keywordRange);
        else if (t === 'MAINTAINER' || t === 'FROM') L.fail(`${t} isn't allowed as an ONBUILD trigger`, trigger.keywordRange);
      }
      break;
    }
    default:
      L.fail(unknownInstructionMessage(keyword), keywordRange);
  }
  if (name && flags.length) checkFlags(L, instruction);
  return instruction;
}

function parseNameVal(L: LineParser, instruction: Instruction, rest: string, offset: number): void {
  const ctx = L.ctx;
  const name = instruction.name!;
  const words = parseWords(rest, ctx.escape, offset);
  if (words.length === 0) {
    L.fail(`${name} requires at least one argument`);
    return;
  }
  if (!words[0]!.value.includes('=')) {
    // Legacy form: NAME value — the value is everything after the first whitespace run.
    const parts = splitTokenSpace(rest, offset);
    if (parts.length < 2) {
      L.fail(`${name} must have two arguments`);
      return;
    }
    const key = parts[0]!;
    const valueStart = parts[1]!.start;
    const value = rest.slice(valueStart - offset);
    instruction.args.push({ value: key.value, range: L.span(key.start, key.end) }, { value, range: L.span(valueStart, offset + rest.length) });
    instruction.keyValues.push({
      key: key.value,
      value: unquote(value, ctx.escape),
      rawValue: value,
      keyRange: L.span(key.start, key.end),
      valueRange: L.span(valueStart, offset + rest.length),
      form: 'legacy',
    });
    if (key.value === '') L.fail(`${name} names can not be blank`);
    return;
  }
  for (const w of words) {
    const eq = w.value.indexOf('=');
    if (eq < 0) {
      L.fail(`Syntax error - can't find = in "${w.value}". Must be of the form: name=value`, L.span(w.start, w.end));
      continue;
    }
    const key = w.value.slice(0, eq);
    const raw = w.value.slice(eq + 1);
    if (key === '') L.fail(`${name} names can not be blank`, L.span(w.start, w.end));
    instruction.args.push({ value: key, range: L.span(w.start, w.start + eq) }, { value: raw, range: L.span(w.start + eq + 1, w.end) });
    instruction.keyValues.push({
      key,
      value: unquote(raw, ctx.escape),
      rawValue: raw,
      keyRange: L.span(w.start, w.start + eq),
      valueRange: L.span(w.start + eq + 1, w.end),
      form: 'equals',
    });
  }
}

function checkFlags(L: LineParser, instruction: Instruction): void {
  const allowed = FLAGS[instruction.name!] ?? {};
  const seen = new Set<string>();
  for (const f of instruction.flags) {
    if (instruction.name === 'HEALTHCHECK' && instruction.args[0]?.value.toUpperCase() === 'NONE') {
      // HEALTHCHECK NONE takes no flags; BuildKit never parses them.
      continue;
    }
    const kind = allowed[f.name];
    if (!kind) {
      L.fail(`unknown flag: ${f.name}`, f.range);
      continue;
    }
    if (kind !== 'strings' && seen.has(f.name)) L.fail(`duplicate flag specified: ${f.name}`, f.range);
    seen.add(f.name);
    if (kind === 'bool') {
      if (f.value !== null && f.value.toLowerCase() !== 'true' && f.value.toLowerCase() !== 'false') {
        L.fail(`expecting boolean value for flag ${f.name}, not: ${f.value}`, f.range);
      }
    } else if (f.value === null) {
      L.fail(`missing a value on flag: ${f.name}`, f.range);
    }
  }
}

/** Go's json.Unmarshal into []any, then "strings only". `null` when it is not a JSON array. */
function parseJSONArray(text: string): Word[] | 'not-strings' | null {
  const [lead] = trimSpan(text);
  if (text[lead] !== '[') return null;
  let data: unknown;
  try {
    data = JSON.parse(text.slice(lead));
  } catch {
    return null;
  }
  if (!Array.isArray(data)) return null;
  if (!data.every((x) => typeof x === 'string')) return 'not-strings';
  // Valid JSON whose items are all strings: find each string token's span.
  const words: Word[] = [];
  let i = lead + 1;
  let k = 0;
  while (i < text.length && k < data.length) {
    if (text[i] === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      words.push({ value: data[k++] as string, start, end: i });
    } else i++;
  }
  return words;
}

/** Heredoc words of a logical line (heredocsFromLine + ParseHeredoc). */
function heredocsFromLine(logical: LogicalLine): Array<{ name: string; chomp: boolean; expand: boolean; fd: number; start: number; end: number }> {
  const out = [];
  for (const w of shellWordsRaw(logical.text)) {
    const doc = parseHeredocWord(w.value);
    if (doc) {
      const [start, end] = logical.sourceSpan(w.start, w.end);
      out.push({ ...doc, start, end });
    }
  }
  return out;
}

function parseHeredocWord(word: string): { name: string; chomp: boolean; expand: boolean; fd: number } | null {
  const m = HEREDOC.exec(word);
  if (!m) return null;
  const rest = m[3] ?? '';
  if (rest.length === 0) return null;
  const raw = shellWordsRaw(rest);
  if (raw.length !== 1) return null;
  const name = unquote(raw[0]!.value, '\\');
  const quotes = (s: string) => (s.match(/['"]/g) ?? []).length;
  return { name, chomp: m[2] === '-', expand: quotes(name) === quotes(raw[0]!.value), fd: Number(m[1] || 0) };
}

/** Go's time.ParseDuration, in milliseconds; `null` when it does not parse. */
function parseGoDuration(s: string): number | null {
  const m = /^[+-]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m) return s === '0' ? 0 : null;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  for (const part of s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * (unit[part[2]!] ?? 0);
  return s.startsWith('-') ? -total : total;
}

/** BuildKit's suggest.Search: the nearest name within two edits, cased like the input. */
function unknownInstructionMessage(keyword: string): string {
  const match = suggest(keyword.toLowerCase(), LOWER_INSTRUCTIONS);
  if (!match) return `unknown instruction: ${keyword}`;
  const cased = keyword === keyword.toUpperCase() ? match.toUpperCase() : match;
  return `unknown instruction: ${keyword} (did you mean ${cased}?)`;
}
const LOWER_INSTRUCTIONS = INSTRUCTIONS.map((n) => n.toLowerCase());

/** Groups instructions into global ARGs and stages; parses the check directive. */
function assemble(ctx: Ctx, instructions: Instruction[], directives: Directive[]): Dockerfile {
  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  for (const ins of instructions) {
    if (ins.name === 'FROM') {
      const a = ins.args;
      const named = a.length === 3 && a[1]!.value.toLowerCase() === 'as' ? a[2]! : null;
      const platform = ins.flags.find((f) => f.name === 'platform');
      const stage: Stage = {
        index: stages.length,
        name: named ? named.value.toLowerCase() : null,
        rawName: named ? named.value : null,
        nameRange: named ? named.range : null,
        base: a[0]?.value ?? '',
        baseRange: a[0]?.range ?? null,
        platform: platform?.value ?? null,
        from: ins,
        instructions: [],
      };
      ins.stage = stage.index;
      stages.push(stage);
      continue;
    }
    const current = stages[stages.length - 1];
    if (!current) {
      if (ins.name === 'ARG') globalArgs.push(ins);
      else if (ins.name) error(ctx, ins.keywordRange, 'no build stage in current context');
      continue;
    }
    ins.stage = current.index;
    current.instructions.push(ins);
  }
  return {
    text: ctx.text,
    directives,
    escapeToken: ctx.escape,
    check: fileCheckOptions(ctx, directives),
    instructions,
    globalArgs,
    stages,
    diagnostics: [],
  };
}

/**
 * The file's `# check=` directive. BuildKit reads its value up to the first space (so a remark
 * after it is allowed) and refuses the build when the options do not parse.
 */
function fileCheckOptions(ctx: Ctx, directives: Directive[]): CheckDirective {
  const d = directives.find((x) => x.name === 'check');
  if (!d) return { ...NO_CHECK_OPTIONS };
  const parsed = parseCheckDirective(cutAtSpace(d.value));
  if ('invalid' in parsed) {
    error(ctx, d.range, `failed to parse check options: ${parsed.invalid}`);
    return { ...NO_CHECK_OPTIONS };
  }
  return parsed;
}

/** strings.Cut(s, " ")'s first half. */
export function cutAtSpace(s: string): string {
  const i = s.indexOf(' ');
  return i < 0 ? s : s.slice(0, i);
}

/** No `# check=` at all: every check on, warnings stay warnings. */
export const NO_CHECK_OPTIONS: CheckDirective = Object.freeze({ skip: [], skipAll: false, error: false, experimental: [], experimentalAll: false }) as CheckDirective;

/**
 * `skip=A,B;error=true;experimental=C` as BuildKit's linter.ParseLintOptions reads it: at most
 * three `;` parts (the third keeps any further `;`), each `key=value` with `skip`, `experimental`
 * or `error` (names exact, case-sensitive); a later `skip` replaces an earlier one; `error` takes
 * Go's ParseBool. Anything else is refused with BuildKit's message.
 */
export function parseCheckDirective(value: string): CheckDirective | { invalid: string } {
  const text = goTrim(value);
  const out: CheckDirective = { skip: [], skipAll: false, error: false, experimental: [], experimentalAll: false };
  if (text === '') return out;
  const first = text.indexOf(';');
  const second = first < 0 ? -1 : text.indexOf(';', first + 1);
  const parts = first < 0 ? [text] : second < 0 ? [text.slice(0, first), text.slice(first + 1)] : [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return { invalid: `invalid check option ${goQuote(part)}` };
    const key = goTrim(part.slice(0, eq));
    const v = goTrim(part.slice(eq + 1));
    if (key === 'skip' || key === 'experimental') {
      const all = v === 'all';
      const names = all ? [] : v.split(',').map(goTrim);
      if (key === 'skip') {
        out.skipAll = all;
        out.skip = names;
      } else {
        out.experimentalAll = all;
        out.experimental = names;
      }
    } else if (key === 'error') {
      const b = GO_BOOLS[v];
      if (b === undefined) return { invalid: `failed to parse check option ${goQuote(part)}: strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax` };
      out.error = b;
    } else {
      return { invalid: `invalid check option ${goQuote(key)}` };
    }
  }
  return out;
}

/** Go's strconv.ParseBool. */
const GO_BOOLS: Record<string, boolean | undefined> = Object.assign(Object.create(null) as Record<string, boolean>, {
  1: true, t: true, T: true, TRUE: true, true: true, True: true,
  0: false, f: false, F: false, FALSE: false, false: false, False: false,
});

function goTrim(s: string): string {
  const [a, b] = trimSpan(s);
  return s.slice(a, b);
}
