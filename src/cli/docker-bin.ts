/**
 * The `docker` (and `dive`) command on Node: what the WebContainer terminal runs, as
 * one bundled script (`/webcontainer/docker.mjs`, built by
 * src/integrations/docker-script.mjs). Everything that touches the real machine is
 * here — argv, the working folder, the environment, the state file, the exit
 * status; src/commands/docker-main.ts does the rest over a Workspace.
 *
 * - The project root (what the Workspace covers, and the context paths are
 *   relative to): `$STAGECRAFT_ROOT`, else the nearest folder from the working
 *   folder up that holds a `stagecraft.project.json`, else the working folder.
 * - The state (images, step cache): `$STAGECRAFT_STATE`, else
 *   `~/.stagecraft/images.json` — outside the project; if it is put inside, it
 *   (or its `.stagecraft` folder) is left out of the Workspace, so it never
 *   enters a build context.
 * - The program is named by how it was called: a file named `dive` runs `dive`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { main, type DockerState } from '../commands/docker-main';
import { nodeWorkspace } from './node-workspace';

/** The folder the Workspace covers, for a working folder and an environment. */
export function projectRoot(cwd: string, env: NodeJS.ProcessEnv): string {
  if (env.STAGECRAFT_ROOT) {
    const root = resolve(cwd, env.STAGECRAFT_ROOT);
    const rel = relative(root, cwd);
    // A working folder outside the configured root: the working folder it is.
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return root;
    return cwd;
  }
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'stagecraft.project.json'))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

/** The state as a file: written whole to a temporary file and renamed, so a reader never sees half of it. */
export function fileState(file: string): DockerState {
  return {
    name: file,
    load() {
      try {
        if (!statSync(file).isFile()) throw new Error('it is not a file');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      return readFileSync(file, 'utf8');
    },
    save(text) {
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, text);
      renameSync(temp, file);
    },
    setAside() {
      const to = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, to);
      return to;
    },
  };
}

async function run(): Promise<number> {
  // `docker images | head`: the reader went away. Stop quietly, as command-line tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  const called = basename(process.argv[1] ?? 'docker').replace(/\.(?:[cm]?js|ts)$/, '');
  const program = called === 'dive' ? 'dive' : 'docker';
  const cwd = process.cwd();
  const root = projectRoot(cwd, process.env);
  const stateFile = process.env.STAGECRAFT_STATE ? resolve(cwd, process.env.STAGECRAFT_STATE) : join(homedir(), '.stagecraft', 'images.json');
  const rel = relative(root, cwd).split(sep).join('/');
  // A state kept inside the project (STAGECRAFT_STATE pointing there) stays out of its contexts.
  const inside = (path: string) => {
    const r = relative(root, path);
    return r !== '' && !r.startsWith('..') && !isAbsolute(r) ? r.split(sep).join('/') : null;
  };
  const hide = (basename(dirname(stateFile)) === '.stagecraft' ? inside(dirname(stateFile)) : null) ?? inside(stateFile) ?? undefined;
  return main(
    process.argv.slice(2),
    { stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s), cwd: rel },
    { workspace: nodeWorkspace(root), state: fileState(stateFile), program, project: root, ...(hide ? { hide } : {}) },
  );
}

run().then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    // Never a stack trace: one line that says what happened.
    process.stderr.write(`docker: internal error: ${e instanceof Error ? e.message : String(e)} (please report it, with the command you ran)\n`);
    process.exitCode = 1;
  },
);
