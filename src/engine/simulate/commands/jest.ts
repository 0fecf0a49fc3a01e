/** Test runners: jest (and vitest, mocha) find test files, run them, and fail when there are none. */
import { globTest, missing, unknown } from './support';
import { defineCommand, type Call, type Status } from './types';

/** jest's default testMatch: files in __tests__, and *.test.* / *.spec.* files (js, jsx, ts, tsx). */
const TEST_FILE = /(^|\/)__tests__\/.*\.[jt]sx?$|(^|\/)[^/]*[.-](test|spec)\.[jt]sx?$|(^|\/)(test|spec)\.[jt]sx?$/;

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
    const positional = call.words.filter((w) => !w.startsWith('-') && w !== 'run');
    const n = testFiles(call, positional);
    if (n === 0) {
      if (call.words.includes('--passWithNoTests')) return 'ok';
      if (call.program !== 'jest') return unknown(call, `${call.program} with no test files Stagecraft can see`);
      return missing(call, `${call.cwd}/test`, `No tests found, exiting with code 1\nRun with \`--passWithNoTests\` to exit with code 0\nIn ${call.cwd}\n  ${call.ctx.fs.list(call.cwd).length} files checked.\n  testMatch: **/__tests__/**/*.[jt]s?(x), **/?(*.)+(spec|test).[tj]s?(x) - 0 matches`, 'jest found no test files in the image: copy the test folder into this stage before running the tests.');
    }
    call.result.activities.push({ kind: 'tests', tool: call.program, files: n });
    call.result.output.push(`Test Suites: ${n} passed, ${n} total`);
    call.result.seconds += 4;
    return 'ok';
  },
});

