/**
 * The repository's content folder on disk as the lesson loader's ContentSource:
 * what `stagecraft check --lesson`, `stagecraft lessons`, the tests, the fuzzer
 * and the benchmarks read lessons through.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentSource } from '../lessons/loader';
import { listFiles } from './content-fs';

/** Files under `root` (a repository root), by repository-relative path. Texts are read once and kept. */
export function nodeContentSource(root: string): ContentSource {
  const texts = new Map<string, string | undefined>();
  const full = (path: string) => join(root, ...path.split('/'));
  return {
    read(path) {
      if (!texts.has(path)) {
        let text: string | undefined;
        try {
          text = statSync(full(path)).isFile() ? readFileSync(full(path), 'utf8') : undefined;
        } catch {
          text = undefined;
        }
        texts.set(path, text);
      }
      return texts.get(path);
    },
    list(dir) {
      const clean = dir.replace(/\/+$/, '');
      return listFiles(full(clean)).map((p) => `${clean}/${p}`);
    },
  };
}
