import { defineRule } from '../types';
import { parseImageRef } from '../../dockerfile/reference';

/**
 * hadolint DL3006: a FROM image needs a tag (or a digest). `scratch`, an image
 * written as a variable (`${BASE}`) and an earlier stage's name are fine. The
 * stage names are collected while folding over the file, so only stages
 * defined before the FROM count.
 */
export const imageTagMissing = defineRule({
  meta: {
    id: 'image-tag-missing',
    refs: ['DL3006'],
    severity: 'warning',
    summary: 'Pin the base image to a tag or digest.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3006',
    messages: {
      untagged: 'Always tag the version of an image explicitly',
    },
    notes:
      'Stage names are compared case-insensitively, as BuildKit resolves them (`FROM Build` builds on ' +
      '`AS build`); hadolint compares them as written.',
  },
  check({ file, report }) {
    const stageNames = new Set<string>();
    for (const stage of file.stages) {
      const ref = parseImageRef(stage.base);
      const fine =
        stage.base === '' ||
        ref.name === 'scratch' ||
        ref.digest !== null ||
        ref.tag !== null ||
        ref.name.startsWith('$') ||
        stageNames.has(ref.name.toLowerCase());
      if (stage.name) stageNames.add(stage.name);
      if (!fine) report({ messageId: 'untagged', range: stage.baseRange ?? stage.from.range });
    }
  },
});
