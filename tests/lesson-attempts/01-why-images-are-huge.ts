/**
 * Lesson 1: one stage, but a small base, no npm cache and only the files the
 * build reads. Goals: final-base-matches node:*-alpine, no-copy-all-in-final,
 * image-size-under 300 MB, runs-cleanly.
 */
import { text, type LessonCases } from './types';

export const cases: LessonCases = {
  wrong: [
    {
      name: 'copies package.json without the lockfile, then npm ci',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY package.json ./
        RUN npm ci && npm cache clean --force
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // npm ci: "The `npm ci` command can only install with an existing package-lock.json"
      met: { 'final-base-matches': true, 'no-copy-all-in-final': true, 'image-size-under': false, 'runs-cleanly': false },
      fails: 'build',
      because: /package-lock\.json|lockfile|shrinkwrap/i,
    },
    {
      name: 'never copies tsconfig.json before npm run build',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci && npm cache clean --force
        COPY src ./src
        RUN npm run build
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // tsc -p tsconfig.json: error TS5058: The specified path does not exist: 'tsconfig.json'.
      met: { 'final-base-matches': true, 'no-copy-all-in-final': true, 'image-size-under': false, 'runs-cleanly': false },
      fails: 'build',
      because: /tsconfig\.json|TS5058/,
    },
    {
      name: 'never copies src before npm run build',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci && npm cache clean --force
        COPY tsconfig.json ./
        RUN npm run build
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // tsc: error TS18003: No inputs were found in config file 'tsconfig.json'.
      met: { 'final-base-matches': true, 'no-copy-all-in-final': true, 'image-size-under': false, 'runs-cleanly': false },
      fails: 'build',
      because: /TS18003|No inputs/,
    },
    {
      name: 'switches to alpine but keeps COPY . . (the host node_modules and .git ride along)',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY . .
        RUN npm ci && npm cache clean --force
        RUN npm run build
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // 136 MB base + 90 MB host node_modules in the COPY layer + 90 MB reinstalled by npm ci ≈ 318 MB.
      met: { 'final-base-matches': true, 'no-copy-all-in-final': false, 'image-size-under': false, 'runs-cleanly': true },
    },
    {
      name: 'cleans npm’s cache in a RUN of its own',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        RUN npm cache clean --force
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // The 85 MB cache stays in the npm ci layer: 136 + 90 + 85 ≈ 311 MB.
      met: { 'final-base-matches': true, 'no-copy-all-in-final': true, 'image-size-under': false, 'runs-cleanly': true },
    },
    {
      name: 'keeps the full node:20 base',
      dockerfile: text`
        FROM node:20
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci && npm cache clean --force
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      met: { 'final-base-matches': false, 'no-copy-all-in-final': true, 'image-size-under': false, 'runs-cleanly': true },
    },
    {
      name: 'forgets the CMD (node’s default is the REPL, which exits at once without a terminal)',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci && npm cache clean --force
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build
        EXPOSE 3000
      `,
      // docker run starts `node` (the image's CMD) with no TTY: it reads EOF and exits 0; the server never starts.
      met: { 'final-base-matches': true, 'no-copy-all-in-final': true, 'image-size-under': true, 'runs-cleanly': false },
      fails: 'run',
    },
  ],
  correct: [
    {
      name: 'package*.json glob, install and cache clean in one RUN',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY package*.json ./
        RUN npm ci && npm cache clean --force
        COPY tsconfig.json ./
        COPY src/ ./src/
        RUN npm run build
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
    },
    {
      name: 'a cache mount keeps npm’s cache out of the layer',
      dockerfile: text`
        FROM node:20-alpine
        WORKDIR /app
        COPY package.json package-lock.json tsconfig.json ./
        RUN --mount=type=cache,target=/root/.npm npm ci
        COPY src ./src
        RUN npm run build
        EXPOSE 3000
        CMD ["npm", "start"]
      `,
    },
    {
      name: 'two stages: build, then production dependencies only',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build

        FROM node:20-alpine
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force
        COPY --from=build /app/dist ./dist
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
    },
  ],
};
