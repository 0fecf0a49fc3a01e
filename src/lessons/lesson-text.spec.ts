import { describe, expect, it } from 'vitest';
import { codePieces, jsxTags, proseOf, realDockerBox, terminalStepLists } from './lesson-text';

const mdx = `---
title: A lesson
---

Some text with a \`<TerminalSteps>\` in inline code.

\`\`\`mdx
<TerminalSteps steps={[{ run: 'in a code sample' }]} />
\`\`\`

<TerminalSteps
  label="Before the fix"
  steps={[
    { run: 'ls -la', note: 'The \`.env\` is there.' },
    { run: 'docker build --target test .', status: 1, expect: ['could not be found'] },
  ]}
/>

<TerminalSteps label="After the fix" solved steps={[{ run: 'docker images app' }]} />

<Callout title="Try it on a real Docker" kind="docker">

In the project folder:

\`\`\`console
$ docker build -t app .            # the image
$ docker history app
\`\`\`

Then with your solution:

\`\`\`console
$ docker images app
\`\`\`

Look at the \`SIZE\` column.

</Callout>
`;

describe('reading a lesson’s MDX', () => {
  it('ignores tags inside fenced code', () => {
    expect(proseOf('a\n```\n<X />\n```\nb')).toBe('a\n   \n     \n   \nb');
    expect(jsxTags(proseOf(mdx), 'TerminalSteps')).toHaveLength(2);
  });

  it('reads <TerminalSteps> lists, numbering the steps on from one list to the next', () => {
    expect(terminalStepLists(mdx)).toEqual([
      {
        label: 'Before the fix',
        solved: false,
        start: 1,
        steps: [
          { run: 'ls -la', note: 'The `.env` is there.' },
          { run: 'docker build --target test .', status: 1, expect: ['could not be found'] },
        ],
      },
      { label: 'After the fix', solved: true, start: 3, steps: [{ run: 'docker images app' }] },
    ]);
    expect(terminalStepLists('No walk-through here.')).toEqual([]);
  });

  it('reads the “Try it on a real Docker” box: each block of $ commands with its lead, then the text after', () => {
    expect(realDockerBox(mdx)).toEqual({
      blocks: [
        { lead: 'In the project folder:', commands: ['docker build -t app .            # the image', 'docker history app'] },
        { lead: 'Then with your solution:', commands: ['docker images app'] },
      ],
      after: ['Look at the `SIZE` column.'],
    });
  });

  it('says what is missing when a lesson has no such box, or no commands in it', () => {
    expect(() => realDockerBox('Text only.')).toThrow(/has no <Callout title="Try it on a real Docker"/);
    expect(() => realDockerBox('<Callout title="Try it on a real Docker" kind="docker">\n\nJust words.\n\n</Callout>')).toThrow(/no ```console block/);
  });

  it('splits inline code out of a note', () => {
    expect(codePieces('Run `docker images` twice')).toEqual([
      { text: 'Run ', code: false },
      { text: 'docker images', code: true },
      { text: ' twice', code: false },
    ]);
  });
});
