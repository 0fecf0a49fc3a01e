import type { Range } from './source';

/** What the engine reports about a Dockerfile: parse errors, rule findings, problems. */
export type Severity = 'error' | 'warning' | 'info';

/** A mechanical fix: replace the text in `range` with `text`. */
export interface TextEdit {
  range: Range;
  text: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  /** Kebab-case id of the rule that reported it; `dockerfile-syntax` for parse errors. */
  rule: string;
  /** Docker references: hadolint codes (DL3022) and BuildKit check names (FromAsCasing). */
  refs: string[];
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
}

/** A `--name=value` flag of an instruction, e.g. `--from=builder`. */
export interface Flag {
  /** Flag name without dashes: `from`. */
  name: string;
  /** Value after `=`, quotes removed as BuildKit removes them; `null` for a bare `--link`. */
  value: string | null;
  /** As BuildKit's parser returns it: `--from=builder`. */
  text: string;
  range: Range;
  nameRange: Range;
  valueRange: Range | null;
}

/** One argument of an instruction as BuildKit's parser splits it. */
export interface Arg {
  value: string;
  range: Range;
}

/** An ENV/LABEL/ARG pair. `value` has quotes removed (no variable expansion); `null` for `ARG NAME`. */
export interface KeyValue {
  key: string;
  value: string | null;
  /** The value as written, quotes included. */
  rawValue: string | null;
  keyRange: Range;
  valueRange: Range | null;
  /** `=` form (`k=v`) or the legacy `k v` form. */
  form: 'equals' | 'legacy' | 'name-only';
}

export interface Heredoc {
  /** The delimiter word, quotes removed: `EOF`. */
  name: string;
  /** Body lines with their line endings, as BuildKit keeps them. */
  content: string;
  /** `<<-EOF`: leading tabs are stripped from the body and the terminator. */
  chomp: boolean;
  /** Variables in the body are expanded (the delimiter was not quoted). */
  expand: boolean;
  /** File descriptor before `<<`, e.g. `2<<EOF`; 0 when none. */
  fd: number;
  /** The `<<EOF` word in the instruction. */
  range: Range;
  /** The body and the terminator line. */
  bodyRange: Range;
}

/** The upper-case instruction names BuildKit knows. */
export const INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK',
  'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;
export type InstructionName = (typeof INSTRUCTIONS)[number];

export interface Instruction {
  /** The keyword as written: `from`, `Copy`. */
  keyword: string;
  /** Upper-case name when it is a known instruction, otherwise `null`. */
  name: InstructionName | null;
  /** The whole instruction: continuation lines and heredoc bodies included. */
  range: Range;
  keywordRange: Range;
  /** 0-based first and last source line. */
  startLine: number;
  endLine: number;
  flags: Flag[];
  /**
   * Arguments as BuildKit's parser splits them: JSON form → the array items;
   * shell-form RUN/CMD/ENTRYPOINT/SHELL → one string; ENV/LABEL → key, value,
   * key, value…; HEALTHCHECK → `CMD`, then the command, or `NONE`; the rest → words.
   */
  args: Arg[];
  /** Everything after the flags on the joined logical line, trimmed. */
  argsText: string;
  argsRange: Range | null;
  /** The arguments are a JSON array (exec form). */
  json: boolean;
  heredocs: Heredoc[];
  /** ENV, LABEL and ARG pairs. */
  keyValues: KeyValue[];
  /** ONBUILD's trigger instruction. */
  trigger: Instruction | null;
  /** Index of the stage it belongs to; -1 before the first FROM. */
  stage: number;
  /** Blank lines inside the continuation (BuildKit's NoEmptyContinuation). */
  emptyContinuationLines: number[];
  /**
   * The comment lines just above, as BuildKit's parser keeps them (`PrevComment`): the text after
   * the line's first character, trimmed; a bare `#` line starts the list again, blank lines do not,
   * parser directives are left out. `# check=` here applies to this instruction; the last line is
   * a FROM's or ARG's description.
   */
  comments: string[];
  /** The logical line as BuildKit joins it. */
  original: string;
}

export interface Stage {
  index: number;
  /** Lower-cased name from `AS name`, or `null`. */
  name: string | null;
  /** The name as written. */
  rawName: string | null;
  nameRange: Range | null;
  /** The base image (or stage) as written: `node:20-alpine`, `builder`, `scratch`. */
  base: string;
  baseRange: Range | null;
  /** `--platform` value, if any. */
  platform: string | null;
  /** The FROM instruction. */
  from: Instruction;
  /** Instructions after FROM up to the next FROM. */
  instructions: Instruction[];
}

export interface Directive {
  name: 'syntax' | 'escape' | 'check';
  value: string;
  range: Range;
}

/** `# check=skip=A,B;error=true;experimental=C`, read as BuildKit's ParseLintOptions reads it. */
export interface CheckDirective {
  /** Rule names, compared exactly (BuildKit's are case-sensitive). */
  skip: string[];
  skipAll: boolean;
  error: boolean;
  /** Experimental rules turned on. */
  experimental: string[];
  experimentalAll: boolean;
}

export interface Dockerfile {
  text: string;
  directives: Directive[];
  escapeToken: '\\' | '`';
  check: CheckDirective;
  /** Every instruction, in order. */
  instructions: Instruction[];
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  stages: Stage[];
  /** Parse errors (BuildKit refuses these) and parser warnings. */
  diagnostics: Diagnostic[];
}
