/** `docker` and `dive` in the in-page shell and in the WebContainer's `docker` script. */
import type { ShellCommand } from '../shell/session';

/** The commands this module adds to a shell: `docker`, `dive`. */
export function dockerCommands(): ShellCommand[] {
  return [];
}
