/**
 * Lesson text that quotes Stagecraft's output by hand (console blocks) must
 * match what the CLI prints today.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContextDir } from '../../src/cli/context-fs';
import { main } from '../../src/cli/main';
import { REPO_ROOT } from '../../src/cli/paths';
import { checkExercise, prepareContext } from '../../src/engine/index';

async function run(args: string[], cwd: string): Promise<string> {
  let out = '';
  await main(args, { stdout: (s) => void (out += s), stderr: (s) => void (out += s), cwd });
  return out;
}

/** The `$ stagecraft …` blocks of a lesson: the command and the lines printed under it. */
function transcripts(mdx: string): Array<{ args: string[]; lines: string[] }> {
  const out: Array<{ args: string[]; lines: string[] }> = [];
  for (const block of mdx.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current: { args: string[]; lines: string[] } | null = null;
    for (const line of block[1]!.split('\n')) {
      const cmd = /^\$ (?:npx )?stagecraft (.*)$/.exec(line);
      if (cmd) {
        current = { args: cmd[1]!.split(/\s+/), lines: [] };
        out.push(current);
      } else if (line.startsWith('$')) current = null;
      else if (current && line.trim()) current.lines.push(line);
    }
  }
  return out;
}

describe('hand-typed stagecraft output in lessons', () => {
  it('lesson 3: the checker output for a self-copy and a cycle', async () => {
    const folder = join(REPO_ROOT, 'content/lessons/03-copy-from');
    const blocks = transcripts(readFileSync(join(folder, 'index.mdx'), 'utf8'));
    expect(blocks.length).toBe(2);
    for (const { args, lines } of blocks) {
      const actual = await run(args, folder);
      for (const line of lines) expect(actual.split('\n')).toContain(line);
    }
  });

  it('lesson 6: CopyIgnoredFile on a .dockerignore that ignores the lockfile', () => {
    const folder = join(REPO_ROOT, 'content/lessons/06-dockerignore');
    const [block] = transcripts(readFileSync(join(folder, 'index.mdx'), 'utf8'));
    expect(block?.args).toEqual(['check', 'Dockerfile', '--context', '.']);
    const loaded = readContextDir(join(REPO_ROOT, 'content/projects/node-express-ts'));
    if ('error' in loaded) throw new Error(loaded.error);
    const ctx = prepareContext(loaded.context.tree.entries, null, readFileSync(join(folder, 'examples/lockfile.dockerignore'), 'utf8'));
    const { diagnostics } = checkExercise(readFileSync(join(folder, 'start/Dockerfile'), 'utf8'), ctx);
    const printed = diagnostics.map((d) => `Dockerfile:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} [${d.refs.join(', ')}] (${d.rule})`);
    for (const line of block!.lines) expect(printed).toContain(line);
  });
});
