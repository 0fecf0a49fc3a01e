/**
 * Lesson 10, the capstone: a Vite front end (web/) and a Go API (api/) in one
 * image. Goals: stage-count ≥ 3, final-copies-from /web/dist from web,
 * image-size-under 20 MB, final-user-non-root, go-binary-static-stripped,
 * exec-form-command, base-images-pinned, no-rule-findings (DL3006, DL3007,
 * JSONArgsRecommended), no-errors, runs-cleanly. The API serves STATIC_DIR,
 * /srv/public by default; it makes no HTTPS calls.
 */
import { text, type LessonCases } from './types';

const all = {
  'stage-count': true, 'final-copies-from': true, 'image-size-under': true, 'final-user-non-root': true,
  'go-binary-static-stripped': true, 'exec-form-command': true, 'base-images-pinned': true,
  'no-rule-findings': true, 'no-errors': true, 'runs-cleanly': true,
};

export const web = (from = 'node:20.11-alpine') => text`
  FROM ${from} AS web
  WORKDIR /web
  COPY web/package.json web/package-lock.json ./
  RUN npm ci
  COPY web/index.html web/tsconfig.json ./
  COPY web/src ./src
  COPY web/public ./public
  RUN npm run build
`;

export const api = (build = 'CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/status-api .') => text`
  FROM golang:1.22.5 AS api
  WORKDIR /src
  COPY api/go.mod api/main.go ./
  RUN ${build}
`;

export const scratch = (user = 'USER 65532', command = 'ENTRYPOINT ["/status-api"]') => text`
  FROM scratch AS runtime
  COPY --from=api /out/status-api /status-api
  COPY --from=web /web/dist /srv/public
  ${user}
  EXPOSE 8080
  ${command}
`;

export const cases: LessonCases = {
  wrong: [
    {
      name: 'an unstripped Go binary',
      dockerfile: text`
        ${web()}
        ${api('CGO_ENABLED=0 go build -o /out/status-api .')}
        ${scratch()}
      `,
      met: { ...all, 'go-binary-static-stripped': false },
    },
    {
      name: 'a cgo binary on scratch (golang:1.22.5 has gcc, so cgo is on)',
      dockerfile: text`
        ${web()}
        ${api('go build -ldflags="-s -w" -o /out/status-api .')}
        ${scratch()}
      `,
      // exec /status-api: no such file or directory
      met: { ...all, 'go-binary-static-stripped': false, 'runs-cleanly': false },
      fails: 'run',
      because: /no such file or directory/,
    },
    {
      name: 'a floating node:20-alpine for the web stage',
      dockerfile: text`
        ${web('node:20-alpine')}
        ${api()}
        ${scratch()}
      `,
      met: { ...all, 'base-images-pinned': false },
    },
    {
      name: 'USER nobody on scratch',
      dockerfile: text`
        ${web()}
        ${api()}
        ${scratch('USER nobody')}
      `,
      met: { ...all, 'final-user-non-root': false, 'runs-cleanly': false },
      fails: 'run',
      because: /unable to find user nobody/,
    },
    {
      name: 'shell-form CMD on scratch',
      dockerfile: text`
        ${web()}
        ${api()}
        ${scratch('USER 65532', 'CMD /status-api')}
      `,
      met: { ...all, 'exec-form-command': false, 'no-rule-findings': false, 'runs-cleanly': false },
      fails: 'run',
      because: /\/bin\/sh/,
    },
    {
      name: 'no index.html for vite in the web stage',
      dockerfile: text`
        FROM node:20.11-alpine AS web
        WORKDIR /web
        COPY web/package.json web/package-lock.json ./
        RUN npm ci
        COPY web/tsconfig.json ./
        COPY web/src ./src
        COPY web/public ./public
        RUN npm run build

        ${api()}
        ${scratch()}
      `,
      met: { ...all, 'image-size-under': false, 'final-user-non-root': false, 'go-binary-static-stripped': false, 'runs-cleanly': false },
      fails: 'build',
      because: /index\.html/,
    },
    {
      name: 'copies the whole /web folder, node_modules included, into the image',
      dockerfile: text`
        ${web()}
        ${api()}
        FROM scratch AS runtime
        COPY --from=api /out/status-api /status-api
        COPY --from=web /web /srv/public
        USER 65532
        ENTRYPOINT ["/status-api"]
      `,
      // 41 MB of node_modules: far over 20 MB. The API still starts and serves the folder.
      met: { ...all, 'final-copies-from': false, 'image-size-under': false },
    },
    {
      name: 'no ENTRYPOINT or CMD',
      dockerfile: text`
        ${web()}
        ${api()}
        FROM scratch AS runtime
        COPY --from=api /out/status-api /status-api
        COPY --from=web /web/dist /srv/public
        USER 65532
        EXPOSE 8080
      `,
      met: { ...all, 'exec-form-command': false, 'runs-cleanly': false },
      fails: 'run',
      because: /no command specified/,
    },
    {
      name: 'distroless by its floating :nonroot tag',
      dockerfile: text`
        ${web()}
        ${api()}
        FROM gcr.io/distroless/static-debian12:nonroot AS runtime
        COPY --from=api /out/status-api /status-api
        COPY --from=web /web/dist /srv/public
        ENTRYPOINT ["/status-api"]
      `,
      met: { ...all, 'base-images-pinned': false },
    },
  ],
  correct: [
    {
      name: 'scratch, USER 65532:65532, web/ and api/ copied whole (npm ci replaces the host node_modules)',
      dockerfile: text`
        FROM node:20.11-alpine AS web
        WORKDIR /web
        COPY web/ ./
        RUN npm ci && npm run build

        FROM golang:1.22.5 AS api
        WORKDIR /src
        COPY api/ ./
        RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/status-api .

        FROM scratch
        COPY --from=api /out/status-api /status-api
        COPY --from=web /web/dist /srv/public
        USER 65532:65532
        EXPOSE 8080
        ENTRYPOINT ["/status-api"]
      `,
    },
    {
      // A digest real projects pin for static-debian12:nonroot (seen in public Dockerfiles); for a
      // build of your own, take the one `docker buildx imagetools inspect` prints. The :nonroot image
      // runs as uid 65532 without a USER line.
      name: 'distroless static pinned by digest, running as the image’s own nonroot user (no USER line)',
      dockerfile: text`
        ${web()}
        ${api()}
        FROM gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639 AS runtime
        COPY --from=api /out/status-api /status-api
        COPY --from=web /web/dist /srv/public
        EXPOSE 8080
        ENTRYPOINT ["/status-api"]
      `,
    },
    {
      name: 'alpine:3.20 with a user of its own, STATIC_DIR moved, CMD in exec form',
      dockerfile: text`
        ${web()}
        FROM golang:1.22.5-alpine AS api
        WORKDIR /src
        COPY api/go.mod api/main.go ./
        RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/status-api .

        FROM alpine:3.20 AS runtime
        RUN adduser -D -u 10001 app
        COPY --from=api /out/status-api /usr/local/bin/status-api
        COPY --from=web /web/dist /var/www
        ENV STATIC_DIR=/var/www
        USER app
        EXPOSE 8080
        CMD ["status-api"]
      `,
    },
  ],
};
