/**
 * Lesson 4: a real Node/TypeScript image. Goals: deps-before-source,
 * cached-after-change (src/server.ts, npm ci), final-env NODE_ENV=production,
 * final-user-non-root, exec-form-command, smaller-than-baseline 8× (the
 * single-stage node:20 image, about 1.28 GB, so under about 160 MB), runs-cleanly.
 */
import { text, type LessonCases } from './types';

const all = {
  'deps-before-source': true, 'cached-after-change': true, 'final-env': true, 'final-user-non-root': true,
  'exec-form-command': true, 'smaller-than-baseline': true, 'runs-cleanly': true,
};

export const build = text`
  FROM node:20-alpine AS build
  WORKDIR /app
  COPY package.json package-lock.json ./
  RUN npm ci
  COPY tsconfig.json ./
  COPY src ./src
  RUN npm run build && npm prune --omit=dev
`;

export const cases: LessonCases = {
  wrong: [
    {
      name: 'npm start in a runtime without package.json',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD ["npm", "start"]
      `,
      // npm error enoent Could not read package.json
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /package\.json/,
    },
    {
      name: 'node dist/server.js without node_modules',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // Error: Cannot find module 'express'
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /express/,
    },
    {
      name: 'USER app without creating it',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER app
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // docker: Error response from daemon: unable to find user app: no matching entries in passwd file.
      met: { ...all, 'final-user-non-root': false, 'runs-cleanly': false },
      fails: 'run',
      because: /unable to find user app/,
    },
    {
      name: 'copies the whole /app, dev dependencies and all, into the runtime',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build

        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app /app
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // 136 MB + 90 MB of dev node_modules ≈ 226 MB: 5.7× smaller, not 8×.
      met: { ...all, 'smaller-than-baseline': false },
    },
    {
      name: 'npm prune in the runtime stage, after copying every dependency in',
      dockerfile: text`
        FROM node:20-alpine AS build
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
        COPY --from=build /app/node_modules ./node_modules
        RUN npm prune --omit=dev
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // The COPY layer keeps the 90 MB; the prune only adds whiteouts.
      met: { ...all, 'smaller-than-baseline': false },
    },
    {
      name: 'COPY . . before npm ci in the build stage',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY . .
        RUN npm ci
        RUN npm run build && npm prune --omit=dev

        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'deps-before-source': false, 'cached-after-change': false },
    },
    {
      name: 'copies tsconfig.json with the package files, before the install',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package.json package-lock.json tsconfig.json ./
        RUN npm ci
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      // An edit to src/server.ts still leaves npm ci cached; only the goal's ordering rule is broken.
      met: { ...all, 'deps-before-source': false },
    },
    {
      name: 'forgets the CMD (node images default to the node REPL)',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
      `,
      // docker run starts `node` with no terminal: it reads EOF and exits 0; the server never runs.
      met: { ...all, 'exec-form-command': false, 'runs-cleanly': false },
      fails: 'run',
    },
    {
      name: 'runs as root (no USER)',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
      met: { ...all, 'final-user-non-root': false },
    },
    {
      name: 'shell-form CMD node dist/server.js',
      dockerfile: text`
        ${build}
        FROM node:20-alpine AS runtime
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=build /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD node dist/server.js
      `,
      met: { ...all, 'exec-form-command': false },
    },
    {
      name: 'sets NODE_ENV=production in the build stage only',
      dockerfile: text`
        FROM node:20-alpine AS build
        ENV NODE_ENV=production
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci --include=dev
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        FROM node:20-alpine AS runtime
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
      name: 'the lesson’s design with package*.json and USER 1000',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package*.json ./
        RUN npm ci
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
    {
      name: 'npm ci --omit=dev in a prod-deps stage of its own, USER node',
      dockerfile: text`
        FROM node:20-alpine AS build
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
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --from=prod-deps /app/node_modules ./node_modules
        COPY --from=build /app/dist ./dist
        USER node
        EXPOSE 3000
        CMD ["node", "dist/server.js"]
      `,
    },
    {
      name: 'a cache mount for npm, --chown on the copies and an exec-form ENTRYPOINT',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN --mount=type=cache,target=/root/.npm npm ci
        COPY tsconfig.json ./
        COPY src ./src
        RUN npm run build && npm prune --omit=dev

        FROM node:20-alpine
        ENV NODE_ENV=production
        WORKDIR /app
        COPY --chown=node:node --from=build /app/node_modules ./node_modules
        COPY --chown=node:node --from=build /app/dist ./dist
        USER node:node
        EXPOSE 3000
        ENTRYPOINT ["node", "dist/server.js"]
      `,
    },
  ],
};
