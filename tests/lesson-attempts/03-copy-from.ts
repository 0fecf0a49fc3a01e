/**
 * Lesson 3: build a Vite page with Node, serve only its dist/ with nginx.
 * Goals: final-base-matches nginx:*, final-copies-from /app/dist from build,
 * path-absent /usr/share/nginx/html/node_modules, image-size-under 50 MB, runs-cleanly.
 */
import { text, type LessonCases } from './types';

const all = { 'final-base-matches': true, 'final-copies-from': true, 'path-absent': true, 'image-size-under': true, 'runs-cleanly': true };
const failedBuild = { 'final-base-matches': true, 'final-copies-from': true, 'path-absent': false, 'image-size-under': false, 'runs-cleanly': false };

export const build = text`
  FROM node:20-alpine AS build
  WORKDIR /app
  COPY package.json package-lock.json ./
  RUN npm ci
  COPY tsconfig.json index.html ./
  COPY public ./public
  COPY src ./src
  RUN npm run build
`;

export const cases: LessonCases = {
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
      fails: 'build',
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
      fails: 'build',
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
      fails: 'build',
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
      fails: 'run',
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
};
