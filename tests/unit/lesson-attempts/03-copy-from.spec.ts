/**
 * Lesson 3: build a Vite page with Node, serve only its dist/ with nginx.
 * Goals: final-base-matches nginx:*, final-copies-from /app/dist from build,
 * path-absent /usr/share/nginx/html/node_modules, image-size-under 50 MB, runs-cleanly.
 */
import { describe, expect, it } from 'vitest';
import { contextOf, describeLesson, loadLesson, text, verdict } from './helpers';

const all = { 'final-base-matches': true, 'final-copies-from': true, 'path-absent': true, 'image-size-under': true, 'runs-cleanly': true };
const failedBuild = { 'final-base-matches': true, 'final-copies-from': true, 'path-absent': false, 'image-size-under': false, 'runs-cleanly': false };

const build = text`
  FROM node:20-alpine AS build
  WORKDIR /app
  COPY package.json package-lock.json ./
  RUN npm ci
  COPY tsconfig.json index.html ./
  COPY public ./public
  COPY src ./src
  RUN npm run build
`;

describeLesson('03-copy-from', {
  wrong: [
    {
      name: 'names the stage but still copies the whole /app into the web root',
      dockerfile: text`
        ${build}
        FROM nginx:alpine
        COPY --from=build /app /usr/share/nginx/html
      `,
      // nginx starts and serves /app's source index.html; node_modules (41 MB) is published with it.
      met: { ...all, 'final-copies-from': false, 'path-absent': false, 'image-size-under': false },
    },
    {
      name: 'no index.html for vite',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json ./
        COPY public ./public
        COPY src ./src
        RUN npm run build

        FROM nginx:alpine
        COPY --from=build /app/dist /usr/share/nginx/html
      `,
      // vite build: Could not resolve entry module "index.html".
      met: failedBuild,
      because: /index\.html/,
    },
    {
      name: 'copies package.json without the lockfile, then npm ci',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package.json ./
        RUN npm ci
        COPY tsconfig.json index.html ./
        COPY public ./public
        COPY src ./src
        RUN npm run build

        FROM nginx:alpine
        COPY --from=build /app/dist /usr/share/nginx/html
      `,
      met: failedBuild,
      because: /package-lock\.json|lockfile|shrinkwrap/i,
    },
    {
      name: 'forgets RUN npm run build, so /app/dist does not exist',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci
        COPY tsconfig.json index.html ./
        COPY public ./public
        COPY src ./src

        FROM nginx:alpine
        COPY --from=build /app/dist /usr/share/nginx/html
      `,
      // failed to compute cache key: "/app/dist": not found
      met: failedBuild,
      because: /not found/,
    },
    {
      name: 'copies dist into a subfolder, so / still serves "Welcome to nginx!"',
      dockerfile: text`
        ${build}
        FROM nginx:alpine
        COPY --from=build /app/dist /usr/share/nginx/html/dist
      `,
      met: { ...all, 'runs-cleanly': false },
      because: /nginx/i,
    },
    {
      name: 'copies by index, --from=0, where the goal asks for the name',
      dockerfile: text`
        ${build}
        FROM nginx:alpine
        COPY --from=0 /app/dist /usr/share/nginx/html
      `,
      met: { ...all, 'final-copies-from': false },
    },
  ],
  correct: [
    {
      name: 'package*.json, a pinned nginx alpine release, trailing slashes',
      dockerfile: text`
        FROM node:20-alpine AS build
        WORKDIR /app
        COPY package*.json ./
        RUN npm ci
        COPY index.html tsconfig.json ./
        COPY src/ ./src/
        COPY public/ ./public/
        RUN npm run build

        FROM nginx:1.27-alpine
        COPY --from=build /app/dist/ /usr/share/nginx/html/
      `,
    },
    {
      name: 'a deps stage and a build stage on top of it',
      dockerfile: text`
        FROM node:20-alpine AS deps
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN npm ci

        FROM deps AS build
        COPY index.html tsconfig.json ./
        COPY src ./src
        COPY public ./public
        RUN npm run build

        FROM nginx:alpine AS web
        COPY --from=build /app/dist /usr/share/nginx/html
        EXPOSE 80
      `,
    },
  ],
});

describe('03-copy-from: an image Stagecraft has no figures for', () => {
  it('the Debian nginx image (plain `nginx`): the lesson is not complete, and whether it starts is unknown, not a failure', () => {
    // Real Docker would serve the page from nginx:latest (about 190 MB). Stagecraft has no figures or files
    // for the Debian variant, so it says it cannot tell rather than call it a success or a failure.
    const l = loadLesson('03-copy-from');
    const v = verdict(l, `${build}\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n`, contextOf(l.context));
    expect(v.complete).toBe(false);
    const runs = v.check.goals.find((g) => g.id === 'runs-cleanly')!;
    expect(runs).toMatchObject({ met: false, unknown: true });
    expect(v.check.build?.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
