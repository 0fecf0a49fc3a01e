/** `node FILE` in a RUN: the script must exist and find the packages it loads. */
import { dirname, join } from '../fs';
import { importedPackages, nodeModulesDirs } from './js-sources';
import { fail, unknown } from './support';
import { defineCommand, type Call, type Status } from './types';

/**
 * Node's module resolution, as far as the image shows it: the file (or FILE.js,
 * FILE/index.js) and, for every package it requires, a node_modules folder on
 * the way up. Returns Node's own error text, or null when it would load.
 */
export function nodeLoadError(call: Pick<Call, 'ctx'>, script: string, cwd: string): { message: string; explanation: string; path: string } | 'unknown' | null {
  const { fs } = call.ctx;
  const path = join(cwd, script);
  const file = [path, `${path}.js`, `${path}/index.js`].map((p) => fs.lookup(p)).find((e) => e && e.kind !== 'dir');
  if (!file) {
    if (fs.uncertain) return 'unknown';
    return {
      path,
      message: `node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module '${path}'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15) {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}`,
      explanation: `node is asked to run ${script}, and the image has no ${path}. A build output may have stayed in the build stage: copy it with COPY --from.`,
    };
  }
  // A compiled file knows what its sources imported; a script copied as text is read.
  for (const pkg of file.requires ?? (file.text !== undefined && /\.[cm]?js$/.test(file.path) ? importedPackages(file.text) : [])) {
    if (nodeModulesDirs(dirname(file.path)).some((d) => fs.exists(`${d}/${pkg}`))) continue;
    if (fs.uncertain) return 'unknown';
    return {
      path: `${dirname(file.path)}/node_modules/${pkg}`,
      message: `node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module '${pkg}'\nRequire stack:\n- ${file.path}\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15) {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: [ '${file.path}' ]\n}`,
      explanation: `${file.path} requires ${pkg}, and no node_modules folder Node searches from ${dirname(file.path)} has it. Copy node_modules (production dependencies) into the image.`,
    };
  }
  return null;
}

export const node = defineCommand({
  programs: ['node'],
  reads: 'the script and the packages it requires (node_modules on the way up)',
  makes: 'whatever the script writes: not modelled',
  run(call): Status {
    const flags = new Set(['-e', '--eval', '-p', '--print', '-v', '--version', '-h', '--help']);
    if (call.words.length === 0 || call.words.some((w) => flags.has(w))) return call.words.some((w) => w === '-e' || w === '--eval' || w === '-p' || w === '--print') ? unknown(call, `node ${call.words.join(' ')}`) : 'ok';
    const script = call.words.find((w) => !w.startsWith('-'));
    if (!script) return 'ok';
    const problem = nodeLoadError(call, script, call.cwd);
    if (problem === 'unknown') return unknown(call, `node ${script}`);
    if (problem) return fail(call, problem.message, problem.explanation);
    return unknown(call, `node ${call.words.join(' ')} (what the script does is not simulated)`);
  },
});
