/**
 * Cache, not size: copy the dependency manifests and install before copying the
 * sources, so a change to the sources leaves the install step CACHED.
 */
import { DockerfileEdit } from '../edit';
import { withPatterns } from './dockerignore';
import { findWords } from './util';
import { defineKind, shellText, type Candidate } from './types';

export const cacheOrder = defineKind({
  kind: 'cache-order',
  lesson: 'node-typescript',
  cacheOnly: true,
  candidates({ text, file, needed, ctx }) {
    const out: Candidate[] = [];
    const has = (p: string) => ctx.view.includes(p);
    for (const i of needed) {
      const stage = file.stages[i]!;
      const list = stage.instructions;
      for (const [a, copyAll] of list.entries()) {
        if (copyAll.name !== 'COPY' || copyAll.flags.some((f) => f.name === 'from') || copyAll.args.length !== 2 || !/^\.\/?$/.test(copyAll.args[0]!.value)) continue;
        const into = copyAll.args[1]!.value;
        const install = list.slice(a + 1).find((ins) => {
          const sh = shellText(ins);
          return sh !== null && findWords(sh, /npm\s+(ci|install|i)(?!\s+[^-\s&;|])/) && !/&&|;/.test(sh);
        });
        if (!install || !has('package.json')) continue;
        const manifests = ['package.json', has('package-lock.json') ? 'package-lock.json' : has('npm-shrinkwrap.json') ? 'npm-shrinkwrap.json' : null].filter(Boolean);
        const edit = new DockerfileEdit(text);
        // The host's node_modules would come back with the sources and replace the fresh install: keep it out.
        const ignoreModules = has('node_modules');
        edit.insertBefore(copyAll, `COPY ${manifests.join(' ')} ${into === '.' ? './' : into}\n${edit.source(install)}`).remove(install);
        out.push({
          id: `cache-order:${install.startLine + 1}`,
          title: `Install dependencies before copying the sources (line ${install.startLine + 1})`,
          why: `A COPY step's cache key covers the content of every file it copies, so after \`${copyAll.original.trim()}\` any change to any file runs the install again. Copying ${manifests.join(' and ')} first and installing right after keeps that step CACHED until the dependencies themselves change.${ignoreModules ? ' node_modules goes into .dockerignore, or the second COPY would bring the host\'s packages back over the fresh install.' : ''}`,
          dockerfile: edit.result(),
          ...(ignoreModules ? { dockerignore: withPatterns(ctx.dockerignore, ['node_modules']) } : {}),
        });
      }
    }
    return out;
  },
});
