import { flag } from '../../dockerfile/query';
import { defineRule } from '../types';

/**
 * hadolint DL3065: `FROM --platform=$TARGETPLATFORM` says what BuildKit does
 * anyway. The fix removes the flag.
 */
export const fromPlatformTargetplatform = defineRule({
  meta: {
    id: 'from-platform-targetplatform',
    refs: ['DL3065'],
    resembles: 'RedundantTargetPlatform',
    severity: 'warning',
    summary: '`FROM --platform=$TARGETPLATFORM` is the default and can go.',
    lesson: null,
    url: 'https://github.com/hadolint/hadolint/wiki/DL3065',
    messages: {
      redundant:
        'Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior',
    },
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      const platform = flag(stage.from, 'platform');
      if (!platform || (platform.value !== '$TARGETPLATFORM' && platform.value !== '${TARGETPLATFORM}')) continue;
      // Remove the flag and the space after it, when both are on one line.
      const next = stage.from.flags[stage.from.flags.indexOf(platform) + 1]?.range ?? stage.baseRange;
      const end = next && next.start.line === platform.range.end.line ? next.start : platform.range.end;
      report({
        messageId: 'redundant',
        range: platform.range,
        fixes: [{ title: 'Remove --platform', edits: [{ range: { start: platform.range.start, end }, text: '' }] }],
      });
    }
  },
});
