/**
 * What `COPY . .` drags in from the build context: the host's node_modules, .git,
 * .env, build output. A .dockerignore keeps them out of the context, so out of the image.
 */
import { defineKind, own } from './types';

/** Patterns worth ignoring, with the top-level context names they match. */
const PATTERNS: Array<{ pattern: string; matches: (name: string) => boolean }> = [
  { pattern: 'node_modules', matches: (n) => n === 'node_modules' },
  { pattern: '.git', matches: (n) => n === '.git' },
  { pattern: '.env', matches: (n) => n === '.env' },
  { pattern: '.env.*', matches: (n) => n.startsWith('.env.') && !/\.(example|sample|template)$/.test(n) },
  { pattern: 'dist', matches: (n) => n === 'dist' },
  { pattern: 'build', matches: (n) => n === 'build' },
  { pattern: 'coverage', matches: (n) => n === 'coverage' },
  { pattern: '*.log', matches: (n) => n.endsWith('.log') },
  { pattern: '.npm', matches: (n) => n === '.npm' },
  { pattern: '.cache', matches: (n) => n === '.cache' },
];

/** The patterns a context would gain: only for names that are in it and sent today. */
export function ignorablePatterns(included: readonly { path: string }[]): string[] {
  const names = new Set(included.map((f) => f.path.split('/', 1)[0]!));
  return PATTERNS.filter((p) => [...names].some((n) => p.matches(n))).map((p) => p.pattern);
}

export function withPatterns(current: string, patterns: readonly string[]): string {
  const head = current === '' ? '' : current.endsWith('\n') ? current : `${current}\n`;
  return `${head}${patterns.join('\n')}\n`;
}

export const dockerignore = defineKind({
  kind: 'dockerignore',
  lesson: 'dockerignore',
  candidates({ text, file, needed, ctx }) {
    // Only when some built stage copies the whole context (or a folder of it) in.
    const copiesContext = [...needed].some((i) => own(file.stages[i]!, 'COPY').concat(own(file.stages[i]!, 'ADD')).some((ins) => !ins.flags.some((f) => f.name === 'from') && ins.args.slice(0, -1).some((a) => /^\.?\/?$/.test(a.value))));
    if (!copiesContext) return [];
    const patterns = ignorablePatterns(ctx.view.result.included);
    if (patterns.length === 0) return [];
    const make = (ps: readonly string[], id: string) => ({
      id,
      title: `Add ${ps.join(', ')} to .dockerignore`,
      why: `\`COPY . .\` copies everything the build context holds, and the context is everything in the folder that .dockerignore does not leave out: here ${ps.join(', ')}. Left out of the context, they cannot reach the image${ps.includes('node_modules') ? ' — and npm installs node_modules inside the image, for its OS and C library, instead of the host\'s' : ''}${ps.some((p) => p.startsWith('.env')) ? '; a secret in a layer is readable by anyone who can pull the image' : ''}.`,
      dockerfile: text,
      dockerignore: withPatterns(ctx.dockerignore, ps),
    });
    // All of them, and all but node_modules (leaving it out makes npm install everything in the
    // image, which can cost more than it saves); when neither builds (the Dockerfile copies dist
    // itself), each alone. The driver keeps the best that builds and starts.
    const withoutModules = patterns.filter((p) => p !== 'node_modules');
    return [
      make(patterns, 'dockerignore'),
      ...(withoutModules.length > 0 && withoutModules.length < patterns.length ? [make(withoutModules, 'dockerignore')] : []),
      ...(patterns.length > 1 ? patterns.map((p) => ({ ...make([p], 'dockerignore'), fallback: true })) : []),
    ];
  },
});
