import { defineRule } from '../types';

/** hadolint's test: `${name}` or `$name` appears in the text for some ARG name (a prefix of `$NAME` counts). */
function usesArg(text: string, args: Set<string>): boolean {
  for (const m of text.matchAll(/\$\{([^{}$]*)\}/g)) if (args.has(m[1]!)) return true;
  for (const m of text.matchAll(/\$([A-Za-z0-9_]+)/g)) {
    const run = m[1]!;
    for (let k = 1; k <= run.length; k++) if (args.has(run.slice(0, k))) return true;
  }
  return false;
}

/**
 * hadolint DL3066: a user name is looked up in the image's /etc/passwd; a host
 * (or Kubernetes' runAsNonRoot) only understands numeric ids. A USER that uses
 * an ARG defined earlier in the file is accepted: its value is unknown here.
 */
export const userNotNumeric = defineRule({
  meta: {
    id: 'user-not-numeric',
    refs: ['DL3066'],
    severity: 'info',
    summary: 'Set USER to a numeric user id.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3066',
    messages: {
      notNumeric: 'Non-numeric user-id may not be resolvable by host system',
    },
  },
  check({ file, report }) {
    const args = new Set<string>();
    for (const ins of file.instructions) {
      if (ins.name === 'ARG') {
        for (const kv of ins.keyValues) args.add(kv.key);
        continue;
      }
      if (ins.name !== 'USER') continue;
      const user = ins.argsText;
      const uid = user.split(':')[0] ?? '';
      if (/^\d*$/.test(uid)) continue;
      if (usesArg(user, args)) continue;
      report({ messageId: 'notNumeric', range: ins.argsRange ?? ins.range });
    }
  },
});
