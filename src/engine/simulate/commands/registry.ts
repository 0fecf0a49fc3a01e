/** Every command handler, by program name. One file per tool; add a handler here to make the simulator know a tool. */
import { cat, chmod, chown, cp, echo, ln, ls, mkdir, mv, rm, test, touch } from './coreutils';
import { go } from './go';
import { jest } from './jest';
import { node } from './node';
import { npm, npx } from './npm';
import { apk, aptGetCommand } from './packages';
import { tsc } from './tsc';
import type { CommandHandler } from './types';
import { users } from './users';
import { vite } from './vite';

export const COMMANDS: readonly CommandHandler[] = [npm, npx, node, tsc, vite, jest, go, apk, aptGetCommand, rm, mkdir, cp, mv, chown, chmod, ln, touch, cat, ls, echo, test, users];

export const HANDLERS: ReadonlyMap<string, CommandHandler> = new Map(COMMANDS.flatMap((h) => h.programs.map((p) => [p, h] as const)));
