/**
 * Lesson 5: a Go server on scratch. Goals: final-base-matches scratch,
 * runs-cleanly, final-user-non-root, image-size-under 10 MB, ca-certificates.
 * The server makes an HTTPS call from its /upstream handler, not at start-up.
 */
import { text, type LessonCases } from './types';

const all = { 'final-base-matches': true, 'runs-cleanly': true, 'final-user-non-root': true, 'image-size-under': true, 'ca-certificates': true };

export const build = text`
  FROM golang:1.22 AS build
  WORKDIR /src
  COPY go.mod ./
  COPY cmd ./cmd
  COPY internal ./internal
  RUN CGO_ENABLED=0 go build -o /server ./cmd/server
`;

export const cases: LessonCases = {
  wrong: [
    {
      name: 'shell-form CMD on scratch',
      dockerfile: text`
        ${build}
        FROM scratch
        COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
        COPY --from=build /server /server
        USER 65532:65532
        CMD /server
      `,
      // exec: "/bin/sh": stat /bin/sh: no such file or directory
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /\/bin\/sh/,
    },
    {
      name: 'a cgo binary on scratch (no CGO_ENABLED=0 on golang:1.22)',
      dockerfile: text`
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY go.mod ./
        COPY cmd ./cmd
        COPY internal ./internal
        RUN go build -o /server ./cmd/server

        FROM scratch
        COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
        COPY --from=build /server /server
        USER 65532:65532
        ENTRYPOINT ["/server"]
      `,
      // exec /server: no such file or directory (the dynamic loader is missing)
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /no such file or directory/,
    },
    {
      name: 'USER nobody on scratch (no /etc/passwd)',
      dockerfile: text`
        ${build}
        FROM scratch
        COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
        COPY --from=build /server /server
        USER nobody
        ENTRYPOINT ["/server"]
      `,
      // unable to find user nobody: no matching entries in passwd file
      met: { ...all, 'runs-cleanly': false, 'final-user-non-root': false },
      fails: 'run',
      because: /unable to find user nobody/,
    },
    {
      name: 'no ENTRYPOINT or CMD (scratch sets none)',
      dockerfile: text`
        ${build}
        FROM scratch
        COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
        COPY --from=build /server /server
        USER 65532:65532
        EXPOSE 8080
      `,
      // docker: Error response from daemon: no command specified.
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /no command specified/,
    },
    {
      name: 'ENTRYPOINT by bare name on scratch (no PATH entry holds /server)',
      dockerfile: text`
        ${build}
        FROM scratch
        COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
        COPY --from=build /server /
        USER 65532:65532
        ENTRYPOINT ["server"]
      `,
      // exec: "server": executable file not found in $PATH (Docker's default PATH has no /)
      met: { ...all, 'runs-cleanly': false },
      fails: 'run',
      because: /executable file not found in \$PATH/,
    },
    {
      name: 'COPY go.mod go.sum ./ on a module that has no go.sum',
      dockerfile: text`
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY go.mod go.sum ./
        COPY cmd ./cmd
        COPY internal ./internal
        RUN CGO_ENABLED=0 go build -o /server ./cmd/server

        FROM scratch
        COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
        COPY --from=build /server /server
        USER 65532:65532
        ENTRYPOINT ["/server"]
      `,
      // failed to compute cache key: "/go.sum": not found
      met: { 'final-base-matches': true, 'runs-cleanly': false, 'final-user-non-root': false, 'image-size-under': false, 'ca-certificates': false },
      fails: 'build',
      because: /go\.sum/,
    },
    {
      name: 'CA certificates left out',
      dockerfile: text`
        ${build}
        FROM scratch
        COPY --from=build /server /server
        USER 65532:65532
        ENTRYPOINT ["/server"]
      `,
      // The server starts and serves / and /healthz; only a request to /upstream fails with
      // "x509: certificate signed by unknown authority". The container does start.
      met: { ...all, 'ca-certificates': false },
    },
    {
      name: 'runs as root (no USER)',
      dockerfile: text`
        ${build}
        FROM scratch
        COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
        COPY --from=build /server /server
        ENTRYPOINT ["/server"]
      `,
      met: { ...all, 'final-user-non-root': false },
    },
    {
      name: 'ships on alpine:3.20 instead of scratch',
      dockerfile: text`
        ${build}
        FROM alpine:3.20
        COPY --from=build /server /usr/local/bin/server
        USER 65532:65532
        ENTRYPOINT ["server"]
      `,
      // 7.8 MB + an 8 MB binary: about 16 MB. alpine has its own CA bundle.
      met: { ...all, 'final-base-matches': false, 'image-size-under': false },
    },
  ],
  correct: [
    {
      name: 'the whole /etc/ssl/certs folder, CGO_ENABLED as ENV, exec-form CMD, USER 65532',
      dockerfile: text`
        FROM golang:1.22 AS build
        ENV CGO_ENABLED=0
        WORKDIR /src
        COPY go.mod ./
        COPY . .
        RUN go build -o /server ./cmd/server

        FROM scratch
        COPY --from=build /etc/ssl/certs /etc/ssl/certs
        COPY --from=build /server /server
        USER 65532
        EXPOSE 8080
        CMD ["/server"]
      `,
    },
    {
      name: 'stripped, --from=0, the bundle file named in full, USER 10001:10001',
      dockerfile: text`
        FROM golang:1.22.5
        WORKDIR /src
        COPY go.mod ./
        COPY cmd/ ./cmd/
        COPY internal/ ./internal/
        RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server

        FROM scratch
        COPY --from=0 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
        COPY --from=0 /out/server /usr/local/bin/server
        USER 10001:10001
        ENTRYPOINT ["/usr/local/bin/server"]
      `,
    },
    {
      name: 'built on golang:1.22-alpine (no C compiler, so cgo is off) with its CA bundle',
      dockerfile: text`
        FROM golang:1.22-alpine AS build
        WORKDIR /src
        COPY go.mod ./
        COPY cmd ./cmd
        COPY internal ./internal
        RUN go build -o /server ./cmd/server

        FROM scratch
        COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
        COPY --from=build /server /server
        USER 65532:65532
        ENTRYPOINT ["/server"]
      `,
    },
  ],
};
