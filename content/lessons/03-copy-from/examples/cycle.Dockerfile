FROM node:20-alpine AS build
WORKDIR /app
COPY --from=web /usr/share/nginx/html ./previous
RUN npm run build

FROM nginx:alpine AS web
COPY --from=build /app/dist /usr/share/nginx/html
