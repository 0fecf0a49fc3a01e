/**
 * The shape every compared category (parse, expand, words, dockerignore) shares:
 * generate inputs, ask the oracle, ask our engine, compare, shrink.
 */

/** One comparison made on one case: how many units were compared and how many disagreed. */
export interface Check {
  /** The figure it counts towards, e.g. `parse: dump`. */
  metric: string;
  /** Units compared (1 for a file, one per path for .dockerignore decisions). */
  units: number;
  /** Units that disagree. */
  bad: number;
  /**
   * For a disagreement: the class it belongs to. Shrinking keeps this value, and
   * the report groups disagreements by it, so it names the kind of difference
   * (levels, normalised messages, instruction keywords), never the input's own text.
   */
  signature?: string;
  /** Where it occurred, counted per class in the report (e.g. `in files BuildKit accepts`). */
  context?: string;
  /** Both answers, for the report. */
  detail?: { buildkit: string; ours: string };
}

export interface Category<Input, Answer> {
  readonly name: string;
  /** The metrics this category reports, in report order. */
  readonly metrics: readonly string[];
  /** `count` inputs, reproducibly from `seed`. */
  generate(seed: number, count: number): Input[];
  /** The oracle's answers, in input order. */
  oracle(inputs: readonly Input[]): Promise<Answer[]>;
  /** Compares our engine's answer with the oracle's. */
  compare(input: Input, answer: Answer): Check[];
  /** Smaller variants of an input, most promising (biggest cut) first. */
  shrinkCandidates(input: Input): Iterable<Input>;
  /** Size for shrinking progress (smaller is better). */
  size(input: Input): number;
  /** The input, readable in a Markdown report. */
  show(input: Input): string;
  /** Releases oracle processes and temporary files. */
  close(): void;
}
