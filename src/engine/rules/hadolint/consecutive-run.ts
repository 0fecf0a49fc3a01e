import { defineRule } from '../types';
import { allCommands, runScript } from './shell-script';

/**
 * hadolint DL3059: two RUNs in a row, each running a single command, could be
 * one layer. A RUN that chains commands (`a && b`) was split on purpose, and
 * RUNs with different flags (`--mount=…`) cannot merge, so neither counts.
 * Comments between the RUNs do not break the row; any other instruction does.
 * (hadolint's `count > 2` counts each simple command twice, through
 * ShellCheck's redirection wrapper, so it means "more than one command".)
 */
export const consecutiveRun = defineRule({
  meta: {
    id: 'consecutive-run',
    refs: ['DL3059'],
    severity: 'info',
    summary: 'Merge consecutive single-command RUN instructions.',
    lesson: 'why-images-are-huge',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3059',
    messages: {
      consecutive: 'Multiple consecutive `RUN` instructions. Consider consolidation.',
    },
  },
  check({ file, report }) {
    let previous: { flags: string; commands: number } | null = null;
    for (const ins of file.instructions) {
      if (ins.name !== 'RUN') {
        previous = null;
        continue;
      }
      const flags = ins.flags.map((f) => f.text).sort().join('\n');
      const commands = allCommands(runScript(ins)).length;
      if (previous && previous.flags === flags && commands <= 1 && previous.commands <= 1) {
        report({ messageId: 'consecutive', range: ins.range });
      } else {
        previous = { flags, commands };
      }
    }
  },
});
