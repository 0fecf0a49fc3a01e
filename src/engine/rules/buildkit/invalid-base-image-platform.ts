import { earlierStageNamed } from '../../dockerfile/query';
import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { defineRule } from '../types';
import { parsePlatform } from './platform';
import { stageGraph } from '../../dockerfile/stage-graph';

/**
 * BuildKit's InvalidBaseImagePlatform: a base image of a stage the build
 * reaches was pulled for another OS or architecture than the one the stage is
 * built for (a single-platform image on another machine, or a `--platform`
 * the image does not have). Which platform a pull gives is the registry's
 * answer: Stagecraft knows it only when told (`imagePlatforms`); the official
 * images it knows are multi-platform, so they match whatever is asked.
 */
export const invalidBaseImagePlatform = defineRule({
  meta: {
    id: 'invalid-base-image-platform',
    refs: ['InvalidBaseImagePlatform'],
    buildkit: 'InvalidBaseImagePlatform',
    fileWideCheckOnly: true,
    severity: 'warning',
    summary: 'The base image should exist for the platform the stage is built for.',
    lesson: null,
    url: 'https://docs.docker.com/go/dockerfile/rule/invalid-base-image-platform/',
    messages: {
      mismatch: 'Base image {{image}} was pulled with platform "{{actual}}", expected "{{expected}}" for current build',
    },
  },
  check({ file, platform, imagePlatforms, report }) {
    if (file.stages.length === 0 || Object.keys(imagePlatforms).length === 0) return;
    const { global } = fileScopes(file);
    const expand = (word: string) => expandWord(word, global.env, { escape: file.escapeToken }).value;
    // The stages the final one needs: BuildKit pulls (and checks) only what it builds.
    const { dependsOn } = stageGraph(file);
    const reachable = new Set<number>();
    const todo = [file.stages.length - 1];
    while (todo.length > 0) {
      const i = todo.pop()!;
      if (reachable.has(i)) continue;
      reachable.add(i);
      const stage = file.stages[i]!;
      // The graph's dependencies, and a FROM that names a stage through a global ARG.
      const parent = earlierStageNamed(file, expand(stage.base), stage.index);
      if (parent) todo.push(parent.index);
      todo.push(...dependsOn[i]!);
    }
    for (const stage of file.stages) {
      if (!reachable.has(stage.index)) continue;
      const base = expand(stage.base);
      if (earlierStageNamed(file, base, stage.index)) continue;
      const pulled = imagePlatforms[base];
      if (!pulled) continue;
      const wanted = stage.platform ? expand(stage.platform) : platform;
      const expected = parsePlatform(wanted);
      const actual = parsePlatform(pulled);
      if (!expected || !actual) continue;
      if (expected.os === actual.os && expected.architecture === actual.architecture) continue;
      report({ messageId: 'mismatch', data: { image: base, expected: formatPlatform(expected), actual: formatPlatform(actual) }, range: stage.from.range });
    }
  },
});

/** containerd's platforms.FormatAll: os/arch, and /variant when there is one. */
function formatPlatform(p: { os: string; architecture: string; variant: string }): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
