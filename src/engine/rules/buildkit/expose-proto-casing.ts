import { defineRule } from '../types';
import { exposedPorts } from './expose-ports';

/** BuildKit's ExposeProtoCasing: `EXPOSE 80/TCP`; the protocol should be lowercase. */
export const exposeProtoCasing = defineRule({
  meta: {
    id: 'expose-proto-casing',
    refs: ['ExposeProtoCasing'],
    buildkit: 'ExposeProtoCasing',
    severity: 'warning',
    summary: 'Write the EXPOSE protocol in lowercase: 80/tcp.',
    lesson: 'production-habits',
    url: 'https://docs.docker.com/go/dockerfile/rule/expose-proto-casing/',
    messages: {
      casing: "Defined protocol '{{port}}' in EXPOSE instruction should be lowercase",
    },
  },
  check({ file, report }) {
    for (const port of exposedPorts(file)) {
      if (port.proto === port.proto.toLowerCase()) continue;
      const slash = port.spec.indexOf('/');
      report({
        messageId: 'casing',
        data: { port: port.spec },
        range: port.range,
        fixes: port.literal
          ? [{ title: 'Lowercase the protocol', edits: [{ range: port.range, text: port.spec.slice(0, slash) + port.spec.slice(slash).toLowerCase() }] }]
          : undefined,
      });
    }
  },
});
