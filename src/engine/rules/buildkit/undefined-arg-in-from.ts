import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { wordRange, type ExpandableWord } from '../../dockerfile/expandable';
import { defineRule } from '../types';
import { suggest } from '../../go/suggest';

/**
 * BuildKit's UndefinedArgInFrom: a variable in a FROM image or `--platform`
 * that no global ARG declares and that is not one of the predefined platform
 * ARGs (BUILDPLATFORM, TARGETARCH, …). A declared ARG without a default is
 * fine here (InvalidDefaultArgInFrom looks at the result).
 */
export const undefinedArgInFrom = defineRule({
  meta: {
    id: 'undefined-arg-in-from',
    refs: ['UndefinedArgInFrom'],
    buildkit: 'UndefinedArgInFrom',
    severity: 'warning',
    summary: 'Variables in FROM must be ARGs declared before the first FROM.',
    lesson: 'more-stages',
    url: 'https://docs.docker.com/go/dockerfile/rule/undefined-arg-in-from/',
    messages: {
      undeclared: "FROM argument '{{name}}' is not declared",
      undeclaredSuggest: "FROM argument '{{name}}' is not declared (did you mean {{suggestion}}?)",
    },
  },
  check({ file, report }) {
    const { global } = fileScopes(file);
    const known = new Set([...global.declared, ...global.env.keys()]);
    for (const stage of file.stages) {
      const words: ExpandableWord[] = [];
      if (stage.baseRange) words.push({ text: stage.base, range: stage.baseRange });
      const platform = stage.from.flags.find((f) => f.name === 'platform');
      if (platform?.value) words.push({ text: platform.value, range: platform.valueRange ?? platform.range });
      for (const word of words) {
        const result = expandWord(word.text, global.env, { escape: file.escapeToken });
        for (const name of result.unmatched) {
          if (known.has(name)) continue;
          const ref = result.refs.find((r) => r.name === name)!;
          const suggestion = suggest(name, known);
          report({
            messageId: suggestion ? 'undeclaredSuggest' : 'undeclared',
            data: { name, suggestion },
            range: wordRange(file, word, ref.start, ref.end),
          });
        }
      }
    }
  },
});
