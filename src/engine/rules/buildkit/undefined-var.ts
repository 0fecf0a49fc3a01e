import type { Range } from '../../dockerfile/source';
import { expandWord } from '../../dockerfile/lexer';
import { expandableWords, NON_ENV_ARGS, wordRange, type ExpandableWord } from '../../dockerfile/expandable';
import { fileScopes, stepArg, type Scope } from '../../dockerfile/scopes';
import { defineRule } from '../types';
import { suggest } from '../../go/suggest';

/**
 * BuildKit's UndefinedVar: a `$NAME` in a word BuildKit expands (ENV, LABEL,
 * COPY/ADD paths and --chown, WORKDIR, USER, VOLUME, STOPSIGNAL, ARG defaults,
 * RUN --mount options, COPY heredoc bodies) that is neither set in the build
 * environment nor declared with ARG. RUN, CMD and ENTRYPOINT commands are the
 * shell's business and are not looked at. The environment includes the base
 * image's ENV: for images outside a small table of official images, only PATH
 * is known, where BuildKit would read the image's config.
 */
export const undefinedVar = defineRule({
  meta: {
    id: 'undefined-var',
    refs: ['UndefinedVar'],
    buildkit: 'UndefinedVar',
    severity: 'warning',
    summary: 'Variables should be defined with ARG or ENV before they are used.',
    lesson: 'production-habits',
    url: 'https://docs.docker.com/go/dockerfile/rule/undefined-var/',
    messages: {
      undefined: "Usage of undefined variable '${{name}}'",
      undefinedSuggest: "Usage of undefined variable '${{name}}' (did you mean ${{suggestion}}?)",
    },
    notes: 'Base image ENV is known only for common official images; BuildKit reads the real image config.',
  },
  check({ file, report }) {
    const scopes = fileScopes(file);
    const escape = file.escapeToken;
    const check = (word: ExpandableWord, scope: Scope) => {
      if (!word.text.includes('$')) return; // nothing to expand
      const result = expandWord(word.text, scope.env, word.raw ? { escape: '\\', skipQuotes: true } : { escape });
      for (const name of result.unmatched) {
        if (scope.args.has(name) || NON_ENV_ARGS.has(name)) continue;
        const ref = result.refs.find((r) => r.name === name)!;
        const range: Range = wordRange(file, word, ref.start, ref.end);
        const suggestion = suggest(name, scope.env.keys());
        report({ messageId: suggestion ? 'undefinedSuggest' : 'undefined', data: { name, suggestion }, range });
      }
    };
    for (const { stage, before } of scopes.stages) {
      for (const ins of stage.instructions) {
        let scope = before.get(ins);
        if (!scope) continue;
        if (ins.name === 'ARG') {
          for (const kv of ins.keyValues) {
            if (kv.rawValue !== null) check({ text: kv.rawValue, range: kv.valueRange ?? kv.keyRange }, scope);
            scope = stepArg(scope, kv, scopes.global, escape);
          }
          continue;
        }
        for (const word of expandableWords(ins)) check(word, scope);
      }
    }
  },
});
