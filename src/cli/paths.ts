import { fileURLToPath } from 'node:url';

/** The repository (package) root, where content/ lives. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
