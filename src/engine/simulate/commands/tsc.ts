/**
 * tsc, the TypeScript compiler: reads tsconfig.json (found with -p or upwards
 * from the working folder) and the sources its `include` names, needs every
 * imported package (or its @types) in node_modules, and writes one .js per
 * source into outDir unless noEmit. Errors are tsc's own: TS5058, TS18003, TS2307.
 */
import { dirname, join } from '../fs';
import { hashParts } from '../hash';
import type { FsEntry } from '../types';
import { importedPackages, nodeModulesDirs, parseJsonc } from './js-sources';
import { add, fail, missing, readText, unknown, RATIO } from './support';
import { defineCommand, type Call, type Status } from './types';

const SOURCE = /\.(ts|tsx|mts|cts)$/;

function option(words: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    for (const n of names) {
      if (w === n) return words[i + 1];
      if (w.startsWith(`${n}=`)) return w.slice(n.length + 1);
    }
  }
  return undefined;
}

/** The fixed folder an include pattern starts with: `src/**\/*.ts` → src. */
function includeRoot(configDir: string, pattern: string): { dir: string; exact: string | null } {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const p of parts) {
    if (/[*?]/.test(p)) break;
    fixed.push(p);
  }
  const path = join(configDir, fixed.join('/'));
  return { dir: path, exact: fixed.length === parts.length && SOURCE.test(pattern) ? path : null };
}

function relativeTo(root: string, path: string): string {
  return root === '/' ? path.slice(1) : path.slice(root.length + 1);
}

export const tsc = defineCommand({
  programs: ['tsc'],
  reads: 'tsconfig.json (-p, or found upwards), the sources its include names, node_modules for the packages they import',
  makes: 'one .js per source in outDir (none with noEmit); measured sizes where the project records them',
  run(call: Call): Status {
    const { ctx, words } = call;
    const project = option(words, '-p', '--project', '-b', '--build');
    const files = words.filter((w, i) => !w.startsWith('-') && !['-p', '--project', '-b', '--build', '--outDir', '--target', '--module', '--rootDir'].includes(words[i - 1] ?? ''));
    let configPath: string | null = null;
    if (project !== undefined) {
      const p = join(call.cwd, project);
      const e = ctx.fs.lookup(p);
      const isDir = (e && e.kind !== 'file') || (!e && ctx.fs.exists(p));
      configPath = isDir ? `${p}/tsconfig.json` : p;
      if (!ctx.fs.lookup(configPath)) {
        if (isDir) return missing(call, configPath, `error TS5057: Cannot find a tsconfig.json file at the specified directory: '${project}'.\n`, `tsc -p ${project} looks for ${configPath}, which was not copied into the image (COPY tsconfig.json ./).`);
        return missing(call, configPath, `error TS5058: The specified path does not exist: '${project}'.`, `tsc -p ${project} needs ${configPath}, which was not copied into the image (COPY tsconfig.json ./).`);
      }
    } else if (files.length === 0) {
      for (let d = call.cwd; ; d = dirname(d)) {
        if (ctx.fs.lookup(join(d, 'tsconfig.json'))) {
          configPath = join(d, 'tsconfig.json');
          break;
        }
        if (d === '/') break;
      }
      if (!configPath) {
        const version = typescriptVersion(call);
        return missing(call, `${call.cwd}/tsconfig.json`, `Version ${version}\ntsc: The TypeScript Compiler - Version ${version}\n\nCOMMON COMMANDS\n\n  tsc\n  Compiles the current project (tsconfig.json in the working directory.)`, `tsc without arguments compiles the project described by tsconfig.json, and ${call.cwd} has none: copy tsconfig.json into the image first.`);
      }
    }
    let options: Record<string, unknown> = {};
    let include: string[] = ['**/*'];
    let exclude: string[] | null = null;
    const configDir = configPath ? dirname(configPath) : call.cwd;
    if (configPath) {
      const text = readText(ctx, configPath);
      const config = text === null ? null : parseJsonc(text);
      if (!config) return unknown(call, `tsc: ${configPath} could not be read as JSON`);
      if (typeof config.extends === 'string' && !config.extends.startsWith('.')) call.result.notes.push(`tsc: ${configPath} extends ${config.extends}; its options are not read`);
      options = (config.compilerOptions as Record<string, unknown>) ?? {};
      const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);
      const filesList = list(config.files);
      include = list(config.include) ?? (filesList ? [] : ['**/*']);
      if (filesList) include.push(...filesList);
      exclude = list(config.exclude);
    } else include = files;
    const noImplicitAny = options.noImplicitAny === true || (options.strict === true && options.noImplicitAny !== false);
    const outDir = typeof options.outDir === 'string' ? join(configDir, options.outDir) : (option(words, '--outDir') ? join(call.cwd, option(words, '--outDir')!) : null);
    const excluded = (p: string) => p.includes('/node_modules/') || (outDir !== null && (p === outDir || p.startsWith(`${outDir}/`)));
    const inputs = new Map<string, FsEntry>();
    for (const pattern of include) {
      const { dir, exact } = includeRoot(configDir, pattern);
      for (const e of ctx.fs.list(exact ?? dir)) if (SOURCE.test(e.path) && !excluded(e.path) && e.kind === 'file') inputs.set(e.path, e);
    }
    if (inputs.size === 0) {
      const shownExclude = exclude ?? (typeof options.outDir === 'string' ? [options.outDir] : []);
      return missing(
        call, `${configDir}/${include[0] ?? 'src'}`,
        `error TS18003: No inputs were found in config file '${configPath ?? `${call.cwd}/tsconfig.json`}'. Specified 'include' paths were '${JSON.stringify(include)}' and 'exclude' paths were '${JSON.stringify(shownExclude)}'.`,
        `tsconfig.json includes ${include.join(', ')}, and the image has no TypeScript files there yet: copy the sources in (COPY src ./src) before building.`,
      );
    }
    // Every package a source imports must be installed (or have @types) where Node's resolution finds it.
    for (const [path, e] of inputs) {
      for (const pkg of importedPackages(e.text ?? '')) {
        const typesName = `@types/${pkg.replace('@', '').replace('/', '__')}`;
        const dirs = nodeModulesDirs(dirname(path));
        const installed = dirs.some((d) => ctx.fs.exists(`${d}/${pkg}`));
        const typed = dirs.some((d) => ctx.fs.exists(`${d}/${typesName}`));
        if (installed && !typed && noImplicitAny && NEEDS_TYPES.has(pkg)) {
          const at = locate(e.text ?? '', pkg);
          return fail(call, `${relativeTo(configDir, path)}(${at.line},${at.col}): error TS7016: Could not find a declaration file for module '${pkg}'. '${dirs.find((d) => ctx.fs.exists(`${d}/${pkg}`))}/${pkg}/index.js' implicitly has an 'any' type.\n  Try \`npm i --save-dev ${typesName}\` if it exists or add a new declaration (.d.ts) file containing \`declare module '${pkg}';\``, `${pkg} ships no TypeScript types, and strict mode needs them: install ${typesName} (a devDependency) with the other packages.`);
        }
        if (installed || typed) continue;
        const { line, col } = locate(e.text ?? '', pkg);
        return missing(call, `${call.cwd}/node_modules/${pkg}`, `${relativeTo(configDir, path)}(${line},${col}): error TS2307: Cannot find module '${pkg}' or its corresponding type declarations.`, `${relativeTo(configDir, path)} imports ${pkg}, which is not installed in node_modules here: run npm ci before the build.`);
      }
    }
    if (options.noEmit === true || words.includes('--noEmit')) return 'ok';
    const root = typeof options.rootDir === 'string' ? join(configDir, options.rootDir) : commonDir([...inputs.keys()].filter((p) => !p.endsWith('.d.ts')));
    for (const [path, e] of inputs) {
      if (path.endsWith('.d.ts')) continue;
      const rel = relativeTo(root, path).replace(/\.(ts|tsx)$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs');
      const out = outDir ? join(outDir, rel) : join(dirname(path), rel.slice(rel.lastIndexOf('/') + 1));
      const measured = ctx.facts.buildOutputs?.[relativeTo(call.cwd, out)] ?? ctx.facts.buildOutputs?.[relativeTo(configDir, out)];
      add(ctx, {
        path: out, kind: 'file', bytes: measured?.bytes ?? e.bytes, files: 1, hash: hashParts('tsc', out, e.hash), compressRatio: RATIO.text,
        requires: importedPackages(e.text ?? ''), estimated: !measured, category: 'build-output',
        source: measured?.source ?? 'estimate: about the size of its TypeScript source',
      });
    }
    call.result.seconds += 4;
    return 'ok';
  },
});

function commonDir(paths: string[]): string {
  if (paths.length === 0) return '/';
  let dir = dirname(paths[0]!);
  for (const p of paths) while (dir !== '/' && !p.startsWith(`${dir}/`)) dir = dirname(dir);
  return dir;
}

/** Where a module specifier stands in a source: 1-based line and column of its opening quote. */
function locate(text: string, pkg: string): { line: number; col: number } {
  const single = text.indexOf(`'${pkg}`);
  const at = single >= 0 ? single : text.indexOf(`"${pkg}`);
  const before = text.slice(0, Math.max(0, at));
  return { line: before.split('\n').length, col: at - before.lastIndexOf('\n') };
}

/** Popular packages that ship no TypeScript types of their own (their types live in @types/…). */
const NEEDS_TYPES = new Set(['express', 'lodash', 'cors', 'body-parser', 'morgan', 'jsonwebtoken', 'supertest', 'compression', 'cookie-parser', 'multer', 'uuid', 'pg', 'ws', 'node-fetch', 'mime', 'debug']);

/** The TypeScript version the project's lockfile installs (what `tsc -v` prints). */
function typescriptVersion(call: Call): string {
  const lock = readText(call.ctx, `${call.cwd}/package-lock.json`);
  try {
    const v = (JSON.parse(lock ?? '{}') as { packages?: Record<string, { version?: string }> }).packages?.['node_modules/typescript']?.version;
    return v ?? '5';
  } catch {
    return '5';
  }
}
