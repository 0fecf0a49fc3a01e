# One stage on node:20-alpine: prune the dev dependencies after the build.
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build
RUN npm prune --omit=dev
EXPOSE 3000
CMD ["node", "dist/server.js"]
