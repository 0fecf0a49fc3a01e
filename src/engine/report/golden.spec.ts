/**
 * Golden files: what a learner reads after each of these builds, compared
 * byte for byte. To rewrite them after an intended change:
 *
 *   UPDATE_GOLDEN=1 npx vitest run src/engine/report/golden.spec.ts
 *
 * and read the diff: it must still look like what Docker prints.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLog, diveSummary, historyTable, imageRow, imagesTable } from './index';
import { GOLDEN, build } from './spec-fixtures';

const DIR = new URL('./__golden__/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function transcript(text: string): string {
  const r = build(text);
  const row = imageRow(r, { tag: 'app' });
  return [
    '$ cat Dockerfile',
    text.replace(/\n$/, ''),
    '',
    '$ docker build --progress=plain -t app .',
    buildLog(r, { dockerfile: text, tag: 'app' }),
    '$ docker images app',
    imagesTable(row ? [row] : []),
    '$ docker history app',
    historyTable(r, { tag: 'app' }),
    '$ dive app',
    diveSummary(r, { name: 'app:latest' }),
    // What `docker run` would hit, when the build made an image (the message is the simulator's).
    ...(row ? r.problems.filter((p) => p.when === 'run').slice(0, 1).flatMap((p) => ['$ docker run --rm app', `${p.message}\n`]) : []),
  ].join('\n');
}

describe('golden output', () => {
  for (const [name, text] of Object.entries(GOLDEN)) {
    it(name, () => {
      const file = new URL(`${name}.txt`, DIR);
      const actual = transcript(text);
      if (UPDATE) {
        mkdirSync(DIR, { recursive: true });
        writeFileSync(file, actual);
      }
      expect(existsSync(file), `${name}.txt is missing: run with UPDATE_GOLDEN=1 to write it`).toBe(true);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  }
});
