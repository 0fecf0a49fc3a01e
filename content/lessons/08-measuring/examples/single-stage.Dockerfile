# The single-stage Dockerfile of lesson 1: what this lesson compares against.
FROM node:20

WORKDIR /app
COPY . .
RUN npm install
RUN npm run build

EXPOSE 3000
CMD ["node", "dist/server.js"]
