/**
 * Lesson 7: deps, build, test and runtime stages. Goals: stage-count ≥ 3,
 * stage-named deps, stage-skipped test, stage-runs-tests test, cached-after-change
 * (src/server.ts, npm ci), runs-cleanly, image-size-under 140 MB.
 *
 * About the tests themselves: the project's package.json runs plain `jest` and
 * has no jest configuration, so jest transforms test/server.test.ts with
 * babel-jest, which leaves its `import` alone; jest 29 then stops with
 * "SyntaxError: Cannot use import statement outside a module" (checked with a
 * real `npm ci && npm test` of this project). The tests really run with the
 * ts-jest preset the devDependencies already have: `npm test -- --preset=ts-jest`.
 */
import { text, type LessonCases } from './types';

const all = {
  'stage-count': true, 'stage-named': true, 'stage-skipped': true, 'stage-runs-tests': true,
  'cached-after-change': true, 'runs-cleanly': true, 'image-size-under': true,
};

export const depsAndBuild = text`
  FROM node:20-alpine AS deps
  WORKDIR /app
  COPY package.json package-lock.json ./
  RUN npm ci

  FROM deps AS build
  COPY tsconfig.json ./
  COPY src ./src
  RUN npm run build
`;

export const prodAndRuntime = text`
  FROM node:20-alpine AS prod-deps
  WORKDIR /app
  COPY package.json package-lock.json ./
  RUN npm ci --omit=dev && npm cache clean --force

  FROM node:20-alpine AS runtime
  ENV NODE_ENV=production
  WORKDIR /app
  COPY --from=prod-deps /app/node_modules ./node_modules
  COPY --from=build /app/dist ./dist
  USER node
  EXPOSE 3000
  CMD ["node", "dist/server.js"]
`;

export const cases: LessonCases = {
  wrong: [
    {
      name: 'the test stage runs RUN echo instead of the tests',
      dockerfile: text`
        ${depsAndBuild}
        FROM build AS test
        COPY test ./test
        RUN echo "tests passed"

        ${prodAndRuntime}
      `,
      met: { ...all, 'stage-runs-tests': false },
    },
    {
      name: 'the test stage never copies the test folder',
      dockerfile: text`
        ${depsAndBuild}
        FROM build AS test
        RUN npm test -- --preset=ts-jest

        ${prodAndRuntime}
      `,
      // jest: No tests found, exiting with code 1
      met: { ...all, 'stage-runs-tests': false },
    },
    {
      name: 'the test stage builds on prod-deps, where jest is not installed',
      dockerfile: text`
        ${depsAndBuild}
        ${prodAndRuntime}
        FROM prod-deps AS test
        COPY tsconfig.json ./
        COPY src ./src
        COPY test ./test
        RUN npm test
      `,
      // The test stage is last, so it is the default target too: the build stops at `sh: jest: not found`.
      met: { ...all, 'stage-skipped': false, 'stage-runs-tests': false, 'cached-after-change': false, 'runs-cleanly': false, 'image-size-under': false },
      fails: 'build',
    },
    {
      name: 'the runtime copies dist from test, so every build runs the tests',
      dockerfile: text`
        ${depsAndBuild}
        FROM build AS test
        COPY test ./test
        RUN npm test -- --preset=ts-jest

        FROM node:20-alpine AS prod-deps
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force

        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=prod-deps /app/node_modules ./node_modules
        COPY --from=test /app/dist ./dist
        USER node
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'stage-skipped': false },
    },
    {
      name: 'the deps stage copies the whole context before npm ci',
      dockerfile: text`
        FROM node:20-alpine AS deps
        WORKDIR /app
        COPY . .
        RUN npm ci

        FROM deps AS build
        RUN npm run build

        FROM build AS test
        RUN npm test -- --preset=ts-jest

        ${prodAndRuntime}
      `,
      met: { ...all, 'cached-after-change': false },
    },
    {
      name: 'the runtime builds FROM build, dev dependencies and all',
      dockerfile: text`
        ${depsAndBuild}
        FROM build AS test
        COPY test ./test
        RUN npm test -- --preset=ts-jest

        FROM build AS runtime
        ENV NODE_ENV=production
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // 136 MB + 90 MB of node_modules with dev dependencies ≈ 226 MB.
      met: { ...all, 'image-size-under': false },
    },
    {
      name: 'names the first stage dependencies, not deps',
      dockerfile: text`
        FROM node:20-alpine AS dependencies
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci

        FROM dependencies AS build
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build

        FROM build AS test
        COPY test ./test
        RUN npm test -- --preset=ts-jest

        ${prodAndRuntime}
      `,
      met: { ...all, 'stage-named': false },
    },
  ],
  correct: [
    {
      // The project's package.json gives jest the ts-jest preset, so plain npm test runs the TypeScript tests.
      name: 'the lesson’s test stage as written: plain npm test',
      dockerfile: text`
        ${depsAndBuild}
        FROM build AS test
        COPY test ./test
        RUN npm test

        ${prodAndRuntime}
      `,
    },
    {
      name: 'deps, build, test (ts-jest preset), prod-deps, runtime',
      dockerfile: text`
        ${depsAndBuild}
        FROM build AS test
        COPY test ./test
        RUN npm test -- --preset=ts-jest

        ${prodAndRuntime}
      `,
    },
    {
      name: 'the test stage on deps, a prune stage, cache mounts, USER 1000',
      dockerfile: text`
        FROM node:20-alpine AS deps
        WORKDIR /app
        COPY package*.json ./
        RUN --mount=type=cache,target=/root/.npm npm ci

        FROM deps AS test
        COPY tsconfig.json ./
        COPY src ./src
        COPY test ./test
        RUN npx jest --preset ts-jest

        FROM deps AS build
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER 1000
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
    },
  ],
};
