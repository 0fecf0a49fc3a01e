/**
 * Golden transcripts of `stagecraft build` on the sample projects: the log,
 * docker images, docker history and the dive summary, as a learner reads them;
 * and of `stagecraft suggest` on the seed's single-stage Node and Go Dockerfiles
 * (every figure in them a simulated build of the edited file).
 *
 * Each case is compared byte for byte with tests/golden/<name>.txt. A golden that
 * is missing fails (it is never written on the fly), and so does a file in
 * tests/golden/ that no case reads. To create or rewrite them on purpose:
 *
 *   UPDATE_GOLDEN=1 npx vitest run tests/unit/sample-golden.spec.ts
 *
 * then review `git diff tests/golden/` like code and commit the files with the change.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { REPO_ROOT } from '../../src/cli/paths';

const UPDATE = 'UPDATE_GOLDEN=1 npx vitest run tests/unit/sample-golden.spec.ts';
const goldenDir = join(REPO_ROOT, 'tests/golden');

const cases: Array<[name: string, dockerfile: string, project: string]> = [
  ['node-naive', 'content/lessons/01-why-images-are-huge/start/Dockerfile', 'node-express-ts'],
  ['node-one-stage-alpine', 'content/lessons/01-why-images-are-huge/solution/Dockerfile', 'node-express-ts'],
  ['node-two-stage', 'content/lessons/02-stages/solution/Dockerfile', 'node-express-ts'],
  ['go-scratch', 'tests/fixtures/go-scratch.Dockerfile', 'go-http'],
  ['go-cgo-scratch', 'tests/fixtures/go-cgo-scratch.Dockerfile', 'go-http'],
];

const suggestCases: Array<[name: string, dockerfile: string, project: string]> = [
  ['suggest-node-naive', 'content/lessons/01-why-images-are-huge/start/Dockerfile', 'node-express-ts'],
  ['suggest-go-single-stage', 'content/lessons/05-go-scratch/examples/single-stage.Dockerfile', 'go-http'],
];

async function transcript(dockerfile: string, project: string, command = 'build'): Promise<string> {
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), cwd: REPO_ROOT };
  const code = await main([command, dockerfile, '--context', join('content/projects', project)], io);
  return command === 'build' ? out : `${out}(exit ${code})\n`;
}

function compare(name: string, text: string): void {
  const golden = join(goldenDir, `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
  expect(existsSync(golden), `tests/golden/${name}.txt is missing: create it with ${UPDATE}, then review and commit it`).toBe(true);
  expect(text, `the transcript differs from tests/golden/${name}.txt; if the change is intended, rewrite it with ${UPDATE} and review the diff`).toBe(readFileSync(golden, 'utf8'));
}

describe('golden build transcripts of the sample projects', () => {
  for (const [name, dockerfile, project] of cases) {
    it(name, async () => {
      compare(name, `$ stagecraft build ${dockerfile} --context content/projects/${project}\n${await transcript(dockerfile, project)}`);
    });
  }

  for (const [name, dockerfile, project] of suggestCases) {
    it(name, async () => {
      compare(name, `$ stagecraft suggest ${dockerfile} --context content/projects/${project}\n${await transcript(dockerfile, project, 'suggest')}`);
    });
  }

  it('has no golden file that no case reads', () => {
    const names = new Set([...cases, ...suggestCases].map(([name]) => `${name}.txt`));
    expect(readdirSync(goldenDir).filter((f) => !names.has(f)), 'delete these from tests/golden/, or add their cases back').toEqual([]);
  });
});
