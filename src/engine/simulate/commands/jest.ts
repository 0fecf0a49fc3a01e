/** Test runners: jest (and vitest, mocha) find test files, run them, and fail when there are none. */
import { fail, globTest, missing, unknown } from './support';
import { defineCommand, type Call, type Status } from './types';

/** jest's default testMatch: files in __tests__, and *.test.* / *.spec.* files (js, jsx, ts, tsx). */
const TEST_FILE = /(^|\/)__tests__\/.*\.[jt]sx?$|(^|\/)[^/]*\.(test|spec)\.[jt]sx?$|(^|\/)(test|spec)\.[jt]sx?$/;
/** The files jest counts as "checked": module files of the project (moduleFileExtensions), node_modules left out. */
const MODULE_FILE = /\.(js|mjs|cjs|jsx|ts|tsx|json|node)$/;

function testFiles(call: Call, filters: string[]): number {
  const root = call.cwd;
  const tests = call.ctx.fs.list(root).filter((e) => !e.path.includes('/node_modules/') && TEST_FILE.test(e.path));
  if (filters.length === 0) return tests.length;
  const tests2 = filters.map((f) => (/[*?[]/.test(f) ? globTest(f) : (p: string) => p.includes(f)));
  return tests.filter((e) => tests2.some((t) => t(e.path.slice(root.length + 1)))).length;
}

export const jest = defineCommand({
  programs: ['jest', 'vitest', 'mocha'],
  reads: 'the test files (jest: __tests__/ and *.test.* / *.spec.*), the packages they import',
  makes: 'nothing in the image; the tests run (or fail)',
  run(call): Status {
    // Options that take a value (`--preset ts-jest`): the value is not a test path pattern.
    const valued = new Set(['--preset', '--config', '-c', '--testEnvironment', '--reporters', '--maxWorkers', '-w', '--testTimeout', '--rootDir', '--roots', '--coverageDirectory', '--outputFile', '--testNamePattern', '-t', '--dir', '--reporter']);
    const positional = call.words.filter((w, i) => !w.startsWith('-') && w !== 'run' && !valued.has(call.words[i - 1] ?? ''));
    const n = testFiles(call, positional);
    if (n === 0) {
      if (call.words.includes('--passWithNoTests')) return 'ok';
      if (call.program === 'vitest') return missing(call, `${call.cwd}/test`, 'No test files found, exiting with code 1', 'vitest found no test files in the image: copy the tests into this stage before running them.');
      if (call.program !== 'jest') return unknown(call, `${call.program} with no test files Stagecraft can see`);
      const checked = call.ctx.fs.list(call.cwd).filter((e) => e.kind === 'file' && !e.path.includes('/node_modules/') && MODULE_FILE.test(e.path)).length;
      return missing(call, `${call.cwd}/test`, `No tests found, exiting with code 1\nRun with \`--passWithNoTests\` to exit with code 0\nIn ${call.cwd}\n  ${checked} file${checked === 1 ? '' : 's'} checked.\n  testMatch: **/__tests__/**/*.[jt]s?(x), **/?(*.)+(spec|test).[tj]s?(x) - 0 matches`, 'jest found no test files in the image: copy the test folder into this stage before running the tests.');
    }
    if (call.program === 'jest' && tsTests(call) && !transformsTypeScript(call)) {
      return fail(call, ` FAIL  ${tsTests(call)}\n  ● Test suite failed to run\n\n    Jest encountered an unexpected token\n\n    Jest failed to parse a file. This happens e.g. when your code or its dependencies use non-standard JavaScript syntax, or when Jest is not configured to support such syntax.\n\n    SyntaxError: Cannot use import statement outside a module`, 'The tests are TypeScript, and jest runs them through Babel unless it is told otherwise: give it a TypeScript transform ("jest": { "preset": "ts-jest" } in package.json, a jest.config file, or --preset=ts-jest).');
    }
    call.result.activities.push({ kind: 'tests', tool: call.program, files: n });
    call.result.output.push(`Test Suites: ${n} passed, ${n} total`);
    call.result.seconds += 4;
    return 'ok';
  },
});


/** The first TypeScript test file jest would run, relative to the project, or ''. */
function tsTests(call: Call): string {
  const e = call.ctx.fs.list(call.cwd).find((x) => !x.path.includes('/node_modules/') && TEST_FILE.test(x.path) && /\.tsx?$/.test(x.path));
  return e ? e.path.slice(call.cwd.length + 1) : '';
}

/** jest is configured to compile TypeScript: a ts-jest preset or transform, a config file, or a Babel config it would use. */
function transformsTypeScript(call: Call): boolean {
  const { words, ctx, cwd } = call;
  const preset = words.find((w, i) => w.startsWith('--preset=') || words[i - 1] === '--preset');
  if (preset && /ts-jest/.test(preset)) return true;
  for (const f of ['jest.config.js', 'jest.config.cjs', 'jest.config.mjs', 'jest.config.ts', 'jest.config.json', 'babel.config.js', 'babel.config.json', '.babelrc']) {
    if (ctx.fs.lookup(`${cwd}/${f}`)) return true;
  }
  try {
    const pkg = JSON.parse(ctx.fs.lookup(`${cwd}/package.json`)?.text ?? '{}') as { jest?: { preset?: unknown; transform?: unknown } };
    return !!pkg.jest && (/ts-jest/.test(String(pkg.jest.preset ?? '')) || (typeof pkg.jest.transform === 'object' && JSON.stringify(pkg.jest.transform).includes('ts')));
  } catch {
    return false;
  }
}
