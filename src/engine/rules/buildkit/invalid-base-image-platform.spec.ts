import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../dockerfile/parse';
import { lintDockerfile, type LintOptions } from '../run';

const found = (text: string, options: LintOptions) =>
  lintDockerfile(parseDockerfile(text), options)
    .filter((d) => d.rule === 'invalid-base-image-platform')
    .map((d) => `${d.range.start.line + 1}: ${d.message}`);

describe('InvalidBaseImagePlatform', () => {
  const armOnly = { imagePlatforms: { 'example.com/tool:1': 'linux/arm64' } };
  it('warns when a reached stage pulls an image of another platform', () => {
    expect(found('FROM example.com/tool:1\n', armOnly)).toEqual(['1: Base image example.com/tool:1 was pulled with platform "linux/arm64", expected "linux/amd64" for current build']);
    expect(found('FROM example.com/tool:1\n', { ...armOnly, platform: 'linux/arm64' })).toEqual([]);
    expect(found('FROM --platform=linux/arm64 example.com/tool:1\n', armOnly)).toEqual([]);
  });
  it('says nothing of stages the build does not reach, nor of images whose pulled platform is not known', () => {
    expect(found('FROM example.com/tool:1 AS unused\nFROM alpine:3.20\n', armOnly)).toEqual([]);
    expect(found('FROM example.com/tool:1 AS t\nFROM alpine:3.20\nCOPY --from=t /x /x\n', armOnly)).toHaveLength(1);
    expect(found('FROM node:20-alpine\n', {})).toEqual([]);
  });
});
