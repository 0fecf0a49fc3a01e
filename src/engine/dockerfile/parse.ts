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
  InstructionName, Stage,
} from './types';
import { INSTRUCTIONS } from './types';
import { goQuote } from '../go/quote';
import { suggest } from '../go/suggest';
import { goTrimSpace } from '../go/text';
import {
  extractBuilderFlags, isByteSpace, isTokenSpace, parseWords, shellLexWords, splitTokenSpace,
  skipSpace, trimEnd, trimSpan, unquote, utf8Length, utf8Map, type Word,
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
/** How deep ONBUILD ONBUILD … triggers are parsed (BuildKit has no limit; this keeps the stack bounded). */
const MAX_TRIGGER_DEPTH = 64;

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
    // A first line that is only the escape character continues into nothing: BuildKit still
    // makes an instruction of the (empty) line, which it later refuses as "unknown instruction: ".

    const instruction = parseLogicalLine(ctx, logical, 0, logical.text.length);
    const above = comments;
    comments = [];
    if (!instruction) continue;
    instruction.comments = above;
    instruction.startLine = startLine;
    instruction.emptyContinuationLines = emptyContinuationLines;

    // Heredocs: RUN, COPY and ADD in shell form may read the lines that follow.
    // canContainHeredoc: ONBUILD's trigger decides for it (one level only, as in BuildKit).
    const host = instruction;
    const reader = host.name === 'ONBUILD' && host.trigger ? host.trigger : host;
    if ((reader.name === 'RUN' || reader.name === 'COPY' || reader.name === 'ADD') && !reader.json && logical.text.includes('<<')) {
      for (const doc of heredocsFromLine(ctx, logical)) {
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
    /** 0 for an instruction, 1+ for an ONBUILD trigger. */
    readonly depth = 0,
  ) {}

  span(a: number, b: number): Range {
    return this.logical.range(this.ctx.index, a, b);
  }

  arg(w: Word): Arg {
    return { value: w.value, range: this.span(w.start, w.end) };
  }

  /**
   * An instruction-level refusal (BuildKit's instructions.Parse). BuildKit runs it on an
   * ONBUILD trigger only when a later build uses the image as a base, so in a trigger it is
   * reported as a warning.
   */
  fail(message: string, range?: Range): void {
    const at = range ?? this.ins?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (this.depth === 0) error(this.ctx, at, message);
    else {
      this.ctx.diagnostics.push({
        rule: SYNTAX,
        refs: [],
        severity: 'warning',
        message: `ONBUILD trigger: ${message} (checked only when a build uses this image as a base)`,
        range: at,
      });
    }
  }

  /** A refusal of BuildKit's parser itself: an error in an ONBUILD trigger too. */
  parseFail(message: string, range?: Range): void {
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
  // An empty line still makes an instruction at the top level (see lone escape above).
  if (s >= e && depth > 0) return null;
  const L = new LineParser(ctx, logical, depth);
  let kwEnd = s;
  while (kwEnd < e && !isTokenSpace(line.charCodeAt(kwEnd))) kwEnd++;
  const keyword = line.slice(s, kwEnd);
  const name = instructionName(keyword);
  let restStart = kwEnd;
  while (restStart < e && isTokenSpace(line.charCodeAt(restStart))) restStart++;

  const { flags: flagWords, restStart: argsFrom } = extractBuilderFlags(line.slice(restStart, e), restStart, ctx.escape);
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
      if (argsText === '') {
        // parseShell: no arguments at all is "at least one", not "JSON form".
        if (name === 'SHELL') L.fail('SHELL requires at least one argument');
        break;
      }
      const json = L.json(argsText, as);
      if (json === 'invalid') L.parseFail('when using JSON array syntax, arrays must be comprised of strings only', instruction.argsRange ?? instruction.range);
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
      if (json === 'invalid') L.parseFail('when using JSON array syntax, arrays must be comprised of strings only', instruction.argsRange ?? instruction.range);
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
        const doc = parseHeredocWord(dest.value);
        if (doc && !('error' in doc)) L.fail(`${name} cannot accept a heredoc as a destination`, dest.range);
      }
      break;
    }
    case 'FROM':
    case 'EXPOSE': {
      if (argsText !== '') instruction.args = splitTokenSpace(argsText, as).map((w) => L.arg(w));
      if (name === 'EXPOSE' && instruction.args.length === 0) L.fail('EXPOSE requires at least one argument');
      if (name === 'FROM') {
        const a = instruction.args;
        if (a.length === 3 && equalFoldAs(a[1]!.value)) {
          if (!/^[a-z][a-z0-9-_.]*$/.test(goLowerStageName(a[2]!.value))) {
            L.fail(`invalid name for build stage: ${goQuote(a[2]!.value)}, name can't start with a number or contain symbols`, a[2]!.range);
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
      // parseHealthConfig: the type ends at the first byte that is a space, read byte by byte
      // (BuildKit quirk, kept: a U+0085 or U+00A0 byte inside a character ends it, a Unicode
      // space does not; the command's leading Unicode spaces are kept).
      const cut = healthcheckSplit(argsText);
      if (cut.typeEnd === 0 && !cut.typeTail) {
        L.fail('HEALTHCHECK requires at least one argument');
        break;
      }
      const typ = argsText.slice(0, cut.typeEnd) + (cut.typeTail ? '\ufffd' : '');
      instruction.args.push(L.arg({ value: typ, start: as, end: as + cut.typeEnd }));
      const cmdText = (cut.cmdHead ? '\ufffd' : '') + argsText.slice(cut.cmdStart);
      const json = cmdText === '' ? null : L.json(cmdText, as + cut.cmdStart - (cut.cmdHead ? 1 : 0));
      if (json === 'invalid') L.parseFail('when using JSON array syntax, arrays must be comprised of strings only');
      else if (json) {
        instruction.args.push(...json);
        instruction.json = true;
      } else if (cmdText !== '') instruction.args.push(L.arg({ value: cmdText, start: as + cut.cmdStart, end: ae }));
      const type = typ.toUpperCase();
      if (type === 'NONE') {
        if (instruction.args.length > 1) L.fail('HEALTHCHECK NONE takes no arguments');
      } else if (type === 'CMD') {
        if (instruction.args.length < 2 || (instruction.json && instruction.args.length === 1)) L.fail('Missing command after HEALTHCHECK CMD');
        // The flag values, as parseHealthcheck reads them (the last of a repeated flag wins).
        const value = (flag: string) => {
          let v = '';
          for (const f of flags) if (f.name === flag && f.value !== null) v = f.value;
          return v;
        };
        for (const flag of ['interval', 'timeout', 'start-period', 'start-interval']) {
          const v = value(flag);
          if (v === '') continue;
          const d = goParseDuration(v);
          if (typeof d === 'string') L.fail(d);
          else if (d !== 0n && d < 1_000_000n) L.fail(`Interval ${goQuote(flag)} cannot be less than 1ms`);
        }
        const retries = value('retries');
        if (retries !== '') {
          const n = /^[+-]?[0-9]+$/.test(retries) ? BigInt(retries) : null;
          if (n === null) L.fail(`strconv.ParseInt: parsing ${goQuote(retries)}: invalid syntax`);
          else if (n > 2147483647n || n < -2147483648n) L.fail(`strconv.ParseInt: parsing ${goQuote(retries)}: value out of range`);
          else if (n < 0n) L.fail(`--retries cannot be negative (${n})`);
        }
      } else {
        L.fail(`Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`, instruction.args[0]!.range);
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
      // parseSubCommand: the trigger is parsed like a line of its own, ONBUILD ONBUILD … too,
      // with the parser's errors; instructions.Parse then checks only the top ONBUILD (its
      // arguments, flags and the trigger's keyword).
      if (argsText === '') {
        L.fail('ONBUILD requires at least one argument');
        break;
      }
      const trigger = depth < MAX_TRIGGER_DEPTH ? parseLogicalLine(ctx, logical, as, ae, depth + 1) : null;
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
  // ARG and STOPSIGNAL never parse their flags in BuildKit: any flag passes.
  if (name && name !== 'ARG' && name !== 'STOPSIGNAL' && flags.length) checkFlags(L, instruction);
  if (name === 'RUN') checkRunFlagValues(L, flags);
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
      L.parseFail(`${name} must have two arguments`);
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
      L.parseFail(`Syntax error - can't find = in ${goQuote(w.value)}. Must be of the form: name=value`, L.span(w.start, w.end));
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
      if (f.value === '') L.fail(`missing a value on flag: ${f.name}`, f.range);
      else if (f.value !== null && f.value.toLowerCase() !== 'true' && f.value.toLowerCase() !== 'false') {
        L.fail(`expecting boolean value for flag ${f.name}, not: ${f.value}`, f.range);
      }
    } else if (f.value === null) {
      L.fail(`missing a value on flag: ${f.name}`, f.range);
    }
  }
}

/**
 * The RUN flag values BuildKit checks while parsing (its parseRun post-hooks, in file order:
 * rundevice, runmount, runnetwork, runsecurity). At parse time a mount is only read as CSV and
 * its `from` checked for variables; the other mount keys wait for the build.
 */
function checkRunFlagValues(L: LineParser, flags: readonly Flag[]): void {
  let network = 'default';
  let security = 'sandbox';
  for (const f of flags) {
    if (f.value === null) continue;
    if (f.name === 'device') {
      const err = deviceError(f.value);
      if (err) L.fail(err, f.range);
    } else if (f.name === 'mount') {
      const fields = csvFields(f.value);
      if (typeof fields === 'string') L.fail(`failed to parse csv mounts: ${fields}`, f.range);
      else {
        for (const field of fields) {
          const eq = field.indexOf('=');
          if (eq < 0 || field.slice(0, eq).toLowerCase() !== 'from') continue;
          const value = field.slice(eq + 1);
          const dollar = value.indexOf('$');
          if (dollar !== -1 && dollar !== value.length - 1) {
            L.fail("'from' doesn't support variable expansion, define alias stage instead", f.range);
            break;
          }
        }
      }
    } else if (f.name === 'network') network = f.value;
    else if (f.name === 'security') security = f.value;
  }
  if (network !== 'default' && network !== 'none' && network !== 'host') L.fail(`invalid network mode ${goQuote(network)}`);
  if (security !== 'insecure' && security !== 'sandbox') L.fail(`security ${goQuote(security)} is not valid`);
}

/** ParseDevice's refusal of a `--device` value, or null. */
function deviceError(value: string): string | null {
  const fields = csvFields(value);
  if (typeof fields === 'string') return `failed to parse csv devices: ${fields}`;
  let name = '';
  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'required') continue;
      if (name === '') {
        name = field;
        continue;
      }
      return `invalid field '${field}' must be a key=value pair`;
    }
    const v = field.slice(eq + 1);
    if (key === 'name') {
      if (name !== '') return `device name already set to ${name}`;
      name = v;
    } else if (key === 'required') {
      if (GO_BOOLS[v] === undefined) return `invalid value for ${key}: ${v}`;
    } else if (name === '') {
      name = field;
    } else {
      const match = suggest(key, ['name', 'required']);
      return `unexpected key '${key}' in '${field}'${match ? ` (did you mean ${match}?)` : ''}`;
    }
  }
  return null;
}

/**
 * tonistiigi/go-csvvalue's Fields (encoding/csv's rules for one record, `,` separated, strict
 * quotes): the fields, or the error message (`EOF` for an empty value).
 */
function csvFields(input: string): string[] | string {
  let line = input;
  if (line.endsWith('\r\n')) line = line.slice(0, -2);
  else if (line.endsWith('\n')) line = line.slice(0, -1);
  if (line.length === 0) return 'EOF';
  const out: string[] = [];
  let pos = 0; // a byte offset, for the column in messages
  const bytesOf = (x: string) => utf8Length(x);
  const err = (at: number, what: string) => `parse error on line 1, column ${at + 1}: ${what}`;
  for (;;) {
    if (line.length === 0 || line[0] !== '"') {
      const i = line.indexOf(',');
      const field = i >= 0 ? line.slice(0, i) : line;
      const j = field.indexOf('"');
      if (j >= 0) return err(pos + bytesOf(field.slice(0, j)), 'bare " in non-quoted-field');
      out.push(field);
      if (i < 0) return out;
      pos += bytesOf(field) + 1;
      line = line.slice(i + 1);
      continue;
    }
    line = line.slice(1);
    pos += 1;
    let halfOpen = false;
    for (;;) {
      const i = line.indexOf('"');
      if (i < 0) return err(pos, 'extraneous or missing " in quoted-field');
      if (!halfOpen) out.push(line.slice(0, i));
      else out[out.length - 1] += line.slice(0, i);
      halfOpen = false;
      pos += bytesOf(line.slice(0, i)) + 1;
      line = line.slice(i + 1);
      if (line[0] === '"') {
        out[out.length - 1] += '"';
        line = line.slice(1);
        pos += 1;
        halfOpen = true;
      } else if (line[0] === ',') {
        line = line.slice(1);
        pos += 1;
        break;
      } else if (line.length === 0) return out;
      else return err(pos - 1, 'extraneous or missing " in quoted-field');
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
  if (!data.every((x) => typeof x === 'string')) {
    // A number beyond float64 is an error of Go's decoder (so not JSON at all), not a non-string.
    return hasInfinity(data) ? null : 'not-strings';
  }
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
      // Go decodes a lone surrogate escape (`\ud800`) as U+FFFD.
      words.push({ value: wellFormed(data[k++] as string), start, end: i });
    } else i++;
  }
  return words;
}

/** strings.EqualFold(s, "as"): simple case folding, so `aſ` (long s) is `as` too. */
function equalFoldAs(s: string): boolean {
  return s.length === 2 && (s[0] === 'a' || s[0] === 'A') && (s[1] === 's' || s[1] === 'S' || s[1] === '\u017f');
}

/** strings.ToLower for the stage-name check: only ASCII survives the check, and `K`/`İ` lower to ASCII. */
function goLowerStageName(s: string): string {
  return s.replace(/[A-Z\u0130\u212a]/g, (c) => (c === '\u0130' ? 'i' : c === '\u212a' ? 'k' : c.toLowerCase()));
}

/** String.prototype.toWellFormed: each lone surrogate becomes U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function hasInfinity(x: unknown): boolean {
  if (typeof x === 'number') return !Number.isFinite(x);
  if (Array.isArray(x)) return x.some(hasInfinity);
  if (x && typeof x === 'object') return Object.values(x).some(hasInfinity);
  return false;
}

type HeredocWord = { name: string; chomp: boolean; expand: boolean; fd: number };

/**
 * Heredoc words of a logical line (heredocsFromLine + ParseHeredoc): the line is split by
 * BuildKit's shell lexer with raw quotes and escapes; when the lexer fails (an unclosed quote)
 * there are no words and so no heredocs. A heredoc word whose name the lexer cannot read is
 * a parse error.
 */
function heredocsFromLine(ctx: Ctx, logical: LogicalLine): Array<HeredocWord & { start: number; end: number }> {
  const out = [];
  const words = shellLexWords(logical.text, true, true).words ?? [];
  for (const w of words) {
    const doc = parseHeredocWord(w.value);
    if (!doc) continue;
    const [start, end] = logical.sourceSpan(w.start, Math.max(w.start, w.end));
    if ('error' in doc) {
      error(ctx, ctx.index.range(start, end), doc.error);
      break;
    }
    out.push({ ...doc, start, end });
  }
  return out;
}

/**
 * ParseHeredoc: `reHeredoc` (`^(\d*)<<(-?)\s*([^<]*)$`, read by hand: it matches when nothing
 * after the `<<` is a `<`), then the name as the shell lexer reads the rest (one word, or no
 * heredoc); the body expands unless some of the name was quoted.
 */
function parseHeredocWord(word: string): HeredocWord | { error: string } | null {
  let i = 0;
  while (i < word.length && word.charCodeAt(i) >= 0x30 && word.charCodeAt(i) <= 0x39) i++;
  if (word.charCodeAt(i) !== 0x3c || word.charCodeAt(i + 1) !== 0x3c) return null;
  const fd = Number(word.slice(0, i) || 0);
  i += 2;
  const chomp = word[i] === '-';
  if (chomp) i++;
  while (i < word.length && ' \t\n\f\r'.includes(word[i]!)) i++;
  const rest = word.slice(i);
  if (rest.includes('<')) return null;
  if (rest.length === 0) return null;
  const plain = shellLexWords(rest, false, false);
  if (plain.words === null) return { error: `failed to process ${goQuote(rest)}: ${plain.error}` };
  if (plain.words.length !== 1) return null;
  const raw = shellLexWords(rest, true, false);
  if (raw.words === null) return { error: `failed to process ${goQuote(rest)}: ${raw.error}` };
  if (raw.words.length !== 1) return { error: `internal lexing of heredoc produced inconsistent results: ${rest}` };
  const name = plain.words[0]!.value;
  const quotes = (x: string) => {
    let n = 0;
    for (let k = 0; k < x.length; k++) if (x[k] === "'" || x[k] === '"') n++;
    return n;
  };
  return { name, chomp, expand: quotes(name) === quotes(raw.words[0]!.value), fd };
}

/**
 * parseHealthConfig's split of `TYPE command`, on UTF-8 bytes: the type ends at the first space
 * byte (`unicode.IsSpace(rune(rest[sep]))`), the command starts after the space bytes that
 * follow. `typeTail`: the type ends inside a character (BuildKit keeps its first bytes);
 * `cmdHead`: the command starts inside one. Offsets are in the string, at character bounds.
 */
function healthcheckSplit(text: string): { typeEnd: number; typeTail: boolean; cmdStart: number; cmdHead: boolean } {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (isByteSpace(c)) break;
      i++;
      continue;
    }
    // A non-ASCII character: does one of its bytes read as a space?
    const w = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    const { bytes } = utf8Map(text.slice(i, i + w));
    const j = bytes.findIndex((b) => b === 0x85 || b === 0xa0);
    if (j < 0) {
      i += w;
      continue;
    }
    // The type ends inside this character; the command starts after its space bytes.
    let k = j;
    while (k < bytes.length && isByteSpace(bytes[k]!)) k++;
    if (k < bytes.length) return { typeEnd: i, typeTail: true, cmdStart: i + w, cmdHead: true };
    let next = i + w;
    while (next < n && text.charCodeAt(next) < 0x80 && isByteSpace(text.charCodeAt(next))) next++;
    return { typeEnd: i, typeTail: true, cmdStart: next, cmdHead: false };
  }
  let next = i;
  while (next < n && text.charCodeAt(next) < 0x80 && isByteSpace(text.charCodeAt(next))) next++;
  return { typeEnd: i, typeTail: false, cmdStart: next, cmdHead: false };
}

/** Go's time.ParseDuration, in nanoseconds, or its error message. */
export function goParseDuration(orig: string): bigint | string {
  const invalid = `time: invalid duration ${timeQuote(orig)}`;
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return invalid;
  const MAX = 1n << 63n;
  let d = 0n;
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    // leadingInt
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (v > MAX / 10n) return invalid;
      v = v * 10n + BigInt(s.charCodeAt(i) - 0x30);
      if (v > MAX) return invalid;
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    let f = 0n;
    let scale = 1;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      // leadingFraction
      let overflow = false;
      let k = 0;
      for (; k < s.length && isDigit(s[k]); k++) {
        if (overflow) continue;
        if (f > (MAX - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(k) - 0x30);
        if (y > MAX) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = k > 0;
      s = s.slice(k);
    }
    if (!pre && !post) return invalid;
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) return `time: missing unit in duration ${timeQuote(orig)}`;
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = DURATION_UNITS[unitName];
    if (unit === undefined) return `time: unknown unit ${timeQuote(unitName)} in duration ${timeQuote(orig)}`;
    if (v > MAX / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) return invalid;
    }
    d += v;
    if (d > MAX) return invalid;
  }
  if (neg) return -d;
  if (d > MAX - 1n) return invalid;
  return d;
}
const DURATION_UNITS: Record<string, bigint | undefined> = Object.assign(Object.create(null) as Record<string, bigint>, {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n,
});

/** The time package's own quote: non-ASCII and control characters as `\xNN` bytes. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of utf8Map(ch).bytes) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

/**
 * The instruction a keyword names: `strings.ToLower` of it in BuildKit's dispatch table (Go
 * lower-cases rune by rune: `K` (Kelvin) is `k`, `İ` is `i`, `ſ` stays `ſ`).
 */
function instructionName(keyword: string): InstructionName | null {
  let lower = '';
  for (let i = 0; i < keyword.length; i++) {
    const c = keyword.charCodeAt(i);
    if (c < 0x80) lower += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : keyword[i];
    else if (c === 0x130) lower += 'i';
    else if (c === 0x212a) lower += 'k';
    else return null; // no other non-ASCII character lower-cases to ASCII
  }
  return LOWER_TO_NAME.get(lower) ?? null;
}
const LOWER_TO_NAME = new Map(INSTRUCTIONS.map((n) => [n.toLowerCase(), n as InstructionName]));

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
  const text = goTrimSpace(value);
  const out: CheckDirective = { skip: [], skipAll: false, error: false, experimental: [], experimentalAll: false };
  if (text === '') return out;
  const first = text.indexOf(';');
  const second = first < 0 ? -1 : text.indexOf(';', first + 1);
  const parts = first < 0 ? [text] : second < 0 ? [text.slice(0, first), text.slice(first + 1)] : [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return { invalid: `invalid check option ${goQuote(part)}` };
    const key = goTrimSpace(part.slice(0, eq));
    const v = goTrimSpace(part.slice(eq + 1));
    if (key === 'skip' || key === 'experimental') {
      const all = v === 'all';
      const names = all ? [] : v.split(',').map((x) => goTrimSpace(x));
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

