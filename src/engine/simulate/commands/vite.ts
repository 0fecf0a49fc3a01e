/**
 * `vite build`: reads index.html at the project root and the module it loads,
 * bundles into dist/ (the sizes a real build of the sample project measured),
 * and copies public/ alongside. Without index.html it stops as Vite does.
 */
import { join } from '../fs';
import { hashParts } from '../hash';
import { add, contentHashOf, missing, readText, unknown, RATIO } from './support';
import { defineCommand } from './types';

export const vite = defineCommand({
  programs: ['vite'],
  reads: 'index.html at the root, the scripts it loads (src/…), public/',
  makes: 'dist/: index.html, hashed assets, the files of public/',
  run(call) {
    const sub = call.words[0];
    if (sub !== 'build') return unknown(call, `vite ${call.words.join(' ')}${sub === undefined || sub === 'dev' || sub === 'preview' ? ' (a server: it would not exit)' : ''}`);
    const rootArg = call.words.slice(1).find((w) => !w.startsWith('-'));
    const root = join(call.cwd, rootArg ?? '.');
    const html = readText(call.ctx, `${root}/index.html`);
    if (html === null) {
      return missing(call, `${root}/index.html`, 'vite v6 building for production...\n✓ 0 modules transformed.\nerror during build:\nCould not resolve entry module "index.html".', `vite build starts from index.html at the project root (${root}), which is not in the image: copy it in with the sources.`);
    }
    for (const m of html.matchAll(/<script[^>]*\ssrc=["']([^"']+)["']/g)) {
      const src = m[1]!;
      if (/^(https?:)?\/\//.test(src)) continue;
      const path = join(root, `./${src.replace(/^\/+/, '')}`);
      if (!call.ctx.fs.lookup(path)) {
        return missing(call, path, `vite v6 building for production...\nerror during build:\n[vite]: Rollup failed to resolve import "${src}" from "${root}/index.html".`, `index.html loads ${src}, which is not in the image: copy the src folder before building.`);
      }
    }
    // Rollup 4 (which Vite bundles with) loads a native binary built for the C library: musl on Alpine, glibc elsewhere.
    // A node_modules installed on a glibc host and copied into an Alpine image has only the glibc one.
    const modules = ['node_modules', '../node_modules'].map((d) => join(root, d)).find((d) => call.ctx.fs.exists(`${d}/rollup`));
    if (modules && call.ctx.image.libc !== 'none') {
      const native = `@rollup/rollup-linux-x64-${call.ctx.image.libc === 'musl' ? 'musl' : 'gnu'}`;
      if (!call.ctx.fs.exists(`${modules}/${native}`)) {
        return missing(call, `${modules}/${native}`, `vite v6 building for production...\nerror during build:\nError: Cannot find module ${native}. npm has a bug related to optional dependencies (https://github.com/npm/cli/issues/4828). Please try \`npm i\` again after removing both package-lock.json and node_modules directory.`, `Rollup needs its native binary for this image's C library (${call.ctx.image.libc}), and ${modules} does not have it: it was installed on another system (the host's node_modules, copied by COPY . .) or without optional dependencies. Run npm ci inside the image and keep the host's node_modules out with .dockerignore.`);
      }
    }
    const outputs = Object.entries(call.ctx.facts.buildOutputs ?? {}).filter(([p]) => p.startsWith('dist/'));
    if (outputs.length === 0) return unknown(call, 'vite build (this project records no measured build output)');
    const sources = contentHashOf(call.ctx, root, (p) => !p.includes('/dist/'));
    for (const [path, out] of outputs) {
      // Files vite copies from public/ are there only when public/ was copied.
      if (/public/.test(out.source) && !call.ctx.fs.lookup(join(root, `public/${path.slice('dist/'.length)}`))) continue;
      add(call.ctx, { path: join(root, path), kind: 'file', bytes: out.bytes, files: 1, hash: hashParts('vite', path, sources), compressRatio: RATIO.text, source: out.source, category: 'build-output' });
    }
    call.result.output.push('vite v6 building for production...', `✓ built`);
    call.result.seconds += 2;
    return 'ok';
  },
});
