/**
 * Which words of which instructions BuildKit expands (instructions/commands.go), the
 * ARGs every build predefines, and the fields of a RUN --mount value.
 */
import { lineIndexOf, type Range } from './source';
import type { Dockerfile, Instruction } from './types';

/** The platform ARGs every build defines in the global scope, for a linux/amd64 build. */
export const PLATFORM_ARGS: ReadonlyArray<[string, string]> = [
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
];

/**
 * Proxy ARGs Docker passes to RUN without an ARG line. They are not variables
 * of the Dockerfile: `$HTTP_PROXY` outside RUN is undefined unless declared.
 */
export const PROXY_ARGS: readonly string[] = [
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy',
  'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
];

/** ARGs BuildKit reads itself and never puts in the environment (nonEnvArgs). */
export const NON_ENV_ARGS: ReadonlySet<string> = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

/** system.DefaultPathEnv("linux"): BuildKit sets it when the image has no PATH. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A word BuildKit runs through variable expansion, with where it is in the source. */
export interface ExpandableWord {
  text: string;
  range: Range;
  /** Where `text` starts inside the source text of `range` (a field of a `--mount` value). */
  offset?: number;
  /** Heredoc bodies are expanded raw: quotes stay, `\` escapes. */
  raw?: boolean;
}

/**
 * The words of an instruction BuildKit expands when it dispatches it
 * (SupportsSingleWordExpansion and ExpandRaw). ARG values, FROM and EXPOSE are
 * expanded elsewhere, and RUN/CMD/ENTRYPOINT/HEALTHCHECK commands are left to
 * the shell.
 */
export function expandableWords(ins: Instruction): ExpandableWord[] {
  const out: ExpandableWord[] = [];
  const flagWord = (name: string) => {
    for (const f of ins.flags) {
      if (f.name === name && f.value !== null) out.push({ text: f.value, range: f.valueRange ?? f.range });
    }
  };
  switch (ins.name) {
    case 'ENV':
    case 'LABEL':
      for (const kv of ins.keyValues) {
        out.push({ text: kv.key, range: kv.keyRange });
        out.push({ text: kv.rawValue ?? '', range: kv.valueRange ?? kv.keyRange });
      }
      break;
    case 'ADD':
    case 'COPY': {
      flagWord('chown');
      if (ins.name === 'ADD') flagWord('checksum');
      for (const arg of ins.args) {
        if (!isHeredocArg(ins, arg.range)) out.push({ text: arg.value, range: arg.range });
      }
      for (const doc of ins.heredocs) {
        if (doc.expand) out.push({ text: doc.content, range: doc.bodyRange, raw: true });
      }
      break;
    }
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
    case 'VOLUME':
      for (const arg of ins.args) out.push({ text: arg.value, range: arg.range });
      break;
    case 'RUN':
      for (const f of ins.flags) {
        if (f.name !== 'mount' || f.value === null) continue;
        for (const field of mountFields(f.value)) {
          if (field.value === null) continue;
          out.push({ text: field.value, range: f.valueRange ?? f.range, offset: field.valueStart });
        }
      }
      break;
    default:
      break;
  }
  return out;
}

/** True when the argument at `range` is a heredoc (`<<EOF`) rather than a path. */
export function isHeredocArg(ins: Instruction, range: Range): boolean {
  return ins.heredocs.some((d) => d.range.start.line === range.start.line && d.range.start.character === range.start.character);
}

/** One `key=value` field of a `--mount` flag, with where its value starts in the flag value. */
export interface MountField {
  key: string;
  value: string | null;
  valueStart: number;
}

/** Splits a `--mount` value into its comma-separated fields (BuildKit reads them as CSV). */
export function mountFields(value: string): MountField[] {
  const fields: MountField[] = [];
  let i = 0;
  const n = value.length;
  while (i <= n) {
    const start = i;
    let inQuote = false;
    while (i < n && (inQuote || value[i] !== ',')) {
      if (value[i] === '"') inQuote = !inQuote;
      i++;
    }
    let text = value.slice(start, i);
    let offset = start;
    if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
      text = text.slice(1, -1).replace(/""/g, '"');
      offset++;
    }
    const eq = text.indexOf('=');
    if (text.trim() !== '') {
      fields.push({
        key: (eq < 0 ? text : text.slice(0, eq)).trim().toLowerCase(),
        value: eq < 0 ? null : text.slice(eq + 1),
        valueStart: eq < 0 ? -1 : offset + eq + 1,
      });
    }
    i++;
  }
  return fields;
}


/**
 * The source range of `[start, end)` in an expandable word. Exact when the
 * word is the source text itself; otherwise (quotes removed by JSON, text
 * joined across continuation lines) the whole word.
 */
export function wordRange(file: Dockerfile, word: ExpandableWord, start: number, end: number): Range {
  const index = lineIndexOf(file);
  const offset = word.offset ?? 0;
  const from = index.offset(word.range.start);
  const source = file.text.slice(from, index.offset(word.range.end));
  if (source.slice(offset, offset + word.text.length) === word.text) {
    return index.range(from + offset + start, from + offset + end);
  }
  return word.range;
}
