import { defineRule } from '../types';

/**
 * BuildKit's InvalidDefinitionDescription (experimental): the comment line just
 * above a named FROM or an ARG is read as its description, so it should start
 * with the stage's or argument's name (`# version the release to build`).
 * BuildKit takes the last of the comment lines above the instruction and its
 * first space-separated word, compared exactly (stage names are lower case);
 * an ARG passes when the word is any of its keys. Off unless
 * `# check=experimental=InvalidDefinitionDescription` (or `=all`) turns it on.
 */
export const invalidDefinitionDescription = defineRule({
  meta: {
    id: 'invalid-definition-description',
    refs: ['InvalidDefinitionDescription'],
    buildkit: 'InvalidDefinitionDescription',
    experimental: true,
    severity: 'warning',
    summary: 'A comment right above FROM … AS name or ARG describes it: start it with the name, or separate it with a blank comment line.',
    lesson: null,
    url: 'https://docs.docker.com/go/dockerfile/rule/invalid-definition-description/',
    messages: {
      format: 'Comment for {{instruction}} should follow the format: `# {{name}} <description>`',
    },
    notes: 'Experimental in BuildKit since dockerfile 1.11: on only with `# check=experimental=…`, and `skip` does not turn it off.',
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      if (ins.comments.length === 0) continue;
      let names: string[];
      if (ins.name === 'FROM') {
        const stage = file.stages.find((s) => s.from === ins);
        if (!stage?.name) continue;
        names = [stage.name];
      } else if (ins.name === 'ARG') {
        names = ins.keyValues.map((kv) => kv.key);
        if (names.length === 0) continue;
      } else continue;
      const first = ins.comments[ins.comments.length - 1]!.split(' ')[0]!;
      if (names.includes(first)) continue;
      report({
        messageId: 'format',
        data: { instruction: ins.name, name: names.length > 1 ? '<arg_key>' : names[0]! },
        range: ins.range,
      });
    }
  },
});
