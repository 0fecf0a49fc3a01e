/**
 * The in-page shell, assembled: a ShellSession over a Workspace with the built-ins
 * (ls, cd, cat, du, tree…), `docker`, `dive` and `stagecraft`. The worker makes one
 * per exercise; tests make their own over a MemoryWorkspace.
 */
import { builtinCommands } from './builtins';
import { dockerCommands } from '../docker/index';
import { stagecraftCommand } from '../stagecraft';
import { ShellSession, type SessionOptions } from './session';

export type ShellOptions = Omit<SessionOptions, 'commands'>;

export function createShell(options: ShellOptions): ShellSession {
  return new ShellSession({ ...options, commands: [...builtinCommands(), ...dockerCommands(), stagecraftCommand()] });
}

export { ShellSession, ImageStore, normalizeName, pathCandidates, type CommandContext, type SessionImage, type ShellCommand, type ShellOutput } from './session';
export { parseLine, completionWords, quoteWord } from './line';
