/**
 * Test-only: the small in-memory build context of build/simulate.spec.ts and
 * the Dockerfiles of the golden files. Imported by specs only.
 */
import { hashParts } from '../simulate/hash';
import { simulateBuild, type ContextFile, type SimulateOptions } from '../simulate/simulate';
import type { BuildResult } from '../simulate/types';
import { parseDockerfile } from '../dockerfile/parse';

export const PACKAGE_JSON = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  scripts: { build: 'tsc -p tsconfig.json', start: 'node dist/server.js' },
  dependencies: { express: '^4.21.0' },
  devDependencies: { typescript: '^5.6.0' },
});
const LOCK = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0' },
    'node_modules/express': { version: '4.22.1' },
    'node_modules/typescript': { version: '5.9.3', dev: true },
  },
});

function file(path: string, text: string): ContextFile {
  return { path, size: text.length, hash: hashParts(text), text };
}

export function context(overrides: Record<string, string> = {}): { files: ContextFile[] } {
  const files: Record<string, string> = {
    'package.json': PACKAGE_JSON,
    'package-lock.json': LOCK,
    'tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist', strict: true }, include: ['src'] }),
    'src/server.ts': 'console.log("hi")\n',
    'cmd/server/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
    'go.mod': 'module example.com/app\n\ngo 1.22\n',
    ...overrides,
  };
  return { files: Object.entries(files).map(([p, t]) => file(p, t)) };
}

export const facts = { buildOutputs: { 'dist/server.js': { bytes: 585, source: 'test' } } };

export const build = (text: string, options: SimulateOptions = {}): BuildResult =>
  simulateBuild(parseDockerfile(text), { context: context(), facts, ...options });

/** The golden builds: name → Dockerfile. */
export const GOLDEN: Record<string, string> = {
  'node-single-stage': `FROM node:20
WORKDIR /app
COPY . .
RUN npm install
RUN npm run build
CMD ["node", "dist/server.js"]
`,
  'node-multi-stage': `FROM node:20-alpine AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM node:20-alpine AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=builder /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/server.js"]
`,
  'go-static-scratch': `FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod ./
COPY cmd ./cmd
RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /server ./cmd/server

FROM scratch
COPY --from=build /server /server
USER 65532
ENTRYPOINT ["/server"]
`,
  'go-cgo-scratch': `FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod ./
COPY cmd ./cmd
RUN go build -o /server ./cmd/server

FROM scratch
COPY --from=build /server /server
ENTRYPOINT ["/server"]
`,
  'missing-copy-source': `FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY public ./public
COPY src ./src
CMD ["node", "src/server.js"]
`,
};

GOLDEN['node-wasted-layers'] = `FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
RUN npm cache clean --force
RUN npm prune --omit=dev
RUN chown -R node:node /app
USER node
CMD ["npm", "start"]
`;
