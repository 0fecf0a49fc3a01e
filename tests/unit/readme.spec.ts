import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../src/site/headers.mjs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('gives nginx exactly the headers the site is served with', () => {
    const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const lines = block.split('\n').filter((l) => l.startsWith('add_header'));
    expect(lines).toEqual(Object.entries(securityHeaders).map(([k, v]) => `add_header ${k} "${v}" always;`));
  });

  it('names the two commands that .ci/run and a learner use', () => {
    expect(readme).toContain('bash scripts/run.sh serve');
    expect(readme).toContain('bash scripts/run.sh test');
    const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
    expect(ci).toContain('bash scripts/run.sh test');
  });
});
