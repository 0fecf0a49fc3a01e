/** The shell's own commands: ls, cd, pwd, cat, du, tree, echo, clear, help, history, and the host tools it cannot run. */
import type { ShellCommand } from './session';

export function builtinCommands(): ShellCommand[] {
  return [];
}
