/**
 * What `docker run` does with the final image: the command it starts (ENTRYPOINT
 * + CMD, through /bin/sh for the shell form, through the node images'
 * docker-entrypoint.sh), whether that program is there and can run (static or
 * finding its loader), what it needs once started (node's modules, npm's
 * package.json and script, CA certificates, nginx's page) and the USER.
 * Messages are Docker's or the program's own; what the simulator cannot see is "unknown".
 */
import { nodeLoadError } from './commands/node';
import { splitShell } from '../dockerfile/shell';
import type { ProjectFacts } from './facts';
import { join, type StageFs } from './fs';
import { unknownUser } from './run';
import type { StageState } from './state';
import type { BuildProblem, FsEntry, Unknown } from './types';

const OCI = 'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process:';

/** Commands every POSIX shell runs itself (`sh -c "echo hi"`): nothing to find on the PATH. */
const SHELL_BUILTINS = new Set(['echo', 'printf', 'cd', 'export', 'set', 'unset', 'test', '[', 'true', 'false', ':', '.', 'exit', 'read', 'pwd', 'trap', 'wait', 'umask', 'eval', 'shift', 'type', 'command']);

/** Where Go's crypto/x509 looks for CA certificates on Linux: these files, then these folders. */
const CA_FILES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/pki/tls/cacert.pem', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', '/etc/ssl/cert.pem'];
const CA_DIRS = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

interface Check {
  st: StageState;
  problems: BuildProblem[];
  unknowns: Unknown[];
  line: number | null;
  where: 'ENTRYPOINT' | 'CMD';
}

function problem(c: Check, p: Omit<BuildProblem, 'line' | 'when' | 'severity'> & { severity?: 'error' | 'warning' }): void {
  c.problems.push({ line: c.line, when: 'run', severity: 'error', ...p });
}

function unsure(c: Check, message: string): void {
  c.unknowns.push({ line: c.line, message });
}

/** The line of the last instruction of that name in the final stage or the stages it is built FROM. */
function lineOf(st: StageState, name: string): number | null {
  const ins = [...st.stage.instructions].reverse().find((i) => i.name === name);
  return ins ? ins.startLine + 1 : null;
}

/**
 * `docker run IMAGE COMMAND…` and `docker run --entrypoint X`: what replaces the image's own
 * command. A COMMAND replaces CMD (exec form); an ENTRYPOINT given replaces the image's and
 * clears its CMD, as Docker does. Either counts as the image's own command.
 */
export interface RunOverride {
  cmd?: string[];
  entrypoint?: string[];
}

export function runtimeChecks(st: StageState, problems: BuildProblem[], unknowns: Unknown[], facts: ProjectFacts, override?: RunOverride): void {
  const c = override && (override.cmd || override.entrypoint) ? overridden(st.config, override) : st.config;
  const userName = c.user.split(':')[0] ?? '';
  if (userName && !/^\d+$/.test(userName) && !st.users.has(userName) && !problems.some((p) => p.code === 'unknown-user')) {
    problems.push(unknownUser(c.user, lineOf(st, 'USER'), 'run', !st.fs.lookup('/etc/passwd')));
  }
  const where = c.entrypoint ? 'ENTRYPOINT' : 'CMD';
  const check: Check = { st, problems, unknowns, line: lineOf(st, 'ENTRYPOINT') ?? lineOf(st, 'CMD'), where };
  if (c.entrypoint) check.line = lineOf(st, 'ENTRYPOINT') ?? lineOf(st, 'CMD');
  else check.line = lineOf(st, 'CMD');
  // A command given on the command line is no line of the Dockerfile (the Dockerfile's ENTRYPOINT still runs it).
  if (c !== st.config) check.line = override?.entrypoint ? null : lineOf(st, 'ENTRYPOINT');
  let argv = [...(c.entrypoint ?? []), ...(c.cmd ?? [])];
  if (argv.length === 0 && !st.image.resolved && st.image.family !== 'scratch') return unsure(check, `Stagecraft does not know the default command of ${st.image.requested}, and the Dockerfile sets none.`);
  if (argv.length === 0) {
    problem(check, {
      code: 'no-command',
      message: 'docker: Error response from daemon: no command specified.',
      explanation: `The image has neither ENTRYPOINT nor CMD${st.image.family === 'scratch' ? ' (scratch sets none)' : ''}, so docker run does not know what to start. Add ENTRYPOINT ["/path/to/program"] or an exec-form CMD.`,
    });
    return;
  }
  // No CMD or ENTRYPOINT of its own: the base image's default (node's prompt, a shell) exits at once without a terminal.
  const own = c !== st.config || (lineOf(st, 'CMD') ?? lineOf(st, 'ENTRYPOINT') ?? ownCommandInChain(st));
  if (!own && !st.image.resolved && st.image.family !== 'scratch') return unsure(check, `Stagecraft does not know the default command of ${st.image.requested}, and the Dockerfile sets none.`);
  if (!own && !(st.image.family === 'nginx')) {
    problem(check, {
      code: 'base-default-command',
      message: `The container runs the base image's default command, ${argv.join(' ')}, and exits at once: nothing starts your program`,
      explanation: 'No CMD or ENTRYPOINT in the Dockerfile, so docker run starts the base image\'s own default (an interactive prompt or a shell), which exits as soon as it finds no terminal. Add a CMD that starts your program, in exec form.',
    });
    return;
  }
  // The node images' entrypoint runs `node "$@"` when the first word is an option, no command it
  // can find, or a file that is not executable (docker-entrypoint.sh in docker-library/node).
  if (argv[0] === 'docker-entrypoint.sh' || argv[0] === '/usr/local/bin/docker-entrypoint.sh') {
    const rest = argv.slice(1);
    if (rest.length === 0) return;
    const first = programPath(st, rest[0]!);
    const runnable = first && first !== 'unknown' && (first.binary || ((first.mode ?? 0) & 0o111) !== 0);
    argv = rest[0]!.startsWith('-') || !first || (first !== 'unknown' && !runnable && rest[0]!.includes('/')) ? ['node', ...rest] : rest;
  }
  if (argv[0] === '/docker-entrypoint.sh') argv = argv.slice(1);
  // The shell form (and an explicit sh -c) runs through /bin/sh: it must exist, then its first command runs.
  if ((argv[0] === '/bin/sh' || argv[0] === 'sh') && argv[1] === '-c') {
    const sh = st.fs.probe('/bin/sh');
    if (sh === 'unknown') return unsure(check, 'Stagecraft cannot tell whether the image has /bin/sh for the shell-form command.');
    if (!sh) {
      problem(check, {
        code: 'no-shell',
        message: `${OCI} exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown.`,
        explanation: `The shell form of ${where} runs its command through /bin/sh, and this image has no shell. Write ${where} in JSON form: ${where} ["/server"].`,
      });
      return;
    }
    const first = splitShell(argv[2] ?? '')[0];
    const words = first ? first.argv.map((w) => w.value).filter((w, i) => !(i === 0 && w === 'exec')) : [];
    // A builtin of the shell (`sh -c "echo hi"`) needs nothing on the PATH.
    if (words.length === 0 || SHELL_BUILTINS.has(words[0]!)) return;
    argv = words;
  }
  if (argv[0] === '/docker-entrypoint.sh') argv = argv.slice(1);
  const program = argv[0] ?? '';
  if (!program) return;
  const found = programPath(st, program);
  if (found === 'unknown') return unsure(check, `Stagecraft cannot tell whether ${program} exists in the image (line ${st.fs.uncertain?.line ?? '?'} ran ${st.fs.uncertain?.what ?? 'something it does not simulate'}).`);
  if (!found) {
    const absolute = program.includes('/');
    problem(check, {
      code: 'missing-executable',
      message: absolute ? `${OCI} exec: "${program}": stat ${program}: no such file or directory: unknown.` : `${OCI} exec: "${program}": executable file not found in $PATH: unknown.`,
      explanation: absolute ? `${where} runs ${program}, but the image has no such file. Check the path you copied it to.` : `${where} runs ${program}, but no folder on the image's PATH has it. It may live only in a build stage.`,
    });
    return;
  }
  if (found.binary?.linkage === 'dynamic' && (st.image.libc === 'none' || st.image.libc !== found.binary.libc)) {
    problem(check, {
      code: 'dynamic-binary-without-libc',
      message: `exec ${found.path}: no such file or directory`,
      explanation: `${found.path} is dynamically linked (built with cgo) and needs ${found.binary.libc}'s loader, which ${st.image.family === 'scratch' ? 'scratch' : st.image.requested} does not have. The file exists, but the kernel cannot find the program that loads it. Build with CGO_ENABLED=0 for a static binary.`,
    });
    return;
  }
  const base = program.slice(program.lastIndexOf('/') + 1);
  if (base === 'node') nodeScript(check, argv.slice(1), c.workdir);
  else if (base === 'npm') npmStart(check, argv.slice(1), c.workdir);
  else if (base === 'nginx') nginxPage(check);
  if (facts.makesHttpsCalls && found.binary && !hasCaCertificates(st.fs)) {
    problem(check, {
      code: 'no-ca-certificates', severity: 'warning',
      message: 'The container starts, but its HTTPS calls fail: tls: failed to verify certificate: x509: certificate signed by unknown authority',
      explanation: `This program calls HTTPS services, and the image has no CA certificates where Go looks (${CA_FILES[0]} or the ${CA_DIRS[0]} folder). Copy them from the build stage.`,
    });
  }
}

/** The image's config with the command `docker run` was given. */
function overridden(config: StageState['config'], o: RunOverride): StageState['config'] {
  const entrypoint = o.entrypoint ? (o.entrypoint.length ? [...o.entrypoint] : null) : config.entrypoint;
  const cmd = o.cmd ? [...o.cmd] : o.entrypoint ? null : config.cmd;
  return {
    ...config,
    entrypoint,
    entrypointShell: o.entrypoint ? false : config.entrypointShell,
    cmd: cmd && cmd.length ? cmd : null,
    cmdShell: o.cmd || o.entrypoint ? false : config.cmdShell,
  };
}

/** A CMD or ENTRYPOINT set by a stage this one is built FROM. */
function ownCommandInChain(st: StageState): number | null {
  return st.ownCommandLine ?? null;
}

/** The program as the runtime finds it: a path, or the first match on the image's PATH. */
function programPath(st: StageState, program: string): FsEntry | 'unknown' | null {
  if (program.includes('/')) {
    const p = st.fs.probe(join(st.config.workdir, program));
    return p === 'dir' ? null : p;
  }
  const path = st.config.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  for (const dir of path.split(':')) {
    const e = st.fs.lookup(`${dir}/${program}`);
    if (e) return e;
  }
  const known = st.image.paths[program];
  const e = known ? st.fs.lookup(known) : null;
  if (e) return e;
  // Programs every image with a userland has (BusyBox on Alpine, coreutils on Debian), and
  // what the full Debian-based language images add (buildpack-deps: curl, git, make, gcc…).
  const userland = st.image.shell && (BASE_UTILITIES.has(program) || (FULL_DEBIAN.test(st.image.family) && BUILDPACK_TOOLS.has(program)) || (st.image.libc === 'glibc' && DEBIAN_TOOLS.has(program)) || (st.image.libc === 'musl' && ALPINE_TOOLS.has(program)));
  if (userland) return { path: `/usr/bin/${program}`, kind: 'file', bytes: 0, files: 1, hash: `userland:${program}`, mode: 0o755 };
  return st.fs.uncertain || !st.image.resolved ? 'unknown' : null;
}

/** POSIX utilities both BusyBox and Debian's coreutils/findutils/grep/sed/tar provide. */
const BASE_UTILITIES = new Set(['sh', 'sleep', 'echo', 'cat', 'ls', 'env', 'true', 'false', 'printf', 'test', '[', 'pwd', 'sort', 'head', 'tail', 'wc', 'grep', 'sed', 'tar', 'gzip', 'id', 'whoami', 'date', 'uname', 'mkdir', 'rm', 'cp', 'mv', 'chmod', 'chown', 'ln', 'touch', 'tee', 'find', 'xargs', 'kill', 'dirname', 'basename', 'hostname', 'cut', 'tr', 'uniq', 'du', 'df', 'stat', 'yes', 'seq', 'expr', 'timeout', 'nohup', 'mktemp', 'readlink', 'realpath', 'md5sum', 'sha256sum']);
/** Debian and Ubuntu (glibc images with a shell). */
const DEBIAN_TOOLS = new Set(['bash', 'dash', 'apt-get', 'apt', 'dpkg', 'perl', 'su', 'login', 'getent']);
/** Alpine. */
const ALPINE_TOOLS = new Set(['ash', 'busybox', 'apk', 'su', 'wget', 'nc', 'vi', 'getent']);
/** node, golang and python (the full tags) are built on buildpack-deps: curl, version control and compilers. */
const FULL_DEBIAN = /^(node|golang|python)$/;
const BUILDPACK_TOOLS = new Set(['curl', 'wget', 'git', 'ssh', 'make', 'gcc', 'g++', 'cc', 'python3', 'ps', 'gpg', 'svn', 'hg', 'patch', 'unzip', 'xz', 'bzip2', 'file']);

function nodeScript(c: Check, args: string[], cwd: string): void {
  const script = args.find((a) => !a.startsWith('-'));
  if (!script || args.some((a) => a === '-e' || a === '--eval')) return;
  const err = nodeLoadError({ ctx: { fs: c.st.fs } as never }, script, cwd);
  if (err === 'unknown') return unsure(c, `Stagecraft cannot tell whether node finds ${script} and its packages (line ${c.st.fs.uncertain?.line ?? '?'} ran ${c.st.fs.uncertain?.what ?? 'something it does not simulate'}).`);
  if (err) problem(c, { code: err.message.includes("Cannot find module '/") ? 'missing-executable' : 'missing-module', message: err.message, explanation: err.explanation });
}

function npmStart(c: Check, args: string[], cwd: string): void {
  const sub = args[0];
  const script = sub === 'start' ? 'start' : sub === 'test' || sub === 't' ? 'test' : sub === 'run' || sub === 'run-script' ? args[1] : undefined;
  if (!script) return;
  const pkgEntry = c.st.fs.probe(`${cwd}/package.json`);
  if (pkgEntry === 'unknown') return unsure(c, `Stagecraft cannot tell whether ${cwd}/package.json exists.`);
  const text = pkgEntry && typeof pkgEntry === 'object' ? pkgEntry.text ?? null : null;
  if (text === null) {
    problem(c, {
      code: 'missing-executable',
      message: `npm error code ENOENT\nnpm error syscall open\nnpm error path ${cwd}/package.json\nnpm error errno -2\nnpm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '${cwd}/package.json'`,
      explanation: `npm ${sub} reads the script from package.json, and the image has no ${cwd}/package.json. Copy it into the runtime stage, or better, start node directly: CMD ["node", "dist/server.js"].`,
    });
    return;
  }
  let scripts: Record<string, unknown> = {};
  try {
    scripts = ((JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {}) as Record<string, unknown>;
  } catch {
    return unsure(c, `${cwd}/package.json is not valid JSON.`);
  }
  let command = typeof scripts[script] === 'string' ? (scripts[script] as string) : undefined;
  if (command === undefined && script === 'start' && c.st.fs.lookup(`${cwd}/server.js`)) command = 'node server.js';
  if (command === undefined) {
    problem(c, { code: 'missing-executable', message: `npm error Missing script: "${script}"\nnpm error\nnpm error To see a list of scripts, run:\nnpm error   npm run`, explanation: `package.json in ${cwd} has no "${script}" script, so npm ${sub} has nothing to run.` });
    return;
  }
  const first = splitShell(command)[0];
  const words = first ? first.argv.map((w) => w.value) : [];
  if (words[0] === 'node') nodeScript(c, words.slice(1), cwd);
  if (!c.problems.some((p) => p.when === 'run' && p.severity === 'error')) {
    problem(c, {
      code: 'npm-start-pid1', severity: 'warning',
      message: `PID 1 is npm, not your server: npm ${sub} starts "${command}" as its child`,
      explanation: 'docker stop sends SIGTERM to PID 1. With npm in between, the signal reaches your server only through npm, shutdown logs can be lost, and npm adds its own memory and start-up time. Start the server directly in exec form: CMD ["node", "dist/server.js"].',
    });
  }
}

function nginxPage(c: Check): void {
  const page = c.st.fs.probe('/usr/share/nginx/html/index.html');
  if (page === 'unknown') return unsure(c, 'Stagecraft cannot tell what nginx serves at / (something it does not simulate ran before).');
  if (page && typeof page === 'object') return;
  problem(c, {
    code: 'nginx-welcome-page',
    message: 'GET / → 200 OK: "Welcome to nginx!" (the image\'s default page, not your app)',
    explanation: 'The container starts, but nginx serves /usr/share/nginx/html, and your index.html is not directly in it. Copy the contents of the build output there: COPY --from=build /app/dist /usr/share/nginx/html.',
  });
}

/** CA certificates are where Go looks: one of its bundle files, or certificate files in its folders. */
export function hasCaCertificates(fs: StageFs): boolean {
  if (CA_FILES.some((f) => fs.lookup(f))) return true;
  return CA_DIRS.some((d) => fs.list(d).some((e) => e.bytes > 0 && /\.(pem|crt)$/.test(e.path)));
}
