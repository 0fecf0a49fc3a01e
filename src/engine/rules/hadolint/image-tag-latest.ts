import { defineRule } from '../types';
import { parseImageRef } from '../../dockerfile/reference';
import { subRange } from '../source-text';

/**
 * hadolint DL3007: `:latest` moves. A digest next to it (`:latest@sha256:…`)
 * pins the image, so that is fine.
 */
export const imageTagLatest = defineRule({
  meta: {
    id: 'image-tag-latest',
    refs: ['DL3007'],
    severity: 'warning',
    summary: 'Do not pin the base image to the moving `latest` tag.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3007',
    messages: {
      latest:
        'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag',
    },
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      const ref = parseImageRef(stage.base);
      if (ref.tag !== 'latest' || ref.digest !== null || !ref.tagSpan || !stage.baseRange) continue;
      report({ messageId: 'latest', range: subRange(file, stage.baseRange, stage.base, ...ref.tagSpan) });
    }
  },
});
