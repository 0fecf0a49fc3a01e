import type { ContextView } from '../context/view';
import type { Range } from '../dockerfile/source';
import type { Diagnostic, Dockerfile, Fix, Instruction, Severity } from '../dockerfile/types';

export interface RuleMeta<M extends string = string> {
  /** Kebab-case id, e.g. `from-as-casing`. */
  id: string;
  /** Docker references: hadolint codes (`DL3006`) and BuildKit check names (`FromAsCasing`). */
  refs: string[];
  /** The BuildKit check name this rule implements, so `# check=skip=…` can turn it off. */
  buildkit?: string;
  /**
   * A hadolint rule's BuildKit look-alike: the check that says much the same under its own
   * conditions. Not in `refs` (a finding names a BuildKit check only when it is that check);
   * the page folds this rule's finding into the BuildKit one on the same line.
   */
  resembles?: string;
  severity: Severity;
  /** One line: what the rule wants. */
  summary: string;
  /** Id of the lesson that teaches it, or `null`. */
  lesson: string | null;
  /** Where Docker or hadolint document it. */
  url: string;
  /** Message templates keyed by id; `{{name}}` is replaced from the report's data. */
  messages: Record<M, string>;
  /** Where Docker's tools disagree, or other notes for the docs. */
  notes?: string;
  /** Runs only when a build context is given. */
  needsContext?: boolean;
  /**
   * A BuildKit check that reads only the file's `# check=` directive, never one above an
   * instruction (NoEmptyContinuation, ConsistentInstructionCasing, DuplicateStageName,
   * ReservedStageName, InvalidDefaultArgInFrom, as BuildKit runs them).
   */
  fileWideCheckOnly?: boolean;
  /** An experimental BuildKit check: off unless `# check=experimental=Name` (or `=all`) turns it on; `skip` does not apply. */
  experimental?: boolean;
}

export interface Report<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  range: Range;
  fixes?: Fix[];
  /**
   * The instruction whose `# check=` comment governs this finding, when it is not the one the
   * range starts in (MultipleInstructionsDisallowed: the later CMD's comment, the earlier CMD's line).
   */
  governedBy?: Instruction;
}

export interface RuleContext<M extends string = string> {
  file: Dockerfile;
  context: ContextView | null;
  /** The platform the build is for (`docker build --platform`); linux/amd64 by default. */
  platform: string;
  /** The platform each base image was pulled with, where known (a registry fact, e.g. a single-platform image). */
  imagePlatforms: Readonly<Record<string, string>>;
  report(report: Report<M>): void;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  /** Looks at the file and reports findings. Must not throw on any parsed input. */
  check(ctx: RuleContext<M>): void;
}

/** Identity helper that keeps message ids typed. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => (key in data ? String(data[key]) : `{{${key}}}`));
}

export type { Diagnostic };
export type { ContextView };
