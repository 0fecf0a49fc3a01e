/**
 * `npm run bench` — parse + every rule on a realistic 50-line multi-stage
 * Dockerfile, against dockerfile-utils' validate() on the same text in the same
 * run; then 0.25, 0.5 and 1 MB inputs to show that time grows linearly.
 */
import { validate } from 'dockerfile-utils';
import { lintDockerfile, parseDockerfile } from '../src/engine/index';
import { fmt, report, target, time } from './harness';

export const FIFTY_LINES = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20
ARG ALPINE_VERSION=3.20

FROM node:\${NODE_VERSION}-alpine\${ALPINE_VERSION} AS base
WORKDIR /app
ENV CI=true

FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \\
    npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json ./
COPY src ./src
RUN npm run build \\
    && npm prune --omit=dev

FROM deps AS test
COPY . .
RUN npm test

FROM golang:1.22 AS api
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd ./cmd
COPY internal ./internal
RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/api ./cmd/server

FROM node:\${NODE_VERSION}-alpine\${ALPINE_VERSION} AS runtime
LABEL org.opencontainers.image.source="https://example.com/app" \\
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production PORT=3000
WORKDIR /app
RUN apk add --no-cache tini \\
    && addgroup -S app && adduser -S app -G app
COPY --from=build --chown=app:app /app/node_modules ./node_modules
COPY --from=build --chown=app:app /app/dist ./dist
COPY --from=api /out/api /usr/local/bin/api
COPY <<JSON /app/config.json
{ "port": 3000 }
JSON
USER app
EXPOSE 3000/tcp
HEALTHCHECK --interval=30s --timeout=3s \\
  CMD ["node", "dist/healthcheck.js"]
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["node", "dist/server.js"]
`;

/**
 * A valid Dockerfile of about `bytes`: the 50-line file repeated with its stage
 * names numbered, so every copy refers to its own stages (as a huge real file
 * would) instead of repeating thousands of duplicate names.
 */
export function bigDockerfile(bytes: number): string {
  const [head, body] = [FIFTY_LINES.slice(0, FIFTY_LINES.indexOf('FROM ')), FIFTY_LINES.slice(FIFTY_LINES.indexOf('FROM '))];
  const names = ['base', 'deps', 'build', 'test', 'api', 'runtime'];
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    let copy = body;
    for (const n of names) copy = copy.replace(new RegExp(`( AS |FROM |--from=)${n}\\b`, 'g'), `$1${n}${i}`);
    parts.push(copy);
    size += copy.length;
  }
  return parts.join('\n').slice(0, bytes);
}

function ours(text: string): number {
  return lintDockerfile(parseDockerfile(text)).length;
}

export function benchEngine(): boolean {
  const lines = FIFTY_LINES.trimEnd().split('\n').length;
  const a = time(`stagecraft parse + ${lines}-line file, all rules`, () => ours(FIFTY_LINES), { minRuns: 200, minMs: 1500 });
  const b = time('dockerfile-utils validate(), same file', () => validate(FIFTY_LINES), { minRuns: 200, minMs: 1500 });
  report('Parse + rules on a 50-line multi-stage Dockerfile', [a, b]);

  const sizes = [0.25, 0.5, 1];
  const big = sizes.map((mb) => {
    const text = bigDockerfile(mb * 1_000_000);
    return { mb, t: time(`${mb} MB input`, () => ours(text), { minRuns: 5, minMs: 1500 }) };
  });
  report('Growth with input size (parse + all rules)', big.map((x) => x.t));

  let ok = true;
  ok = target('50 lines under 0.5 ms median', a.medianMs < 0.5, fmt(a.medianMs)) && ok;
  ok = target('under half of dockerfile-utils validate()', a.medianMs < b.medianMs / 2, `${fmt(a.medianMs)} vs ${fmt(b.medianMs)} (${(b.medianMs / a.medianMs).toFixed(1)}× faster)`) && ok;
  const oneMb = big[2]!.t.medianMs;
  ok = target('1 MB under 100 ms', oneMb < 100, fmt(oneMb)) && ok;
  const perMb = big.map((x) => x.t.medianMs / x.mb);
  const spread = Math.max(...perMb) / Math.min(...perMb);
  ok = target('linear growth (time per MB within 1.5× across sizes)', spread < 1.5, perMb.map((v) => `${v.toFixed(1)} ms/MB`).join(', ')) && ok;
  return ok;
}
