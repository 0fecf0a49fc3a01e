# deps: every dependency, dev ones included. Cached until package*.json changes.
FROM node:20-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# build: compile TypeScript on top of deps.
FROM deps AS build
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# test: only built when asked for, with docker build --target test.
FROM build AS test
COPY test ./test
RUN npm test

# prod-deps: production dependencies only, for the runtime to copy.
FROM node:20-alpine AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

# runtime: what ships.
FROM node:20-alpine AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/server.js"]
