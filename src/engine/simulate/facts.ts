/**
 * What a sample project says about itself beyond its files, from its
 * `stagecraft.project.json` (which is not part of the build context): what its
 * build produces (measured), and what the program does at run time.
 */
export interface ProjectFacts {
  /** Files `npm run build` (or `go build`) writes, with sizes measured on a real build. */
  buildOutputs?: Record<string, { bytes: number; source: string }>;
  /** Go binary sizes for this program, by build flavour. */
  goBinary?: { static: number; stripped: number; dynamic: number; source: string };
  /** The program makes HTTPS requests at run time (needs CA certificates). */
  makesHttpsCalls?: boolean;
}
