/**
 * Real inputs the mutators start from: every Dockerfile and .dockerignore the
 * repository holds (lessons' start and solution files, lesson examples, test
 * fixtures) and the fuzz corpus.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Seeds {
  dockerfiles: string[];
  dockerignores: string[];
}

function walk(dir: string, visit: (path: string, name: string) => void): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.git')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, visit);
    else visit(p, name);
  }
}

export function loadSeeds(root: string): Seeds {
  const dockerfiles: string[] = [];
  const dockerignores: string[] = [];
  const visit = (path: string, name: string) => {
    if (/(^|\.)Dockerfile$/.test(name)) dockerfiles.push(readFileSync(path, 'utf8'));
    else if (name === '.dockerignore') dockerignores.push(readFileSync(path, 'utf8'));
  };
  walk(join(root, 'content'), visit);
  walk(join(root, 'tests/fixtures'), visit);
  walk(join(root, 'tests/fuzz-corpus'), (path, name) => {
    if (!name.endsWith('.json')) return;
    const entry = JSON.parse(readFileSync(path, 'utf8')) as { dockerfile?: unknown; dockerignore?: unknown };
    // Some corpus entries are deliberately huge (slow-case hunts); keep the mutators quick.
    if (typeof entry.dockerfile === 'string' && entry.dockerfile.length <= 4000) dockerfiles.push(entry.dockerfile);
    if (typeof entry.dockerignore === 'string' && entry.dockerignore.length <= 4000) dockerignores.push(entry.dockerignore);
  });
  if (dockerfiles.length === 0) throw new Error(`no seed Dockerfiles found under ${root}`);
  if (dockerignores.length === 0) dockerignores.push('node_modules\n.git\n*.log\n!important.log\n');
  return { dockerfiles, dockerignores };
}
