import { defineRule } from '../types';
import { exposedPorts } from './expose-ports';

/**
 * BuildKit's ExposeInvalidFormat: `EXPOSE 127.0.0.1:80:80` or `EXPOSE 80:80`.
 * EXPOSE documents a container port; host addresses and mappings belong to
 * `docker run -p`. The fix keeps the container port, which is all BuildKit
 * records anyway.
 */
export const exposeInvalidFormat = defineRule({
  meta: {
    id: 'expose-invalid-format',
    refs: ['ExposeInvalidFormat'],
    buildkit: 'ExposeInvalidFormat',
    severity: 'warning',
    summary: 'EXPOSE takes a container port (and protocol), not an IP address or host-port mapping.',
    lesson: 'production-habits',
    url: 'https://docs.docker.com/go/dockerfile/rule/expose-invalid-format/',
    messages: {
      format: "EXPOSE instruction should not define an IP address or host-port mapping, found '{{port}}'",
    },
  },
  check({ file, report }) {
    for (const port of exposedPorts(file)) {
      if (port.ip === '' && port.hostPort === '') continue;
      report({
        messageId: 'format',
        data: { port: port.spec },
        range: port.range,
        fixes: port.literal
          ? [{ title: 'Keep only the container port', edits: [{ range: port.range, text: port.containerPort }] }]
          : undefined,
      });
    }
  },
});
