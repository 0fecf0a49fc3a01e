/**
 * Lesson 9: production habits. Goals: final-base-matches node:20.*-alpine*,
 * no-rule-findings (DL3006, DL3007, JSONArgsRecommended, DL3002),
 * base-images-pinned, final-user-non-root, exec-form-command, final-env
 * NODE_ENV=production, no-copy-all-in-final, runs-cleanly.
 */
import { text, type LessonCases } from './types';

const all = {
  'final-base-matches': true, 'no-rule-findings': true, 'base-images-pinned': true, 'final-user-non-root': true,
  'exec-form-command': true, 'final-env': true, 'no-copy-all-in-final': true, 'runs-cleanly': true,
};

export const build = text`
  FROM node:20.11-alpine AS build
  WORKDIR /app
  COPY package.json package-lock.json ./
  RUN npm ci
  COPY tsconfig.json ./
  COPY src ./src
  RUN npm run build && npm prune --omit=dev
`;

export const runtime = (from: string, user: string, cmd: string) => text`
  FROM ${from} AS runtime
  ENV NODE_ENV=production
  WORKDIR /app
  COPY --from=build /app/node_modules ./node_modules
  COPY --from=build /app/dist ./dist
  USER ${user}
  EXPOSE 3000
  ${cmd}
`;

export const cases: LessonCases = {
  wrong: [
    {
      name: 'floating node:20-alpine in both stages',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        ${runtime('node:20-alpine', 'node', 'CMD ["node", "dist/server.js"]')}
      `,
      met: { ...all, 'final-base-matches': false, 'base-images-pinned': false },
    },
    {
      name: 'pins the runtime but leaves the build stage on node:20-alpine',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        ${runtime('node:20.11-alpine', 'node', 'CMD ["node", "dist/server.js"]')}
      `,
      met: { ...all, 'base-images-pinned': false },
    },
    {
      name: 'builds on node:latest (DL3007)',
      dockerfile: text`
        FROM node:latest AS build
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        ${runtime('node:20.11-alpine', 'node', 'CMD ["node", "dist/server.js"]')}
      `,
      met: { ...all, 'no-rule-findings': false, 'base-images-pinned': false },
    },
    {
      name: 'keeps USER root (DL3002)',
      dockerfile: text`
        ${build}
        ${runtime('node:20.11-alpine', 'root', 'CMD ["node", "dist/server.js"]')}
      `,
      met: { ...all, 'no-rule-findings': false, 'final-user-non-root': false },
    },
    {
      name: 'shell-form CMD npm start, package.json copied so npm finds the script',
      dockerfile: text`
        ${build}
        FROM node:20.11-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY package.json ./
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD npm start
      `,
      // It starts (sh → npm → node), but docker stop's SIGTERM goes to the shell.
      met: { ...all, 'no-rule-findings': false, 'exec-form-command': false },
    },
    {
      name: 'exec-form npm start without package.json in the runtime',
      dockerfile: text`
        ${build}
        ${runtime('node:20.11-alpine', 'node', 'CMD ["npm", "start"]')}
      `,
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /package\.json/,
    },
    {
      name: 'COPY . . in the final stage as well',
      dockerfile: text`
        ${build}
        FROM node:20.11-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY . .
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'no-copy-all-in-final': false },
    },
    {
      name: 'USER nonroot, a name node images do not have',
      dockerfile: text`
        ${build}
        ${runtime('node:20.11-alpine', 'nonroot', 'CMD ["node", "dist/server.js"]')}
      `,
      met: { ...all, 'final-user-non-root': false, 'runs-cleanly': false },
      fails: 'run',
      because: /unable to find user nonroot/,
    },
    {
      name: 'forgets NODE_ENV=production',
      dockerfile: text`
        ${build}
        FROM node:20.11-alpine AS runtime
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'final-env': false },
    },
  ],
  correct: [
    {
      name: 'the lesson’s design with USER node',
      dockerfile: text`
        ${build}
        ${runtime('node:20.11-alpine', 'node', 'CMD ["node", "dist/server.js"]')}
      `,
    },
    {
      name: 'patch-level pins with the Alpine release, a prod-deps stage, USER 1000:1000',
      dockerfile: text`
        FROM node:20.11.1-alpine3.19 AS build
        WORKDIR /app
        COPY package*.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build

        FROM node:20.11.1-alpine3.19 AS prod-deps
        WORKDIR /app
        COPY package*.json ./
        RUN npm ci --omit=dev && npm cache clean --force

        FROM node:20.11.1-alpine3.19 AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=prod-deps /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER 1000:1000
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
    },
    {
      // The digest is one real projects pin for node:20.11-alpine (seen in public Dockerfiles);
      // for a build of your own, take the one `docker buildx imagetools inspect node:20.11-alpine` prints.
      name: 'tag and digest on both stages, ENTRYPOINT in exec form',
      dockerfile: text`
        FROM node:20.11-alpine@sha256:c0a3badbd8a0a760de903e00cedbca94588e609299820557e72cba2a53dbaa2c AS build
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        FROM node:20.11-alpine@sha256:c0a3badbd8a0a760de903e00cedbca94588e609299820557e72cba2a53dbaa2c
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        ENTRYPOINT ["node", "dist/server.js"]
      `,
    },
  ],
};
