import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../dockerfile/parse';
import { lintDockerfile } from '../run';

const found = (text: string) =>
  lintDockerfile(parseDockerfile(text))
    .filter((d) => d.rule === 'invalid-definition-description')
    .map((d) => `${d.range.start.line + 1}: ${d.message}`);

describe('InvalidDefinitionDescription (experimental, as BuildKit runs it)', () => {
  const bad = 'FROM scratch AS base\n# the base\nARG version=1\n';
  it('is off unless # check=experimental asks for it, and skip does not turn it off', () => {
    expect(found(bad)).toEqual([]);
    expect(found(`# check=experimental=InvalidDefinitionDescription\n${bad}`)).toEqual(['4: Comment for ARG should follow the format: `# version <description>`']);
    expect(found(`# check=experimental=all;skip=all\n${bad}`)).toHaveLength(1);
    // A comment above the instruction can turn it on for that instruction.
    expect(found('FROM scratch\n# check=experimental=InvalidDefinitionDescription\nARG v=1\n')).toEqual(['3: Comment for ARG should follow the format: `# v <description>`']);
  });
  it("reads the last comment line's first word; names a FROM's stage, any of an ARG's keys", () => {
    const on = '# check=experimental=InvalidDefinitionDescription\n';
    expect(found(`${on}# version the release\nARG version=1\n# unrelated\n# builder compiles\nFROM a AS builder\n`)).toEqual([]);
    expect(found(`${on}# b second\nARG a=1 b=2\n# c\nARG a=1 b=2\n`)).toEqual(['5: Comment for ARG should follow the format: `# <arg_key> <description>`']);
    // Stage names are lower case: `# Builder` does not describe `AS Builder`.
    expect(found(`${on}# Builder x\nFROM a AS Builder\n`)).toEqual(['3: Comment for FROM should follow the format: `# builder <description>`']);
    // An unnamed FROM has nothing to describe; a bare # line starts the comments again.
    expect(found(`${on}# anything\nFROM a\n# note\n#\nARG x\n`)).toEqual([]);
  });
});
