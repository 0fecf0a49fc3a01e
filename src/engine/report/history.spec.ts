import { describe, expect, it } from 'vitest';
import { historyRows, historyTable } from './history';
import { build, GOLDEN } from './spec-fixtures';

describe('docker history', () => {
  it('lists the built layers newest first, then the base image’s', () => {
    const r = build(GOLDEN['node-single-stage']!);
    const rows = historyRows(r);
    expect(rows.map((x) => x.createdBy).slice(0, 5)).toEqual([
      'CMD ["node" "dist/server.js"]',
      'RUN /bin/sh -c npm run build # buildkit',
      'RUN /bin/sh -c npm install # buildkit',
      'COPY . . # buildkit',
      'WORKDIR /app',
    ]);
    expect(rows.slice(5).every((x) => x.base && x.stage === null && x.comment === '')).toBe(true);
    expect(rows.at(-1)!.createdBy).toBe(r.image!.layers[0]!.createdBy);
    expect(rows.reduce((s, x) => s + x.bytes, 0)).toBe(r.image!.bytes);
    expect(rows[0]).toMatchObject({ bytes: 0, size: '0B', empty: true, base: false, stage: 'stage-0', comment: 'buildkit.dockerfile.v0', line: 6, instruction: 'CMD ["node", "dist/server.js"]' });
  });

  it('writes CREATED BY as BuildKit records it', () => {
    const r = build(`FROM node:20-alpine AS b
FROM node:20-alpine
ENV A=1 B="two words"
LABEL org.opencontainers.image.title=app
WORKDIR /app
WORKDIR sub
COPY --from=b --chown=node:node /etc/passwd ./out
COPY --chmod=755 package*.json ./
RUN ["npm", "ci"]
EXPOSE 3000 53/udp
USER node
VOLUME /data
ENTRYPOINT node server.js
CMD ["--port", "3000"]`);
    expect(historyRows(r).filter((x) => !x.base).map((x) => x.createdBy).reverse()).toEqual([
      'ENV A=1 B=two words',
      'LABEL org.opencontainers.image.title=app',
      'WORKDIR /app',
      'WORKDIR /app/sub',
      'COPY --chown=node:node /etc/passwd ./out # buildkit',
      'COPY --chmod=755 package*.json ./ # buildkit',
      'RUN npm ci # buildkit',
      'EXPOSE map[3000/tcp:{} 53/udp:{}]',
      'USER node',
      'VOLUME [/data]',
      'ENTRYPOINT ["/bin/sh" "-c" "node server.js"]',
      'CMD ["--port" "3000"]',
    ]);
  });

  it('prints Docker’s table: image ID on top, <missing> below, CREATED BY cut at 45', () => {
    const r = build(GOLDEN['node-multi-stage']!);
    const lines = historyTable(r, { secondsAgo: 120 }).split('\n');
    expect(lines[0]).toBe('IMAGE          CREATED         CREATED BY                                      SIZE      COMMENT');
    expect(lines[1]).toMatch(/^[0-9a-f]{12} {3}2 minutes ago {3}CMD \["node" "dist\/server.js"\] {19}0B {8}buildkit\.dockerfile\.v0$/);
    expect(lines[5]).toBe('<missing>      2 minutes ago   RUN /bin/sh -c npm ci --omit=dev && npm cach…   178kB     buildkit.dockerfile.v0');
    expect(lines.filter((l) => l.startsWith('<missing>      2 months ago')).length).toBe(5);
    expect(lines.find((l) => l.includes('ENTRYPOINT / CMD'))).toBe('<missing>      2 months ago    ENTRYPOINT / CMD (metadata only)                0B        ');
  });

  it('--no-trunc shows the full ID and CREATED BY', () => {
    const r = build(GOLDEN['node-multi-stage']!);
    const out = historyTable(r, { noTrunc: true });
    expect(out).toMatch(/^sha256:[0-9a-f]{64} /m);
    expect(out).toContain('RUN /bin/sh -c npm ci --omit=dev && npm cache clean --force # buildkit ');
  });

  it('footnotes estimated sizes without breaking the table', () => {
    const out = historyTable(build(GOLDEN['node-single-stage']!));
    const notes = out.trimEnd().split('\n').filter((l) => l.startsWith('* '));
    expect(notes[0]).toBe('* Stagecraft: per-layer sizes of the base image (node:20, the <missing> rows with no COMMENT) are estimates; together they make its published size, 1.1GB.');
    expect(notes[1]).toBe('* Stagecraft: the size of RUN npm install is an estimate.');
    expect(historyTable(build('FROM scratch\nCOPY package.json /p'))).not.toContain('* ');
    expect(historyTable(build('FROM example.com/tool:1'))).toContain('* Stagecraft: there are no figures for the base image example.com/tool:1; its size, 100MB, is assumed.');
  });

  it('a failed build has no image', () => {
    expect(historyTable(build(GOLDEN['missing-copy-source']!), { tag: 'app' })).toBe('Error response from daemon: No such image: app:latest\n');
  });
});
