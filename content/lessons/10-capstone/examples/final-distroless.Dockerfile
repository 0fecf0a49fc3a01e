FROM node:20.11-alpine AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/index.html web/tsconfig.json ./
COPY web/src ./src
COPY web/public ./public
RUN npm run build

FROM golang:1.22 AS api
WORKDIR /src
COPY api/go.mod ./
COPY api/main.go ./
RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/status-api .

FROM gcr.io/distroless/static-debian12:nonroot AS runtime
COPY --from=api /out/status-api /status-api
COPY --from=web /web/dist /srv/public
USER 65532
EXPOSE 8080
ENTRYPOINT ["/status-api"]
