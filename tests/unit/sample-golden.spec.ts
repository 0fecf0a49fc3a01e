/**
 * Golden transcripts of `stagecraft build` on the sample projects: the log,
 * docker images, docker history and the dive summary, as a learner reads them.
 * Review changes to tests/golden/ like code; UPDATE_GOLDEN=1 rewrites them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { REPO_ROOT } from '../../src/cli/paths';

const cases: Array<[name: string, dockerfile: string, project: string]> = [
  ['node-naive', 'content/lessons/01-why-images-are-huge/start/Dockerfile', 'node-express-ts'],
  ['node-one-stage-alpine', 'content/lessons/01-why-images-are-huge/solution/Dockerfile', 'node-express-ts'],
  ['node-two-stage', 'content/lessons/02-stages/solution/Dockerfile', 'node-express-ts'],
  ['go-scratch', 'tests/fixtures/go-scratch.Dockerfile', 'go-http'],
  ['go-cgo-scratch', 'tests/fixtures/go-cgo-scratch.Dockerfile', 'go-http'],
];

async function transcript(dockerfile: string, project: string): Promise<string> {
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), cwd: REPO_ROOT };
  await main(['build', dockerfile, '--context', join('content/projects', project)], io);
  return out;
}

describe('golden build transcripts of the sample projects', () => {
  for (const [name, dockerfile, project] of cases) {
    it(name, async () => {
      const text = `$ stagecraft build ${dockerfile} --context content/projects/${project}\n${await transcript(dockerfile, project)}`;
      const golden = join(REPO_ROOT, 'tests/golden', `${name}.txt`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
      expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1 to write it, then review it`).toBe(true);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
