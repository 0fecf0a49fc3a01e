/**
 * Lesson 2: a builder stage named builder, a node alpine final stage that copies
 * /app/dist from it by name, no casing warnings, and an image that runs.
 */
import { text, type LessonCases } from './types';

const all = { 'stage-named': true, 'final-base-matches': true, 'final-copies-from': true, 'no-rule-findings': true, 'runs-cleanly': true };

export const builder = text`
  FROM node:20 AS builder
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
      name: 'names the builder but still copies --from=0',
      dockerfile: text`
        ${builder}
        FROM node:20-alpine AS runtime
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force
        COPY --from=0 /app/dist ./dist
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'final-copies-from': false },
    },
    {
      name: 'writes "as" in lowercase (FromAsCasing)',
      dockerfile: text`
        FROM node:20 as builder
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build

        FROM node:20-alpine as runtime
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force
        COPY --from=builder /app/dist ./dist
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'no-rule-findings': false },
    },
    {
      name: 'names the stage Builder (StageNameCasing; BuildKit still resolves --from=builder)',
      dockerfile: text`
        FROM node:20 AS Builder
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build

        FROM node:20-alpine AS runtime
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force
        COPY --from=builder /app/dist ./dist
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'stage-named': false, 'no-rule-findings': false },
    },
    {
      name: 'runtime copies only dist, then node dist/server.js without node_modules',
      dockerfile: text`
        ${builder}
        FROM node:20-alpine AS runtime
        WORKDIR /app
        COPY --from=builder /app/dist ./dist
        CMD ["node", "dist/server.js"]
      `,
      // Error: Cannot find module 'express'
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /express/,
    },
    {
      name: 'npm start in a runtime that has no package.json',
      dockerfile: text`
        ${builder}
        FROM node:20-alpine AS runtime
        WORKDIR /app
        COPY --from=builder /app/node_modules ./node_modules
        COPY --from=builder /app/dist ./dist
        CMD ["npm", "start"]
      `,
      // npm error enoent Could not read package.json
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /package\.json/,
    },
    {
      name: 'leaves the final stage on node:20',
      dockerfile: text`
        ${builder}
        FROM node:20 AS runtime
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force
        COPY --from=builder /app/dist ./dist
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'final-base-matches': false },
    },
    {
      name: 'copies a path the builder never wrote (/app/build)',
      dockerfile: text`
        ${builder}
        FROM node:20-alpine AS runtime
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev && npm cache clean --force
        COPY --from=builder /app/build ./dist
        CMD ["node", "dist/server.js"]
      `,
      // failed to compute cache key: "/app/build": not found
      met: { ...all, 'final-copies-from': false, 'runs-cleanly': false },
      fails: 'build',
      because: /not found/,
    },
  ],
  correct: [
    {
      name: 'package*.json, prune in the builder, runtime copies the pruned node_modules',
      dockerfile: text`
        FROM node:20 AS builder
        WORKDIR /app
        COPY package*.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        FROM node:20-alpine
        WORKDIR /app
        COPY --from=builder /app/package.json ./
        COPY --from=builder /app/node_modules ./node_modules
        COPY --from=builder /app/dist ./dist
        CMD ["npm", "start"]
      `,
    },
    {
      name: 'three stages: builder, prod-deps, runtime, all on alpine',
      dockerfile: text`
        FROM node:20-alpine AS builder
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build

        FROM node:20-alpine AS prod-deps
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --omit=dev

        FROM node:20-alpine AS runtime
        WORKDIR /app
        COPY --from=prod-deps /app/node_modules ./node_modules
        COPY --from=builder /app/dist/ ./dist/
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
    },
  ],
};
