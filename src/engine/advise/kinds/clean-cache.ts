/**
 * Caches left in the layer that made them: apt's package lists, apk's index,
 * npm's cache, Go's build cache. Deleting them in a later RUN saves nothing (the
 * bytes stay in the earlier layer), so the clean-up goes into the same RUN.
 */
import { DockerfileEdit } from '../edit';
import { appendCommand, findWords, insertAfterWords } from './util';
import { defineKind, own, shellText, type Candidate } from './types';

const CLEANERS: Array<{ name: string; uses: RegExp; cleaned: RegExp; edit: (src: string) => string | null; title: string; why: string }> = [
  {
    name: 'apt',
    uses: /apt-get(\s+-\S+)*\s+install/,
    cleaned: /rm\s+-(rf|fr|r)\s+\/var\/lib\/apt\/lists/,
    edit: (src) => appendCommand(src, 'rm -rf /var/lib/apt/lists/*'),
    title: 'Remove apt\'s package lists in the same RUN',
    why: '`apt-get update` downloads the package lists into /var/lib/apt/lists, and they stay in the layer unless the same RUN removes them. A later RUN that deletes them only hides them: the bytes remain in the earlier layer.',
  },
  {
    name: 'apk',
    uses: /apk\s+add/,
    cleaned: /--no-cache/,
    edit: (src) => insertAfterWords(src, /apk\s+add/, ' --no-cache'),
    title: 'Install with apk add --no-cache',
    why: 'Without --no-cache, apk keeps the package index it fetched in /var/cache/apk. With it, apk fetches the index, installs, and leaves nothing behind — no separate `apk update` or clean-up needed.',
  },
  {
    name: 'npm',
    uses: /npm\s+(ci|install|i)/,
    cleaned: /npm\s+cache\s+clean/,
    edit: (src) => appendCommand(src, 'npm cache clean --force'),
    title: 'Clean npm\'s cache in the same RUN',
    why: 'npm keeps a copy of every package it downloaded in /root/.npm. The running app never reads it, so in a layer that ships it is dead weight; `npm cache clean --force` in the same RUN removes it before the layer is written.',
  },
  {
    name: 'go',
    uses: /go\s+(build|install)/,
    cleaned: /go\s+clean\s+(-modcache\s+)?-cache|GOCACHE=off/,
    edit: (src) => appendCommand(src, 'go clean -cache'),
    title: 'Clean Go\'s build cache in the same RUN',
    why: '`go build` fills its build cache (/root/.cache/go-build), tens of megabytes the binary never needs. `go clean -cache` in the same RUN keeps it out of the layer. Better still is a build stage, so that nothing but the binary ships.',
  },
];

export const cleanCache = defineKind({
  kind: 'clean-cache',
  lesson: 'why-images-are-huge',
  candidates({ text, file, target }) {
    const stage = file.stages[target];
    if (!stage) return [];
    const out: Candidate[] = [];
    for (const ins of own(stage, 'RUN')) {
      const sh = shellText(ins);
      if (sh === null || ins.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? ''))) continue;
      for (const c of CLEANERS) {
        if (!findWords(sh, c.uses) || c.cleaned.test(sh)) continue;
        const edit = new DockerfileEdit(text);
        const changed = c.edit(edit.source(ins));
        if (changed === null) continue;
        out.push({ id: `clean-cache:${c.name}:${ins.startLine + 1}`, title: `${c.title} (line ${ins.startLine + 1})`, why: c.why, dockerfile: edit.replace(ins, changed).result() });
      }
    }
    return out;
  },
});
