/**
 * Lesson 6: the build context. The Dockerfile and the .dockerignore are both
 * the learner's; each case's .dockerignore takes the place of the start's in the
 * lesson's context (CliLesson.contextWith, as `check --dockerignore`). Goals: context-size-under 1 MB, .env not in the
 * context, /app/.env not in the image, no CopyIgnoredFile, runs-cleanly.
 * The project on disk: node_modules 90 MB (host-installed), .git 2 MB,
 * coverage/, dist/, .env with secrets, and the sources.
 */
import { text, type LessonCases } from './types';

const all = {
  'context-size-under': true, 'path-absent(.env in context)': true, 'path-absent(/app/.env in image)': true,
  'no-rule-findings': true, 'runs-cleanly': true,
};

/** The lesson's Dockerfile: named files for the install, then COPY . . for the rest. */
export const start = text`
  FROM node:20-alpine
  WORKDIR /app
  COPY package.json package-lock.json ./
  RUN npm ci && npm cache clean --force
  COPY . .
  RUN npm run build
  EXPOSE 3000
  CMD ["node", "dist/server.js"]
`;

/** A Dockerfile that names every file it copies. */
export const named = text`
  FROM node:20-alpine
  WORKDIR /app
  COPY package*.json ./
  RUN npm ci && npm cache clean --force
  COPY tsconfig.json ./
  COPY src ./src
  RUN npm run build
  EXPOSE 3000
  CMD ["node", "dist/server.js"]
`;

export const recommended = text`
  .git
  node_modules
  dist
  coverage
  **/*.log
  .env
  .env.*
`;

export const cases: LessonCases = {
  wrong: [
    {
      name: 'leaves .dockerignore empty',
      dockerfile: start,
      dockerignore: '',
      met: { ...all, 'context-size-under': false, 'path-absent(.env in context)': false, 'path-absent(/app/.env in image)': false },
    },
    {
      name: 'ignores node_modules only (.git and .env still sent)',
      dockerfile: start,
      dockerignore: text`
        node_modules
      `,
      met: { ...all, 'context-size-under': false, 'path-absent(.env in context)': false, 'path-absent(/app/.env in image)': false },
    },
    {
      name: 'ignores the heavy folders but forgets the secret',
      dockerfile: start,
      dockerignore: text`
        .git
        node_modules
        dist
        coverage
      `,
      met: { ...all, 'path-absent(.env in context)': false, 'path-absent(/app/.env in image)': false },
    },
    {
      name: 'an allowlist that leaves src out',
      dockerfile: start,
      dockerignore: text`
        *
        !package.json
        !package-lock.json
        !tsconfig.json
      `,
      // COPY . . copies what is left; tsc: error TS18003: No inputs were found in config file.
      met: { ...all, 'path-absent(/app/.env in image)': false, 'runs-cleanly': false },
      fails: 'build',
      because: /TS18003|No inputs/,
    },
    {
      name: 'ignores package-lock.json (CopyIgnoredFile, then the COPY fails)',
      dockerfile: start,
      dockerignore: text`
        .git
        node_modules
        package-lock.json
        .env
      `,
      // failed to compute cache key: "/package-lock.json": not found
      met: { ...all, 'path-absent(/app/.env in image)': false, 'no-rule-findings': false, 'runs-cleanly': false },
      fails: 'build',
      because: /package-lock\.json/,
    },
    {
      name: 'fixes the Dockerfile with named COPY lines but sends the whole folder',
      dockerfile: named,
      dockerignore: '',
      met: { ...all, 'context-size-under': false, 'path-absent(.env in context)': false },
    },
    {
      name: 'ignores src as "source, not needed in the image"',
      dockerfile: start,
      dockerignore: text`
        ${recommended}
        src
      `,
      met: { ...all, 'path-absent(/app/.env in image)': false, 'runs-cleanly': false },
      fails: 'build',
      because: /TS18003|No inputs/,
    },
  ],
  correct: [
    {
      name: 'the recommended denylist with the lesson’s Dockerfile',
      dockerfile: start,
      dockerignore: recommended,
    },
    {
      name: 'an allowlist that keeps src, with ** patterns for the secrets',
      dockerfile: start,
      dockerignore: text`
        # Send only what the build reads.
        *
        !package.json
        !package-lock.json
        !tsconfig.json
        !src
        **/.env
        **/.env.*
      `,
    },
    {
      name: 'named COPY lines and a short denylist with trailing slashes',
      dockerfile: named,
      dockerignore: text`
        .git/
        node_modules/
        coverage/
        dist/
        .env*
      `,
    },
  ],
};
