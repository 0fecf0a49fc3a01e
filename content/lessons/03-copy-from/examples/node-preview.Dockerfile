# One stage: build the page and serve it with Vite's preview server.
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json index.html ./
COPY public ./public
COPY src ./src
RUN npm run build
EXPOSE 4173
CMD ["npx", "vite", "preview", "--host"]
