import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../rules/run';
import { dump } from '../testing/dump';
import { parseDockerfile } from './parse';
import { printDockerfile } from './print';
import { LineIndex, type Range } from './source';
import type { Diagnostic, Dockerfile } from './types';

const REAL = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20
FROM node:\${NODE_VERSION} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

FROM deps AS build
COPY tsconfig.json ./
COPY src ./src
RUN npm run build \\
    && npm prune --omit=dev

FROM node:20-alpine AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN <<EOF
echo "built"
EOF
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s CMD ["node", "-e", "fetch('http://localhost:3000/healthz')"]
CMD ["node", "dist/server.js"]
`;

/** Every range of a parse and lint result, checked to lie inside the text. */
function rangesInside(text: string, file: Dockerfile, diagnostics: Diagnostic[]): void {
  const index = new LineIndex(text);
  const ok = (r: Range | null | undefined) => {
    if (!r) return;
    for (const p of [r.start, r.end]) {
      expect(p.line).toBeGreaterThanOrEqual(0);
      expect(p.line).toBeLessThan(index.lineCount);
      expect(p.character).toBeGreaterThanOrEqual(0);
      const lineLength = (index.starts[p.line + 1] ?? text.length + 1) - (index.starts[p.line] ?? 0);
      expect(p.character).toBeLessThanOrEqual(lineLength);
    }
    expect(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character)).toBe(true);
  };
  for (const ins of file.instructions) {
    ok(ins.range);
    ok(ins.keywordRange);
    ok(ins.argsRange);
    ins.args.forEach((a) => ok(a.range));
    ins.flags.forEach((f) => [f.range, f.nameRange, f.valueRange].forEach(ok));
    ins.heredocs.forEach((h) => [h.range, h.bodyRange].forEach(ok));
  }
  diagnostics.forEach((d) => ok(d.range));
}

const dockerAlphabet = fc.constantFrom(
  'FROM ', 'RUN ', 'COPY ', 'ADD ', 'ENV ', 'ARG ', 'CMD ', 'ENTRYPOINT ', 'LABEL ', 'ONBUILD ', 'HEALTHCHECK ', 'USER ', 'WORKDIR ',
  'EXPOSE ', 'SHELL ', 'VOLUME ', 'STOPSIGNAL ', 'MAINTAINER ', ' AS ', ' as ', '--from=', '--mount=', '--platform=', '--link ',
  '[', ']', '"', "'", ',', '=', '\\', '`', '\n', '\r\n', '\t', ' ', '#', '# escape=`\n', '# check=skip=all\n', '<<EOF', '<<-', 'EOF\n',
  '$', '${', '}', 'a', 'b', '0', '1', ':', '/', '.', '-', '&&', '\u0000', '\ufeff', 'é', '😀',
);

describe('the parser and the rules are total', () => {
  it('never throw on random text, and every range lies inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const file = parseDockerfile(text);
        rangesInside(text, file, lintDockerfile(file));
      }),
      { numRuns: 300 },
    );
  });

  it('never throw on Dockerfile-shaped noise', () => {
    fc.assert(
      fc.property(fc.array(dockerAlphabet, { maxLength: 120 }), (parts) => {
        const text = parts.join('');
        const file = parseDockerfile(text);
        rangesInside(text, file, lintDockerfile(file));
      }),
      { numRuns: 500 },
    );
  });

  it('never throw on mutations of a real multi-stage Dockerfile', () => {
    const mutation = fc.tuple(fc.nat({ max: REAL.length }), fc.nat({ max: 12 }), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (edits) => {
        let text = REAL;
        for (const [at, del, ins] of edits) {
          const p = Math.min(at, text.length);
          text = text.slice(0, p) + ins + text.slice(p + del);
        }
        const file = parseDockerfile(text);
        rangesInside(text, file, lintDockerfile(file));
      }),
      { numRuns: 400 },
    );
    // 500 runs of the parser and every rule: seconds on a busy 2-core machine. A time limit, not a speed target.
  }, 60_000);
});

describe('printing', () => {
  it('re-parses a real file to the same instructions', () => {
    const once = parseDockerfile(REAL);
    expect(dump(parseDockerfile(printDockerfile(once)))).toBe(dump(once));
  });

  const word = fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,8}$/);
  const instruction = fc.oneof(
    fc.tuple(word, fc.option(word, { nil: undefined })).map(([img, name]) => `FROM ${img}${name ? ` AS ${name}` : ''}`),
    fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => `RUN ${w.join(' && ')}`),
    fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => `CMD ${JSON.stringify(w)}`),
    fc.tuple(word, word).map(([k, v]) => `ENV ${k.replace(/[^a-z0-9_]/g, '_')}=${v}`),
    fc.tuple(word, word, fc.boolean()).map(([a, b, link]) => `COPY ${link ? '--link ' : ''}--from=${a} /${a} /${b}`),
    fc.array(word, { minLength: 1, maxLength: 2 }).map((w) => `RUN <<DOC\n${w.join('\n')}\nDOC`),
    word.map((w) => `ONBUILD RUN ${w}`),
  );

  it('is stable: parse → print → parse gives the same instructions', () => {
    fc.assert(
      fc.property(fc.array(instruction, { minLength: 1, maxLength: 12 }), (lines) => {
        const first = parseDockerfile(`FROM base\n${lines.join('\n')}\n`);
        const printed = printDockerfile(first);
        const second = parseDockerfile(printed);
        expect(dump(second)).toBe(dump(first));
        expect(printDockerfile(second)).toBe(printed);
      }),
      { numRuns: 300 },
    );
  });
});

describe('pathological inputs finish with a diagnostic', () => {
  const lintAll = (text: string) => lintDockerfile(parseDockerfile(text));

  it('a 1 MB file', () => {
    const block = 'RUN apt-get update && apt-get install -y curl\n';
    const text = `FROM debian\n${block.repeat(Math.ceil(1_000_000 / block.length))}`;
    expect(lintAll(text).length).toBeGreaterThan(0);
  });

  it('10 000 stages', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `FROM alpine:3.20 AS s${i}\nCOPY --from=s${Math.max(0, i - 1)} /a /a`).join('\n');
    const file = parseDockerfile(text);
    expect(file.stages).toHaveLength(10_000);
    expect(lintDockerfile(file).length).toBeGreaterThan(0);
  });

  it('100 000 continuation lines', () => {
    const half = '  && true \\\n'.repeat(50_000);
    const text = `FROM alpine\nRUN true \\\n${half}\n${half}  && true\n`;
    const file = parseDockerfile(text);
    expect(file.instructions[1]!.endLine).toBe(100_003);
    expect(lintDockerfile(file).length).toBeGreaterThan(0);
  });

  it('an endless continuation to the end of the file', () => {
    const file = parseDockerfile(`FROM alpine\nRUN a \\\n${'b \\\n'.repeat(10_000)}`);
    expect(file.instructions).toHaveLength(2);
    expect(lintDockerfile(file).length).toBeGreaterThan(0);
  });

  it('NUL bytes', () => {
    const text = 'FROM alpine\u0000\nRUN \u0000\u0000 echo\n\u0000';
    expect(lintAll(text).some((d) => d.severity === 'error')).toBe(true);
  });

  it('a stage that copies from itself, and a cycle through --from', () => {
    const self = lintAll('FROM alpine AS a\nCOPY --from=a /x /y');
    const cycle = lintAll('FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b\nCOPY --from=a /x /y');
    expect(self.some((d) => d.severity === 'error')).toBe(true);
    expect(cycle.some((d) => d.severity === 'error')).toBe(true);
  });
});
