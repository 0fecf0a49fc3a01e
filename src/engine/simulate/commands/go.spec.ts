/**
 * The go command (Go 1.22, golang:1.22 on Debian and golang:1.22-alpine): go
 * build needs go.mod, the package folder and the module's packages it imports;
 * it writes the binary and fills the build cache.
 */
import { describe, expect, it } from 'vitest';
import calibration from '../../images/calibration/image-sizes.json';
import { golang, node, on } from './spec-helpers';

const STATIC = 7_500_000; // net/http server, CGO_ENABLED=0, Go 1.22 (calibration estimate)
const CACHE = (calibration.artifacts as Record<string, { bytes: number }>)['go build cache after that build']!.bytes;
const BUILD = 'COPY go.mod ./\nCOPY cmd ./cmd\n';
const SERVER = { 'cmd/server/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n' };
const goAlpine = (body: string) => on('golang:1.22-alpine', body, { workdir: '/src', files: SERVER });
const IMPORTS_HANDLERS = (module: string) => `package main\n\nimport (\n\t"net/http"\n\t"${module}/internal/handlers"\n)\n\nfunc main() { http.ListenAndServe(":8080", handlers.New()) }\n`;

describe('go build: what it makes', () => {
  it('CGO_ENABLED=0 -o /server: a static binary of the measured size', () => expect(golang(`${BUILD}RUN CGO_ENABLED=0 go build -o /server ./cmd/server`, { files: SERVER }).entries['/server']).toMatchObject({ bytes: STATIC, mode: 0o755, binary: { linkage: 'static', stripped: false } }));
  it('fills Go’s build cache in /root/.cache/go-build, in the layer', () => expect(golang(`${BUILD}RUN CGO_ENABLED=0 go build -o /server ./cmd/server`, { files: SERVER }).files['/root/.cache/go-build']).toBe(CACHE));
  it('with a cache mount, the build cache stays out of the layer', () => expect(golang(`${BUILD}RUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /server ./cmd/server`, { files: SERVER })).toMatchObject({ files: { '/server': STATIC }, notes: ["Go's build cache went to the cache mount at /root/.cache/go-build, not into the layer"] }));
  it('-ldflags="-s -w" strips the symbols: a smaller binary', () => expect(golang(`${BUILD}RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /server ./cmd/server`, { files: SERVER }).entries['/server']).toMatchObject({ bytes: 5_187_735, binary: { stripped: true } }));
  it('golang:1.22 has gcc, so cgo is on by default and net/http links against glibc', () => expect(golang(`${BUILD}RUN go build -o /server ./cmd/server`, { files: SERVER })).toMatchObject({ entries: { '/server': { binary: { linkage: 'dynamic', libc: 'glibc' } } }, notes: ['CGO_ENABLED=1: /server is dynamically linked against glibc'] }));
  it('with cgo on, a program that imports no cgo package is still linked statically', () => expect(golang(`${BUILD}RUN go build -o /server ./cmd/server`, { files: { 'cmd/server/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n' } }).entries['/server']?.binary?.linkage).toBe('static'));
  it('golang:1.22-alpine has no C compiler, so cgo is off by default: static', () => expect(goAlpine(`${BUILD}RUN go build -o /server ./cmd/server`).entries['/server']?.binary?.linkage).toBe('static'));
  it('without -o, the binary is named after the package folder, in the working folder', () => expect(Object.keys(golang(`${BUILD}RUN CGO_ENABLED=0 go build ./cmd/server`, { files: SERVER }).files)).toContain('/src/server'));
  it('at the module root without -o, the binary is named after the module path', () => expect(Object.keys(golang('COPY go.mod main.go ./\nRUN CGO_ENABLED=0 go build', { files: { 'main.go': 'package main\n\nfunc main() {}\n' } }).files)).toContain('/src/app'));
  it('-o into a folder (trailing slash) puts the binary there under the package name', () => expect(Object.keys(golang(`${BUILD}RUN CGO_ENABLED=0 go build -o /out/ ./cmd/server`, { files: SERVER }).files)).toContain('/out/server'));
  it('the module’s own packages are found when they were copied', () => expect(golang('COPY . .\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server', { files: { 'cmd/server/main.go': IMPORTS_HANDLERS('example.com/app'), 'internal/handlers/h.go': 'package handlers\n' } }).status).toBe('ok'));
});

describe('go build: how it fails', () => {
  it('without go.mod', () => expect(golang('COPY cmd ./cmd\nRUN go build -o /server ./cmd/server').message).toBe("go: go.mod file not found in current directory or any parent directory; see 'go help modules'"));
  it('the package folder was not copied', () => expect(golang('COPY go.mod ./\nRUN go build -o /server ./cmd/server').message).toBe('stat /src/cmd/server: directory not found'));
  it('the package folder has no .go files', () => expect(golang(`${BUILD}RUN go build -o /server ./cmd/server`, { files: { 'cmd/server/main.go': null, 'cmd/server/README.md': '# server\n' } }).message).toBe('no Go files in /src/cmd/server'));
  it('an internal package was not copied (module path with a dot): no required module provides it', () => expect(golang(`${BUILD}RUN go build -o /server ./cmd/server`, { files: { 'cmd/server/main.go': IMPORTS_HANDLERS('example.com/app') } }).message).toBe('cmd/server/main.go:5:2: no required module provides package example.com/app/internal/handlers; to add it:\n\tgo get example.com/app/internal/handlers'));
  it('an internal package was not copied (module path without a dot): it is looked for in std', () => expect(golang(`${BUILD}RUN go build -o /server ./cmd/server`, { files: { 'go.mod': 'module app\n\ngo 1.22\n', 'cmd/server/main.go': IMPORTS_HANDLERS('app') } }).message).toBe('cmd/server/main.go:5:2: package app/internal/handlers is not in std (/usr/local/go/src/app/internal/handlers)'));
  it('a package of another module without go.sum: missing go.sum entry, with the importing package to go get', () => expect(golang(`${BUILD}RUN go build -o /server ./cmd/server`, { files: { 'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n', 'cmd/server/main.go': 'package main\n\nimport (\n\t"net/http"\n\t"github.com/go-chi/chi/v5"\n)\n\nfunc main() { http.ListenAndServe(":8080", chi.NewRouter()) }\n' } }).message).toBe('cmd/server/main.go:5:2: missing go.sum entry for module providing package github.com/go-chi/chi/v5 (imported by example.com/app/cmd/server); to add:\n\tgo get example.com/app/cmd/server'));
  it('in an image without Go, dash cannot find it', () => expect(node('RUN go build ./...').message).toBe('/bin/sh: 1: go: not found'));
});

describe('other go commands', () => {
  it('go mod download with no requirements has nothing to do', () => expect(golang('COPY go.mod ./\nRUN go mod download')).toMatchObject({ status: 'ok', output: ['go: no module dependencies to download'] }));
  it('go mod download of requirements is unknown (module sizes are not in the catalog)', () => expect(golang('COPY go.mod ./\nRUN go mod download', { files: { 'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n' } }).status).toBe('unknown'));
  it('go mod download without go.mod: no modules specified', () => expect(golang('RUN go mod download').message).toBe("go: no modules specified (see 'go help mod download')"));
  it('go test runs the _test.go files it finds and adds nothing', () => expect(golang('COPY . .\nRUN go test ./...', { files: { 'cmd/server/main_test.go': 'package main\n' } })).toMatchObject({ status: 'ok', bytes: 0, activities: [{ kind: 'tests', tool: 'go test', files: 1 }] }));
  it('go test without go.mod', () => expect(golang('COPY cmd ./cmd\nRUN go test ./...').message).toBe("go: go.mod file not found in current directory or any parent directory; see 'go help modules'"));
  it('go version changes nothing', () => expect(golang('RUN go version')).toMatchObject({ status: 'ok', bytes: 0 }));
});

describe('go clean', () => {
  it('-cache in the same RUN keeps the build cache out of the layer', () => {
    const r = golang(`${BUILD}RUN CGO_ENABLED=0 go build -o /server ./cmd/server && go clean -cache`, { files: SERVER });
    expect(r.files['/root/.cache/go-build']).toBeUndefined();
    expect(r.files['/server']).toBe(STATIC);
  });
  it('-cache honours GOCACHE', () => expect(golang(`${BUILD}ENV GOCACHE=/tmp/gocache\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server && go clean -cache`, { files: SERVER }).files['/tmp/gocache']).toBeUndefined());
  it('other go clean forms are not simulated: effect unknown', () => expect(golang(`${BUILD}RUN go clean -testcache`, { files: SERVER }).status).toBe('unknown'));
});
