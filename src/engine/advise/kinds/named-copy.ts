/**
 * `COPY . .` → copy only what the build needs, by name: the manifests, the
 * sources and their config. Tests, docs, the host's node_modules and build output stay out.
 */
import { DockerfileEdit } from '../edit';
import { defineKind, own, type Candidate } from './types';

const LEAVE_OUT = [
  /^node_modules$/, /^\.git$/, /^\.gitignore$/, /^\.dockerignore$/, /^Dockerfile/, /\.Dockerfile$/, /^(docker-)?compose\.ya?ml$/, /^docker-compose/,
  /^\.env(\..*)?$/, /^(dist|build|out|coverage)$/, /^(test|tests|__tests__|e2e)$/, /\.md$/i, /^\.(github|vscode|idea|npm|cache)$/, /\.log$/, /^stagecraft\.project\.json$/,
];

export const namedCopy = defineKind({
  kind: 'named-copy',
  lesson: 'production-habits',
  candidates({ text, file, target, ctx }) {
    const stage = file.stages[target];
    if (!stage) return [];
    const out: Candidate[] = [];
    const names = new Map<string, boolean>();
    for (const f of ctx.view.result.included) {
      const slash = f.path.indexOf('/');
      const name = slash < 0 ? f.path : f.path.slice(0, slash);
      names.set(name, (names.get(name) ?? false) || slash >= 0);
    }
    const kept = [...names].filter(([n]) => !LEAVE_OUT.some((re) => re.test(n))).sort(([a], [b]) => (a < b ? -1 : 1));
    if (kept.length === 0 || kept.length === names.size) return [];
    for (const ins of own(stage, 'COPY')) {
      if (ins.flags.some((f) => f.name === 'from') || ins.args.length !== 2 || ins.json || !/^\.\/?$/.test(ins.args[0]!.value)) continue;
      const dest = ins.args[1]!.value;
      const flags = ins.flags.map((f) => `${f.text} `).join('');
      const into = dest === '.' || dest === './' ? './' : dest.endsWith('/') ? dest : `${dest}/`;
      const files = kept.filter(([, dir]) => !dir).map(([n]) => n);
      const dirs = kept.filter(([, dir]) => dir).map(([n]) => n);
      const lines = [
        ...(files.length ? [`COPY ${flags}${files.join(' ')} ${into}`] : []),
        ...dirs.map((d) => `COPY ${flags}${d} ${into}${d}`),
      ];
      out.push({
        id: `named-copy:${ins.startLine + 1}`,
        title: `Copy named paths instead of everything (line ${ins.startLine + 1})`,
        why: `\`${ins.original.trim()}\` copies the whole build context. Naming what the build needs (${kept.map(([n]) => n).join(', ')}) keeps tests, docs, .git, secrets and the host's node_modules out even when .dockerignore misses them, and a change to a README no longer invalidates the cache.`,
        dockerfile: new DockerfileEdit(text).replace(ins, lines.join('\n')).result(),
      });
    }
    return out;
  },
});
