/**
 * What the rest of the engine (rules, goals) may ask of a build context: the
 * context module implements it (tree.ts contextView); nothing here depends on rules.
 */

/** What a rule may ask of the build context (given with `--context` or by a lesson). */
export interface ContextView {
  /** True when `.dockerignore` excludes the path (relative to the context root, `/`-separated). */
  isExcluded(path: string): boolean;
  /** True when the path exists in the context, ignored or not (files and directories). */
  exists(path: string): boolean;
  /** True when .dockerignore has `!` exceptions (BuildKit's CopyIgnoredFile then stays silent). */
  readonly hasExceptions?: boolean;
  /** True when a pattern (not an exception) is exactly `*`, `**` or `**\/*`: every entry of the root is left out. */
  readonly excludesRoot?: boolean;
}
