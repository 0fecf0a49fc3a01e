/**
 * Reference data shared by the glossary and the cheat sheet, so the two pages
 * say the same thing. Each entry names the lesson that teaches it.
 */
export interface Term {
  term: string;
  /** Anchor id on the glossary page. */
  id: string;
  definition: string;
  lesson: string;
}

export const glossary: Term[] = [
  { term: 'Base image', id: 'base-image', lesson: 'why-images-are-huge', definition: 'The image a stage starts from, named by its FROM line. Its layers are part of every image built on it.' },
  { term: 'Build context', id: 'build-context', lesson: 'dockerignore', definition: 'The files docker build sends to the builder: the folder you name (often .), minus what .dockerignore excludes. COPY and ADD can only read files from it.' },
  { term: 'BuildKit', id: 'buildkit', lesson: 'stages', definition: 'Docker’s build engine (the default on Linux since Docker Engine 23.0). It builds stages in parallel, skips stages the target does not need, and runs the build checks.' },
  { term: 'Build check', id: 'build-check', lesson: 'stages', definition: 'A warning BuildKit prints about a Dockerfile, such as FromAsCasing or JSONArgsRecommended. docker build --check runs them without building.' },
  { term: 'Build cache', id: 'build-cache', lesson: 'node-typescript', definition: 'Results of earlier build steps, reused when a step and everything before it are unchanged. A reused step is shown as CACHED.' },
  { term: 'Cache key', id: 'cache-key', lesson: 'node-typescript', definition: 'What decides whether a step can be reused: the step before it, the instruction’s text and, for COPY and ADD, the content of the files copied.' },
  { term: 'Cache mount', id: 'cache-mount', lesson: 'more-stages', definition: 'RUN --mount=type=cache,target=DIR: a folder that survives between builds but is never part of a layer, such as npm’s or Go’s cache.' },
  { term: 'CA certificates', id: 'ca-certificates', lesson: 'go-scratch', definition: 'The bundle of certificate authorities a program uses to trust HTTPS servers, usually /etc/ssl/certs/ca-certificates.crt. scratch has none.' },
  { term: 'cgo', id: 'cgo', lesson: 'go-scratch', definition: 'Go’s bridge to C. With CGO_ENABLED=1 a Go binary may be dynamically linked against the C library; with CGO_ENABLED=0 it is static.' },
  { term: 'Compressed size', id: 'compressed-size', lesson: 'why-images-are-huge', definition: 'The size of an image’s layers as gzip archives: what docker pull downloads and what Docker Hub shows. Smaller than the size docker images prints.' },
  { term: 'Distroless', id: 'distroless', lesson: 'go-scratch', definition: 'Base images with a program’s runtime but no shell or package manager, such as gcr.io/distroless/static-debian12.' },
  { term: '.dockerignore', id: 'dockerignore', lesson: 'dockerignore', definition: 'A file at the root of the build context listing paths to leave out of it. Patterns are relative to the context root; the last matching line wins; ! re-includes.' },
  { term: 'Dynamically linked', id: 'dynamically-linked', lesson: 'go-scratch', definition: 'A program that needs shared libraries, and the loader that finds them, to be present where it runs. On scratch it fails with “no such file or directory”.' },
  { term: 'Exec form', id: 'exec-form', lesson: 'production-habits', definition: 'CMD, ENTRYPOINT or RUN written as a JSON array: ["node", "server.js"]. It runs the program directly, without a shell, so the program receives signals.' },
  { term: 'Layer', id: 'layer', lesson: 'measuring', definition: 'The files one instruction added or changed. An image is a stack of layers; deleting a file in a later layer hides it but does not remove its bytes.' },
  { term: 'Multi-stage build', id: 'multi-stage-build', lesson: 'stages', definition: 'A Dockerfile with several FROM lines. Each starts a stage; only the final stage (or the --target) becomes the image, and COPY --from carries files between stages.' },
  { term: 'scratch', id: 'scratch', lesson: 'go-scratch', definition: 'The empty image: no files at all. FROM scratch starts a stage with nothing in it.' },
  { term: 'Shell form', id: 'shell-form', lesson: 'production-habits', definition: 'RUN, CMD or ENTRYPOINT written as plain text. Docker runs it as /bin/sh -c "…", which needs a shell in the image.' },
  { term: 'Stage', id: 'stage', lesson: 'stages', definition: 'The part of a Dockerfile from one FROM to the next. It starts from its own base and can be named with AS.' },
  { term: 'Static binary', id: 'static-binary', lesson: 'go-scratch', definition: 'A program with everything it needs linked in, so it runs on an image without a C library, such as scratch.' },
  { term: 'Target', id: 'target', lesson: 'more-stages', definition: 'The stage docker build --target NAME builds instead of the last one. Stages it does not need are skipped.' },
  { term: 'Uncompressed size', id: 'uncompressed-size', lesson: 'why-images-are-huge', definition: 'The sum of the files in all layers, unpacked: the SIZE column of docker images. Docker prints it in decimal units (1 MB = 1,000,000 bytes).' },
  { term: 'Wasted space', id: 'wasted-space', lesson: 'measuring', definition: 'Bytes of files that a layer added and a later layer deleted or replaced. They still count towards the image’s size; dive reports them.' },
];

export interface CheatItem {
  code: string;
  says: string;
  lesson: string;
}

/** Dockerfile patterns for the cheat sheet. */
export const dockerfilePatterns: CheatItem[] = [
  { code: 'FROM node:20 AS builder', says: 'Start a named stage (lowercase name, AS cased like FROM).', lesson: 'stages' },
  { code: 'COPY --from=builder /app/dist ./dist', says: 'Copy only the build output from an earlier stage, by name.', lesson: 'copy-from' },
  { code: 'COPY package.json package-lock.json ./\nRUN npm ci', says: 'Copy the lockfile and install before the source, so the install stays cached.', lesson: 'node-typescript' },
  { code: 'RUN npm ci --omit=dev && npm cache clean --force', says: 'Production dependencies only; clean the cache in the same RUN.', lesson: 'node-typescript' },
  { code: 'RUN --mount=type=cache,target=/root/.npm npm ci', says: 'Keep npm’s cache between builds without putting it in a layer.', lesson: 'more-stages' },
  { code: 'RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /server .', says: 'A static, stripped Go binary that runs on scratch.', lesson: 'go-scratch' },
  { code: 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', says: 'CA certificates for HTTPS on scratch.', lesson: 'go-scratch' },
  { code: 'USER 65532', says: 'Run as a non-root user (numeric on scratch, which has no user names).', lesson: 'go-scratch' },
  { code: 'USER node', says: 'The official node images ship a node user (uid 1000).', lesson: 'node-typescript' },
  { code: 'CMD ["node", "dist/server.js"]', says: 'Exec form: no shell needed, and the process gets signals.', lesson: 'production-habits' },
  { code: 'FROM node:20.11-alpine', says: 'Pin the base image’s version (or a digest), never latest.', lesson: 'production-habits' },
];

/** Commands for the cheat sheet. */
export const commands: CheatItem[] = [
  { code: 'docker build -t app .', says: 'Build the last stage of ./Dockerfile and tag it app.', lesson: 'why-images-are-huge' },
  { code: 'docker build --target build -t app:build .', says: 'Build only up to the build stage (tests, debugging).', lesson: 'more-stages' },
  { code: 'docker build --check .', says: 'Run BuildKit’s checks without building.', lesson: 'stages' },
  { code: 'docker images app', says: 'Image size, uncompressed, in decimal units.', lesson: 'measuring' },
  { code: 'docker history app', says: 'One row per layer, newest first, with the size each added.', lesson: 'measuring' },
  { code: 'dive app', says: 'Browse layers; efficiency and wasted space.', lesson: 'measuring' },
  { code: 'npx stagecraft check Dockerfile --lesson ID', says: 'Check a Dockerfile against a lesson’s goals and the rules, without Docker.', lesson: 'capstone' },
  { code: 'npx stagecraft build Dockerfile --context .', says: 'Simulated build: log, history and sizes, without Docker.', lesson: 'capstone' },
];

/** What belongs in .dockerignore for a Node project (cheat sheet). */
export const dockerignoreLines = ['.git', 'node_modules', 'dist', 'coverage', '*.log', '.env', '.env.*', '!.env.example', '.vscode', '.idea'];
