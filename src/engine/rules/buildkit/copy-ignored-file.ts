import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { isHeredocArg } from '../../dockerfile/expandable';
import { defineRule } from '../types';
import { goQuoted } from '../../go/quote';
import { goCleanPath } from '../../go/path';

/** Sources ADD fetches rather than reading from the build context. */
const REMOTE = /^(?:https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;

/**
 * BuildKit's CopyIgnoredFile: a COPY or ADD source from the build context
 * that `.dockerignore` excludes, so the build cannot find it. Like BuildKit it
 * checks each source path as written (after variable expansion and path
 * cleaning, globs included literally), not the files a glob or a directory
 * would match, and skips `COPY --from`, heredocs and remote ADD sources.
 */
export const copyIgnoredFile = defineRule({
  meta: {
    id: 'copy-ignored-file',
    refs: ['CopyIgnoredFile'],
    buildkit: 'CopyIgnoredFile',
    severity: 'warning',
    summary: 'COPY and ADD should not name files that .dockerignore leaves out of the build context.',
    lesson: 'dockerignore',
    url: 'https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/',
    messages: {
      ignored: 'Attempting to {{instruction}} file "{{file}}" that is excluded by .dockerignore',
    },
    needsContext: true,
    notes:
      'On by default in BuildKit since dockerfile 1.21 (experimental from 1.10 to 1.20). ' +
      'The context root (`COPY . .`) counts only when a pattern is exactly `*`, `**` or `**/*` (dockerfile 1.26); `.*` does not. ' +
      'Like BuildKit, it says nothing when .dockerignore has `!` exceptions. ' +
      'A leading `/` is read from the context root, where BuildKit does not match it against the patterns.',
  },
  check({ file, context, report }) {
    // BuildKit stays silent when .dockerignore has exceptions: an excluded folder may have re-included files.
    if (!context || context.hasExceptions) return;
    const scopes = fileScopes(file);
    for (const { stage, before } of scopes.stages) {
      for (const ins of stage.instructions) {
        if (ins.name !== 'COPY' && ins.name !== 'ADD') continue;
        if (ins.name === 'COPY' && ins.flags.some((f) => f.name === 'from' && f.value)) continue;
        const scope = before.get(ins);
        const sources = ins.args.slice(0, -1);
        for (const arg of sources) {
          if (isHeredocArg(ins, arg.range)) continue;
          const src = scope ? expandWord(arg.value, scope.env, { escape: file.escapeToken }).value : arg.value;
          if (ins.name === 'ADD' && REMOTE.test(src)) continue;
          const clean = goCleanPath(src);
          const ignored = (file: string) => report({ messageId: 'ignored', data: { instruction: ins.name === 'ADD' ? 'Add' : 'Copy', file: goQuoted(file) }, range: arg.range });
          // The context root: BuildKit (dockerfile >= 1.26) warns only when a pattern leaves out every entry of it.
          if (clean === '.' || clean === '/') {
            if (context.excludesRoot) ignored(clean);
            continue;
          }
          const relative = clean.replace(/^\/+/, '');
          if (relative === '' || relative === '..' || relative.startsWith('../')) continue;
          if (!context.isExcluded(relative)) continue;
          ignored(clean);
        }
      }
    }
  },
});
