FROM node:20-alpine AS build
WORKDIR /app
RUN npm run build
COPY --from=build /app/dist ./public
