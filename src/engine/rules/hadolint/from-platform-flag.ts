import { flag } from '../../dockerfile/query';
import { defineRule } from '../types';

/**
 * hadolint DL3029: `FROM --platform` pins a stage to one platform. Values that
 * use BuildKit's `BUILDPLATFORM` or `TARGETPLATFORM` follow the build instead,
 * so they are fine.
 */
export const fromPlatformFlag = defineRule({
  meta: {
    id: 'from-platform-flag',
    refs: ['DL3029'],
    resembles: 'FromPlatformFlagConstDisallowed',
    severity: 'warning',
    summary: 'Do not pin a stage to a fixed platform with `FROM --platform`.',
    lesson: null,
    url: 'https://github.com/hadolint/hadolint/wiki/DL3029',
    messages: {
      platform: 'Do not use --platform flag with FROM',
    },
    notes:
      'BuildKit’s FromPlatformFlagConstDisallowed only warns about a constant value (`--platform=linux/amd64`) ' +
      'and accepts any variable; hadolint accepts only values that mention BUILDPLATFORM or TARGETPLATFORM.',
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      const platform = flag(stage.from, 'platform');
      if (!platform) continue;
      const value = platform.value ?? '';
      if (value.includes('BUILDPLATFORM') || value.includes('TARGETPLATFORM')) continue;
      report({ messageId: 'platform', range: platform.range });
    }
  },
});
