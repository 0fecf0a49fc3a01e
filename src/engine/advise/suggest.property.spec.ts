/**
 * Suggestions are total, like the rest of the engine: any text gets a report (never an
 * exception), and whatever is offered was re-simulated — its saving is its two sizes' difference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { context, facts } from '../report/spec-fixtures';
import { prepareContext } from '../project';
import { textEntry } from '../context/index';
import { suggest } from './suggest';

const files = context().files.map((f) => textEntry(f.path, f.text!));
const ctx = { ...prepareContext(files, null), facts };
const line = fc.constantFrom(
  'FROM node:20', 'FROM node:20-alpine AS build', 'FROM golang:1.22 AS build', 'FROM scratch', 'FROM build', 'FROM alpine:3.20',
  'WORKDIR /app', 'COPY . .', 'COPY package.json package-lock.json ./', 'COPY --from=build /app/dist ./dist', 'COPY --from=build /app/node_modules ./node_modules',
  'RUN npm ci', 'RUN npm install', 'RUN npm run build', 'RUN npm prune --omit=dev', 'RUN apk add ca-certificates', 'RUN apt-get update && apt-get install -y ca-certificates',
  'RUN rm -rf /app/node_modules', 'RUN go build -o /server ./cmd/server', 'ENV NODE_ENV=production', 'USER node', 'EXPOSE 3000',
  'CMD ["node", "dist/server.js"]', 'CMD node dist/server.js', 'ENTRYPOINT ["/server"]', 'CMD npm start', 'ARG X', 'RUN make', '',
);

describe('suggest on any Dockerfile', () => {
  it('returns a report, and every offered saving is the difference of its two simulated sizes', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 14 }), (lines) => {
        const r = suggest(lines.join('\n'), ctx);
        expect(['ok', 'no-stages', 'build-fails', 'wont-start', 'unknown']).toContain(r.verdict);
        if (r.verdict !== 'ok') expect(r.suggestions).toEqual([]);
        for (const s of [...r.suggestions, ...r.cache]) {
          expect(s.saves).toBe(s.before.size - s.after.size);
          expect(s.edits.length).toBeGreaterThan(0);
        }
        expect(r.suggestions.map((s) => s.saves)).toEqual([...r.suggestions.map((s) => s.saves)].sort((a, b) => b - a));
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(() => suggest(text, ctx)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
