/**
 * Test runners (jest 29, vitest): they find test files by their default
 * patterns, run them (nothing goes into the image) and fail when there are none.
 */
import { describe, expect, it } from 'vitest';
import { lockfile, node, packageJson, type Project } from './spec-helpers';

const jestProject = (files: Record<string, string | null>, test = 'jest'): Project => ({
  only: true,
  files: { 'package.json': packageJson({ scripts: { test }, devDependencies: { jest: '^29.7.0' } }), 'package-lock.json': lockfile({ jest: '29.7.0!' }), 'src/sum.js': 'module.exports = (a, b) => a + b;\n', ...files },
});
/** package*.json, npm ci, then `copy`, then `run`. */
const jest = (copy: string, files: Record<string, string | null> = {}, run = 'npm test', test?: string) => node(`COPY package*.json ./\nRUN npm ci\n${copy}\nRUN ${run}`, jestProject(files, test));

/** A test file jest runs as it is (plain JavaScript, jest's globals). */
const T = "test('adds', () => expect(1 + 2).toBe(3));\n";
const NO_TESTS = 'No tests found, exiting with code 1\nRun with `--passWithNoTests` to exit with code 0\nIn /app\n';
const TEST_MATCH = '  testMatch: **/__tests__/**/*.[jt]s?(x), **/?(*.)+(spec|test).[tj]s?(x) - 0 matches';

describe('jest', () => {
  it('finds *.test.* and *.spec.* files, runs them, and adds nothing to the image', () => expect(jest('COPY . .', { 'src/sum.test.js': T, 'test/api.spec.js': T })).toMatchObject({ status: 'ok', bytes: 0, activities: [{ kind: 'tests', tool: 'jest', files: 2 }] }));
  it('TypeScript tests with an import and no TypeScript transform: Jest cannot parse them', () => expect(jest('COPY . .', { 'test/sum.test.ts': "import { sum } from '../src/sum';\ntest('adds', () => expect(sum(1, 2)).toBe(3));\n" }).message).toMatch(/Jest encountered an unexpected token[\s\S]*SyntaxError: Cannot use import statement outside a module/));
  it('finds files in __tests__/', () => expect(jest('COPY . .', { 'src/__tests__/sum.js': T }).activities).toEqual([{ kind: 'tests', tool: 'jest', files: 1 }]));
  it('does not count test files inside node_modules', () => expect(jest('COPY . .', { 'src/sum.test.js': T, 'node_modules/dep/index.test.js': T }).activities).toEqual([{ kind: 'tests', tool: 'jest', files: 1 }]));
  it('with the tests not copied into the image: No tests found, exit 1', () => expect(jest('COPY src ./src', { 'test/sum.test.js': T })).toMatchObject({ status: 'failed', message: expect.stringMatching(new RegExp(`^${NO_TESTS.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}`)) }));
  it('No tests found lists the default testMatch with 0 matches', () => expect(jest('COPY src ./src', { 'test/sum.test.js': T }).message).toContain(TEST_MATCH));
  it('counts the files it checked as jest does: project files with a module extension, node_modules left out', () => expect(jest('COPY src ./src', { 'test/sum.test.js': T }).message).toContain('In /app\n  3 files checked.\n'));
  it('a name like sum-test.js is not a test file for jest', () => expect(jest('COPY . .', { 'src/sum-test.js': T }).status).toBe('failed'));
  it('--passWithNoTests in the script exits 0', () => expect(jest('COPY src ./src', {}, 'npm test', 'jest --passWithNoTests').status).toBe('ok'));
  it('npm test -- --passWithNoTests passes the flag to jest', () => expect(jest('COPY src ./src', {}, 'npm test -- --passWithNoTests').status).toBe('ok'));
  it('without node_modules, dash cannot find jest', () => expect(node('COPY . .\nRUN npm test', jestProject({ 'src/sum.test.js': T })).message).toMatch(/^sh: 1: jest: not found\n/));
});

describe('vitest', () => {
  const vitest = (files: Record<string, string | null>) => node('COPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm test', { only: true, files: { 'package.json': packageJson({ scripts: { test: 'vitest run' }, devDependencies: { vitest: '^3.0.0' } }), 'package-lock.json': lockfile({ vitest: '3.0.0!' }), ...files } });
  it('finds *.test.ts files and runs them', () => expect(vitest({ 'src/sum.test.ts': "import { expect, test } from 'vitest';\ntest('adds', () => expect(1 + 2).toBe(3));\n" }).activities).toEqual([{ kind: 'tests', tool: 'vitest', files: 1 }]));
  it('with no test files: No test files found, exit 1', () => expect(vitest({ 'src/sum.ts': 'export {}' })).toMatchObject({ status: 'failed', message: expect.stringContaining('No test files found, exiting with code 1') }));
});
