/**
 * Where the bytes are and what would shrink them, as plain data a worker can post
 * to a page: every size as bytes and as the text the page shows (Docker's decimal
 * units). Made from the engine's Breakdown and SuggestReport by ./convert.ts; drawn
 * by ./breakdown-view.ts and ./suggestions-view.ts (the exercise's build panel and the playground).
 */

/** A size as a number (to compare, to draw) and as text (to show). */
export interface SizeView {
  bytes: number;
  /** `1.19GB`, as `docker images` prints it. */
  size: string;
}

export interface BreakdownRowView {
  /** 1-based line of the instruction whose layer holds the bytes (the FROM line for base-image layers); null when none. */
  line: number | null;
  /** The instruction on one line, shortened. */
  instruction: string;
  /** The engine's category id (`base-os`, `dev-deps`, `wasted`, …). */
  category: string;
  /** What the bytes are, in words (`development dependencies`; for wasted bytes, which line hid them). */
  what: string;
  bytes: number;
  size: string;
  files: number;
  /** Share of the image, 0..1, and as text (`42.1 %`). */
  share: number;
  shareText: string;
  /** The figure is (partly) an estimate: shown with `~`. */
  estimated: boolean;
  /** For wasted bytes: the line that hid them. */
  hiddenBy: number | null;
}

export interface BreakdownCategoryView {
  category: string;
  label: string;
  bytes: number;
  size: string;
  share: number;
  shareText: string;
  estimated: boolean;
}

export interface BreakdownView {
  /** The image's size: the rows add up to it. */
  total: SizeView;
  /** By layer, bottom to top; within a layer, biggest first. */
  rows: BreakdownRowView[];
  /** By category in the engine's order, only those present. */
  categories: BreakdownCategoryView[];
  /** Some figure is an estimate. */
  estimated: boolean;
}

export interface SuggestionEditView {
  /** `Dockerfile` or `.dockerignore`. */
  path: string;
  /** The whole file before and after the edit. */
  before: string;
  after: string;
}

export interface SuggestionView {
  id: string;
  kind: string;
  title: string;
  why: string;
  /** The lesson that teaches it, by id (its page is /lessons/<id>/). */
  lesson: string;
  edits: SuggestionEditView[];
  /** Unified diff of every edit. */
  diff: string;
  before: SizeView & { compressedBytes: number; compressedSize: string };
  after: SizeView & { compressedBytes: number; compressedSize: string };
  /** Bytes saved (before − after, both simulated) and as text. */
  saves: number;
  savesText: string;
  /** Some figure of either build is an estimate. */
  estimated: boolean;
  /** Other variants that also build and start, best first. */
  alternatives: Array<{ title: string; saves: number; savesText: string }>;
  /** Cache-only advice: after a change to one source file, the RUN steps that stay CACHED now and with the edit. */
  cache: { changed: string; cachedBefore: string[]; cachedAfter: string[] } | null;
}

/** `ok`: the image builds and starts (suggestions may still be none); otherwise why there are none. */
export type SuggestionsVerdict = 'ok' | 'no-stages' | 'build-fails' | 'wont-start' | 'unknown';

export interface SuggestionsView {
  verdict: SuggestionsVerdict;
  /** Why there are no suggestions, or that nothing is worth doing; null when there are some. */
  message: string | null;
  /** The image now, or null when there is none. */
  image: (SizeView & { compressedBytes: number; compressedSize: string }) | null;
  /** Size suggestions, biggest saving first. */
  suggestions: SuggestionView[];
  /** Cache-only advice: the size stays the same. */
  cache: SuggestionView[];
}
