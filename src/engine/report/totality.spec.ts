import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../simulate/types';
import { buildLog, buildLogEvents, diveSummary, historyRows, historyTable, imageRow, imagesTable, summary } from './index';
import { build } from './spec-fixtures';

const all = (r: BuildResult) => {
  buildLog(r);
  buildLog(r, { dockerfile: 'FROM a\n', tag: 'x' });
  buildLogEvents(r);
  historyTable(r);
  historyTable(r, { noTrunc: true });
  historyRows(r);
  const row = imageRow(r);
  imagesTable(row ? [row] : []);
  diveSummary(r);
  summary(r);
};

describe('the formatters never throw', () => {
  it('on odd Dockerfiles', () => {
    for (const text of ['', 'FROM', 'FROM a AS x\nCOPY --from=x /a /b', 'FROM a AS x\nCOPY --from=y /a /b\nFROM b AS y\nCOPY --from=x /a /b', 'COPY a b', 'FROM ${X}\nRUN ["a"]', 'FROM node:20\nCOPY --from=$X /a /b', 'FROM scratch\nRUN echo hi', 'FROM example.com/team/tool:1.2\nRUN x', 'FROM alpine:3.20\nONBUILD RUN x\nHEALTHCHECK CMD true\nSTOPSIGNAL SIGINT\nSHELL ["/bin/ash", "-c"]\nMAINTAINER me\nRUN <<EOF\necho a\nEOF\nCOPY <<EOF /x\nhi\nEOF\n']) {
      expect(() => all(build(text))).not.toThrow();
    }
  });

  it('on empty or partial results', () => {
    const empty = build('');
    expect(() => all(empty)).not.toThrow();
    expect(() => all({} as BuildResult)).not.toThrow();
    expect(() => all({ ...build('FROM alpine:3.20\nRUN x'), stages: [] } as BuildResult)).not.toThrow();
    expect(() => all({ ...build('FROM alpine:3.20\nRUN x'), steps: [{ label: 'weird' }] } as unknown as BuildResult)).not.toThrow();
    expect(() => all({ ...build('FROM alpine:3.20\nRUN x'), image: { layers: [{}] } } as unknown as BuildResult)).not.toThrow();
    expect(() => all({ ...build('FROM alpine:3.20\nRUN x'), problems: [{ code: 'missing-source', when: 'build', line: 99, message: 'x' }] } as unknown as BuildResult)).not.toThrow();
  });

  it('an empty Dockerfile gives a log that ends plainly', () => {
    expect(buildLog(build('')).split('\n')[0]).toMatch(/^# Stagecraft/);
  });
});
