/**
 * Lesson 8: no bytes that a later layer deletes. Goals: wasted-under 1 MB,
 * image-size-under 140 MB, final-user-non-root, runs-cleanly.
 */
import { text, type LessonCases } from './types';

const all = { 'wasted-under': true, 'image-size-under': true, 'final-user-non-root': true, 'runs-cleanly': true };

export const build = text`
  FROM node:20-alpine AS build
  WORKDIR /app
  COPY package.json package-lock.json ./
  RUN npm ci
  COPY tsconfig.json ./
  COPY src ./src
  RUN npm run build
`;

export const cases: LessonCases = {
  wrong: [
    {
      name: 'one stage, the cache cleaned in a RUN of its own, then pruned',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        RUN npm cache clean --force
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build
        RUN npm prune --omit=dev
        ENV NODE_ENV=production
        USER node
        CMD ["node", "dist/server.js"]
      `,
      // The npm ci layer keeps the 85 MB cache and 88 MB of dev dependencies that later layers delete.
      met: { ...all, 'wasted-under': false, 'image-size-under': false },
    },
    {
      name: 'one stage, cache cleaned in the same RUN, but the dev dependencies pruned later',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci && npm cache clean --force
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build
        RUN npm prune --omit=dev
        ENV NODE_ENV=production
        USER node
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'wasted-under': false, 'image-size-under': false },
    },
    {
      name: 'a clean runtime, then RUN chown -R node:node /app (every file written twice)',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force
        COPY --from=build /app/dist ./dist
        RUN chown -R node:node /app
        USER node
        CMD ["node", "dist/server.js"]
      `,
      // chown copies each file up into a new layer: the 2.6 MB of node_modules count twice.
      met: { ...all, 'wasted-under': false, 'image-size-under': false },
    },
    {
      name: 'the runtime copies the whole /app from build',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app ./
        USER node
        CMD ["node", "dist/server.js"]
      `,
      // Nothing is deleted, so nothing is wasted; but the dev dependencies make it ≈ 226 MB.
      met: { ...all, 'image-size-under': false },
    },
    {
      name: 'the runtime runs as root',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force
        COPY --from=build /app/dist ./dist
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'final-user-non-root': false },
    },
    {
      name: 'USER app without creating it',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force
        COPY --from=build /app/dist ./dist
        USER app
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'final-user-non-root': false, 'runs-cleanly': false },
      fails: 'run',
      because: /unable to find user app/,
    },
    {
      name: 'the runtime installs nothing: node dist/server.js without node_modules',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/dist ./dist
        USER node
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /express/,
    },
  ],
  correct: [
    {
      name: 'prune in the build stage, the runtime copies node_modules and dist, USER 1000',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package*.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        FROM node:20-alpine
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER 1000
        CMD ["node", "dist/server.js"]
      `,
    },
    {
      name: 'a cache mount for the production install and COPY --chown instead of chown -R',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
        COPY --chown=node:node --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
    },
  ],
};
