import { programOf, splitShell } from '../../dockerfile/shell';
import type { Instruction } from '../../dockerfile/types';
import { defineRule } from '../types';
import { commandFlags, hasPipe, runScript } from './shell-script';

/** Shells whose pipelines are not POSIX ones: pipefail means nothing there. */
const NON_POSIX = ['pwsh', 'powershell', 'cmd'];
/** Shells that know `-o pipefail` (hadolint compares the program's basename). */
const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ash']);

/** Whether a SHELL instruction makes a failing pipe fail the RUN. */
function shellFailsPipes(ins: Instruction): boolean {
  const script = ins.args.map((a) => a.value).join(' ');
  if (NON_POSIX.some((s) => script.startsWith(s))) return true;
  return splitShell(script).some((cmd) => {
    const { name, args } = programOf(cmd);
    return PIPEFAIL_SHELLS.has(name) && commandFlags(cmd).includes('o') && args.some((a) => a.value === 'pipefail');
  });
}

/**
 * hadolint DL4006: `/bin/sh -c "a | b"` succeeds when `a` fails. Folding over
 * the file, each stage starts without pipefail; a SHELL that runs bash, zsh or
 * ash with `-o pipefail` (or a non-POSIX shell) turns it on until the next
 * SHELL or FROM. For a RUN whose command is only heredocs, the heredoc body is
 * the script that is checked.
 */
export const pipeWithoutPipefail = defineRule({
  meta: {
    id: 'pipe-without-pipefail',
    refs: ['DL4006'],
    severity: 'warning',
    summary: 'Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before a RUN that pipes.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL4006',
    messages: {
      pipefail:
        'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check',
    },
  },
  check({ file, report }) {
    let pipefail = false;
    for (const ins of file.instructions) {
      if (ins.name === 'FROM') pipefail = false;
      else if (ins.name === 'SHELL') pipefail = shellFailsPipes(ins);
      else if (ins.name === 'RUN' && !pipefail && hasPipe(runScript(ins))) {
        report({ messageId: 'pipefail', range: ins.range });
      }
    }
  },
});
