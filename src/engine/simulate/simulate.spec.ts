import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse';
import { humanSize } from '../report/human-size';
import { build, context, facts, PACKAGE_JSON } from '../report/spec-fixtures';
import { simulateBuild } from './simulate';

const NODE_TWO_STAGE = `FROM node:20 AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM node:20-alpine AS runtime
WORKDIR /app
COPY --from=builder /app/dist ./dist
CMD ["node", "dist/server.js"]
`;

describe('sizes', () => {
  it('adds the base image to the layers the build makes', () => {
    const r = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./');
    expect(r.image!.bytes).toBe(135_660_000 + PACKAGE_JSON.length);
    expect(r.image!.layers.filter((l) => l.fromBase)).toHaveLength(5);
  });

  it('builds only what the target needs, and the image is the target stage', () => {
    const r = build(NODE_TWO_STAGE);
    expect(r.stages.map((s) => s.built)).toEqual([true, true]);
    expect(humanSize(r.image!.bytes)).toBe('136MB');
    const t = build(`${NODE_TWO_STAGE}\nFROM alpine:3.20 AS unused\nRUN echo never`, { target: 'runtime' });
    expect(t.stages.map((s) => s.built)).toEqual([true, true, false]);
    expect(t.target).toBe(1);
    const only = build(NODE_TWO_STAGE, { target: 'builder' });
    expect(only.stages.map((s) => s.built)).toEqual([true, false]);
  });

  it('counts npm ci with and without dev dependencies, and npm’s cache', () => {
    const all = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci');
    const prod = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev');
    const env = build('FROM node:20-alpine\nENV NODE_ENV=production\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci');
    const cleaned = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force');
    const mounted = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci');
    const stepBytes = (r: ReturnType<typeof build>) => r.steps.find((s) => s.label.includes('npm ci'))!.bytes;
    expect(stepBytes(prod)).toBeLessThan(stepBytes(all));
    expect(stepBytes(env)).toBe(stepBytes(prod));
    expect(stepBytes(cleaned)).toBeLessThan(stepBytes(all));
    expect(stepBytes(mounted)).toBe(stepBytes(cleaned));
    expect(mounted.steps.find((s) => s.label.includes('npm ci'))!.notes.join(' ')).toMatch(/cache mount/);
  });

  it('keeps deleted files in the layer that added them: wasted space', () => {
    const r = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nRUN npm cache clean --force');
    const same = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force');
    expect(r.image!.bytes).toBeGreaterThan(same.image!.bytes);
    expect(r.wasted.bytes).toBe(r.image!.bytes - same.image!.bytes);
    expect(r.wasted.files[0]!.path).toBe('/root/.npm/_cacache');
    expect(same.wasted.bytes).toBe(0);
    expect(r.efficiency).toBeLessThan(1);
  });

  it('npm prune in a later layer does not shrink the image', () => {
    const r = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force\nRUN npm prune --omit=dev');
    const before = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force');
    expect(r.image!.bytes).toBeGreaterThanOrEqual(before.image!.bytes);
    expect(r.wasted.files.some((f) => f.path === '/app/node_modules/typescript')).toBe(true);
  });

  it('chown -R copies files into a new layer', () => {
    const r = build('FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nRUN chown -R node:node /app');
    const chownStep = r.steps.find((s) => s.label.includes('chown'))!;
    expect(chownStep.bytes).toBeGreaterThan(0);
    expect(r.wasted.bytes).toBe(chownStep.bytes);
  });

  it('reports commands it does not know as “effect unknown”: nothing added, nothing failed, the verdict unknown', () => {
    const r = build('FROM alpine:3.20\nRUN make install\nCMD ["/usr/local/bin/app"]');
    const step = r.steps.at(-1)!;
    expect(step.bytes).toBe(0);
    expect(step.notes).toEqual(['effect unknown: make install']);
    expect(r.problems).toEqual([]);
    expect(r.image).not.toBeNull();
    // The program may have been installed by make: Stagecraft cannot say it is missing, nor that it is there.
    expect(r.unknowns.map((u) => u.line)).toEqual([2, 3]);
  });
});

describe('COPY', () => {
  it('copies directories’ contents, single files, globs and from stages', () => {
    const r = build('FROM alpine:3.20\nWORKDIR /app\nCOPY src ./src\nCOPY package.json /etc/pkg.json\nCOPY *.json ./cfg/');
    const paths = [...r.image!.layers.flatMap((l) => [...l.entries.keys()])];
    expect(paths).toEqual(expect.arrayContaining(['/app/src/server.ts', '/etc/pkg.json', '/app/cfg/tsconfig.json', '/app/cfg/package-lock.json']));
  });

  it('fails like Docker when a source is missing from the context', () => {
    const r = build('FROM alpine:3.20\nCOPY nope.txt /x');
    expect(r.problems).toMatchObject([{ code: 'missing-source', line: 2, when: 'build' }]);
    expect(r.problems[0]!.message).toContain('"/nope.txt": not found');
  });

  it('fails when the stage it copies from lacks the path', () => {
    const r = build('FROM alpine:3.20 AS a\nFROM alpine:3.20\nCOPY --from=a /out/app /app');
    expect(r.problems[0]).toMatchObject({ code: 'copy-from-missing-path', line: 3 });
  });

  it('copies a file an image is known to have', () => {
    const r = build('FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/');
    expect(r.image!.bytes).toBe(219_597);
  });
});

describe('the build cache', () => {
  it('keeps npm ci CACHED when only the source changes', () => {
    const first = build(NODE_TWO_STAGE);
    const second = simulateBuild(parseDockerfile(NODE_TWO_STAGE), {
      context: context({ 'src/server.ts': 'console.log("changed")\n' }),
      facts,
      cache: first.cacheKeys,
    });
    const cached = Object.fromEntries(second.steps.map((s) => [s.label.replace(/^\[[^\]]+\] /, ''), s.cached]));
    expect(cached['RUN npm ci']).toBe(true);
    expect(cached['COPY src ./src']).toBe(false);
    expect(cached['RUN npm run build']).toBe(false);
    expect(cached['COPY --from=builder /app/dist ./dist']).toBe(false);
  });

  it('re-runs npm ci when COPY . . brings the changed source in first', () => {
    const naive = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci';
    const first = build(naive);
    const second = simulateBuild(parseDockerfile(naive), { context: context({ 'src/server.ts': 'x\n' }), facts, cache: first.cacheKeys });
    expect(second.steps.find((s) => s.label.includes('npm ci'))!.cached).toBe(false);
  });

  it('shows everything CACHED on an identical rebuild', () => {
    const first = build(NODE_TWO_STAGE);
    const again = build(NODE_TWO_STAGE, { cache: first.cacheKeys });
    expect(again.steps.every((s) => s.cached)).toBe(true);
  });
});

describe('what docker run would hit', () => {
  const GO = (cgo: string, cmd = 'ENTRYPOINT ["/server"]') => `FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod ./
COPY cmd ./cmd
RUN ${cgo}go build -o /server ./cmd/server
FROM scratch
COPY --from=build /server /server
${cmd}`;

  it('a static Go binary runs on scratch', () => {
    const r = build(GO('CGO_ENABLED=0 '));
    expect(r.problems).toEqual([]);
    expect(r.image!.bytes).toBe(7_500_000);
  });

  it('a cgo binary on scratch fails with “no such file or directory”', () => {
    // With cgo on (golang:1.22 has a C compiler), a program using net is linked against glibc.
    const server = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
    const r = simulateBuild(parseDockerfile(GO('')), { context: context({ 'cmd/server/main.go': server }), facts });
    // A program that uses no cgo package stays static even with cgo on.
    expect(simulateBuild(parseDockerfile(GO('')), { context: context({ 'cmd/server/main.go': 'package main\n\nfunc main() {}\n' }), facts }).problems).toEqual([]);
    expect(r.problems).toMatchObject([{ code: 'dynamic-binary-without-libc', message: 'exec /server: no such file or directory', when: 'run', line: 8 }]);
  });

  it('-ldflags "-s -w" makes a smaller binary', () => {
    expect(build(GO('CGO_ENABLED=0 ').replace('go build', 'go build -ldflags="-s -w"')).image!.bytes).toBeLessThan(6_000_000);
  });

  it('shell-form CMD and RUN need /bin/sh', () => {
    expect(build(GO('CGO_ENABLED=0 ', 'CMD /server')).problems).toMatchObject([{ code: 'no-shell', when: 'run' }]);
    expect(build('FROM scratch\nRUN echo hi').problems).toMatchObject([{ code: 'no-shell', when: 'build', line: 2 }]);
  });

  it('a USER that does not exist', () => {
    expect(build('FROM node:20-alpine\nUSER node\nCMD ["node"]').problems).toEqual([]);
    expect(build('FROM alpine:3.20\nUSER app\nCMD ["/bin/sh"]').problems).toMatchObject([{ code: 'unknown-user', when: 'run' }]);
    expect(build('FROM alpine:3.20\nRUN adduser -D app\nUSER app\nCMD ["/bin/sh"]').problems).toEqual([]);
    expect(build('FROM scratch\nUSER 65532\nCOPY package.json /p').problems.map((p) => p.code)).toEqual(['no-command']);
    const onScratch = build('FROM scratch\nCOPY package.json /p\nUSER nobody\nENTRYPOINT ["/p"]').problems.find((p) => p.code === 'unknown-user')!;
    expect(onScratch.explanation).toContain('USER 65532:65532');
    expect(onScratch.explanation).not.toMatch(/useradd|adduser/);
  });

  it('HTTPS without CA certificates, when the project makes HTTPS calls', () => {
    const https = { ...facts, makesHttpsCalls: true };
    const text = GO('CGO_ENABLED=0 ');
    expect(simulateBuild(parseDockerfile(text), { context: context(), facts: https }).problems).toMatchObject([{ code: 'no-ca-certificates' }]);
    const withCerts = text.replace('COPY --from=build /server /server', 'COPY --from=build /server /server\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/');
    expect(simulateBuild(parseDockerfile(withCerts), { context: context(), facts: https }).problems).toEqual([]);
  });

  it('a CMD that points at a file the image does not have', () => {
    const r = build('FROM node:20-alpine\nWORKDIR /app\nCMD ["node", "dist/server.js"]');
    expect(r.problems).toMatchObject([{ code: 'missing-executable' }]);
    expect(r.problems[0]!.message).toContain("Error: Cannot find module '/app/dist/server.js'");
    expect(build('FROM alpine:3.20\nENTRYPOINT ["/app/run"]').problems[0]!.message).toContain('stat /app/run: no such file or directory');
  });

  it('npm ci without a lockfile fails as npm does', () => {
    const r = build('FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci');
    expect(r.problems[0]!.message).toContain('can only install with an existing package-lock.json');
  });
});

describe('totality', () => {
  it('never throws on odd Dockerfiles', () => {
    for (const text of ['', 'FROM', 'FROM a AS x\nCOPY --from=x /a /b', 'FROM a AS x\nCOPY --from=y /a /b\nFROM b AS y\nCOPY --from=x /a /b', 'COPY a b', 'FROM ${X}\nRUN ["a"]', 'FROM node:20\nCOPY --from=$X /a /b']) {
      expect(() => build(text)).not.toThrow();
    }
  });

  it('an unknown image gets an assumed size and a note', () => {
    const r = build('FROM example.com/team/tool:1.2');
    expect(r.image!.bytes).toBe(100_000_000);
    expect(r.notes[0]).toMatch(/no figures for example.com\/team\/tool:1.2/);
  });
});

describe('a COPY repeated on the same context (as the learner types)', () => {
  it('gives the same build as the first time, and a changed destination, owner or mode is not taken from the first', () => {
    const ctx = context();
    const build = (text: string) => simulateBuild(parseDockerfile(text), { context: ctx });
    const text = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN rm -rf src\n';
    const first = build(text);
    const again = build(text);
    expect(again.steps.map((s) => [s.cacheKey, s.bytes])).toEqual(first.steps.map((s) => [s.cacheKey, s.bytes]));
    expect(again.image!.bytes).toBe(first.image!.bytes);
    expect(again.wasted).toEqual(first.wasted);

    const paths = (r: ReturnType<typeof build>) => r.image!.layers.flatMap((l) => [...l.entries.values()].map((e) => `${e.path} ${e.owner ?? ''} ${e.mode ?? ''}`));
    const moved = build(text.replace('WORKDIR /app', 'WORKDIR /srv'));
    expect(paths(moved)).toContain('/srv/package.json  ');
    expect(paths(moved)).not.toContain('/app/package.json  ');
    const owned = build(text.replace('COPY . .', 'COPY --chown=node:node --chmod=640 . .'));
    expect(paths(owned)).toContain(`/app/package.json node:node ${0o640}`);
    expect(owned.steps[2]!.cacheKey).not.toBe(first.steps[2]!.cacheKey);
  });

  it('still fails on a missing source after the same COPY once succeeded on another context', () => {
    const text = 'FROM alpine:3.20\nCOPY src /src\n';
    expect(simulateBuild(parseDockerfile(text), { context: context() }).problems.filter((p) => p.when === 'build')).toEqual([]);
    const without = context();
    without.files = without.files.filter((f) => !f.path.startsWith('src/'));
    expect(simulateBuild(parseDockerfile(text), { context: without }).problems.map((p) => p.code)).toEqual(['missing-source']);
  });

  it('counts a copied folder that a later rm -rf deletes as wasted', () => {
    const r = simulateBuild(parseDockerfile('FROM alpine:3.20\nCOPY . /app\nRUN rm -rf /app\n'), { context: context() });
    expect(r.wasted.bytes).toBe(context().files.reduce((s, f) => s + f.size, 0));
  });
});

describe('COPY --from an image', () => {
  it('counts a known single file, and calls a folder of the image a lower bound with a note', () => {
    const r = simulateBuild(parseDockerfile('FROM debian:bookworm-slim\nCOPY --from=golang:1.22 /usr/local/go /usr/local/go\nCOPY --from=alpine:3.20 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n'), { context: context() });
    const [, folder, file] = r.steps;
    expect(folder!.notes.join('\n')).toMatch(/size effect partly unknown: Stagecraft knows only 1 file of golang:1\.22 under \/usr\/local\/go, so this layer's size is a lower bound/);
    expect(file!.notes.join('\n')).not.toMatch(/partly unknown/);
    expect(file!.bytes).toBeGreaterThan(200_000);
  });
});

describe('a stage name with a typo', () => {
  const build = (text: string, target?: string) => simulateBuild(parseDockerfile(text), { context: context(), target });
  it('in COPY --from becomes a failed pull from Docker Hub, with the stage it probably meant', () => {
    const r = build('FROM alpine:3.20 AS build\nRUN mkdir /out\nFROM alpine:3.20\nCOPY --from=biuld /out /out\n');
    expect(r.problems).toEqual([expect.objectContaining({ code: 'image-not-found', line: 4, when: 'build', message: expect.stringContaining('docker.io/library/biuld:latest: pull access denied'), explanation: expect.stringContaining('Did you mean --from=build?') })]);
  });
  it('in FROM fails the same way and builds nothing of that stage', () => {
    const r = build('FROM alpine:3.20 AS builder\nFROM biulder AS dev\nRUN touch /x\n', 'dev');
    expect(r.problems.map((p) => [p.code, p.line])).toEqual([['image-not-found', 2]]);
    expect(r.problems[0]!.explanation).toContain('Did you mean FROM builder?');
    expect(r.steps.filter((s) => s.instruction?.name === 'RUN')).toEqual([]);
  });
  it('leaves real image names and tagged references alone', () => {
    expect(build('FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=busybox:1.36 /bin/busybox /bin/\n').problems.filter((p) => p.when === 'build')).toEqual([]);
    expect(build('FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=nginx /etc/nginx/nginx.conf /\n').problems.filter((p) => p.when === 'build')).toEqual([]);
  });
});

describe('a base image Stagecraft has no figures for', () => {
  it('builds with an assumed size and a note, and is not reported as a failure', () => {
    const r = simulateBuild(parseDockerfile('FROM example.org/team/tool:1.0\nRUN true\n'), { context: context() });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.notes.join('\n')).toContain('Stagecraft has no figures for example.org/team/tool:1.0');
    expect(r.image!.bytes).toBe(100_000_000);
  });
});

describe('the stage graph the simulator builds in (the rules use the same one)', () => {
  it('a stage that copies from itself is a cycle, as BuildKit refuses it', () => {
    const r = simulateBuild(parseDockerfile('FROM alpine:3.20 AS a\nCOPY --from=a /x /y\n'));
    expect(r.image).toBeNull();
    expect(r.problems.map((p) => p.message)).toEqual(['failed to solve: circular dependency detected on stage: a']);
  });
  it('a RUN --mount from= another stage makes that stage build first', () => {
    const r = simulateBuild(parseDockerfile('FROM alpine:3.20 AS tools\nRUN echo hi > /t\nFROM alpine:3.20\nRUN --mount=type=bind,from=tools,target=/m cat /m/t\n'));
    expect(r.stages.map((s) => s.built)).toEqual([true, true]);
    expect(r.stages[1]!.dependsOn).toEqual([0]);
  });
});
