/** The RUN instruction: the shell it needs, the user it runs as, then its script through the command handlers. */
import type { Instruction } from '../dockerfile/types';
import { normalize } from './fs';
import { runScript } from './shell-exec';
import { contextMatches } from './copy';
import { commit, newLayer, vars, type ApplyEnv, type StageState, type StepDraft } from './state';
import type { BuildProblem } from './types';

export function run(ins: Instruction, st: StageState, env: ApplyEnv, createdBy: string): { step: StepDraft; failed: boolean } {
  const layer = newLayer(createdBy, ins);
  st.fs.push(layer);
  const notes: string[] = [];
  const cacheMounts = ins.flags
    .filter((f) => f.name === 'mount' && /(^|,)type=cache(,|$)/.test(f.value ?? ''))
    .map((f) => normalize(/(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1] ?? '/'));
  for (const f of ins.flags.filter((x) => x.name === 'mount' && /(^|,)type=bind(,|$)/.test(x.value ?? '') && !/(^|,)from=/.test(x.value ?? ''))) {
    const source = /(?:^|,)(?:source|src)=([^,]+)/.exec(f.value ?? '')?.[1] ?? '.';
    for (const c of contextMatches(env.contextFiles, source)) env.read.add(c);
  }
  let failed = false;
  const scriptParts: string[] = [];
  if (ins.json) {
    scriptParts.push(ins.args.map((a) => a.value).join(' '));
  } else {
    const only = ins.heredocs.length > 0 && /^(\d*<<-?\S+\s*)+$/.test(ins.argsText.trim());
    scriptParts.push(only ? ins.heredocs.map((h) => h.content).join('\n') : ins.argsText);
    if (!st.image.shell && !st.fs.lookup('/bin/sh')) {
      env.problems.push({
        code: 'no-shell',
        message: `failed to solve: process "/bin/sh -c ${ins.argsText}" did not complete successfully: runc run failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory`,
        explanation: `${st.image.family === 'scratch' ? 'scratch' : st.image.requested} has no shell, and the shell form of RUN runs its command through /bin/sh. Do this work in a builder stage, or use the JSON form with a program the image has.`,
        line: ins.startLine + 1,
        when: 'build',
        severity: 'error',
      });
      failed = true;
    }
  }
  const user = st.config.user;
  if (!failed && user && !/^\d+(:\d+)?$/.test(user) && !st.users.has(user.split(':')[0]!)) {
    env.problems.push(unknownUser(user, ins.startLine + 1, 'build', !st.fs.lookup('/etc/passwd')));
    failed = true;
  }
  let output: string[] = [];
  let seconds = 0.3;
  let activities: StepDraft['activities'] = [];
  if (!failed) {
    const effect = runScript(scriptParts.join('\n'), {
      fs: st.fs,
      layer,
      workdir: st.config.workdir,
      env: vars(st, env),
      image: st.image,
      cacheMounts,
      facts: env.facts,
      users: st.users,
      groups: st.groups,
      line: ins.startLine + 1,
    });
    notes.push(...effect.notes);
    output = effect.output;
    seconds += effect.seconds;
    activities = effect.activities;
    if (effect.failure) {
      env.problems.push({ code: 'command-failed', message: effect.failure.message, explanation: effect.failure.explanation, line: ins.startLine + 1, when: 'build', severity: 'error' });
      failed = true;
    } else if (effect.unknown) {
      env.unknowns.push({ line: ins.startLine + 1, message: `Stagecraft cannot tell whether line ${ins.startLine + 1} succeeds: ${effect.unknown}.` });
    }
  }
  st.fs.layers.pop();
  // BuildKit keys a RUN by its parent and its text; what it reads was fixed by the steps before.
  const done = commit(st, layer, ins, env, notes, output, seconds);
  return { step: { ...done.step, activities }, failed };
}

export function unknownUser(user: string, line: number | null, when: 'build' | 'run', noPasswd = false): BuildProblem {
  const name = user.split(':')[0];
  return {
    code: 'unknown-user',
    message: when === 'run'
      ? `docker: Error response from daemon: unable to find user ${name}: no matching entries in passwd file.`
      : `failed to solve: unable to find user ${name}: no matching entries in passwd file`,
    explanation: noPasswd
      ? `${name} is a name, and this image has no /etc/passwd to look names up in (scratch has no users at all). Use a numeric id instead: USER 65532:65532.`
      : `The image has no user called ${name}. Create it first (adduser on Alpine, useradd on Debian), use a user the base image ships (node images have "node"), or give a numeric id such as 65532.`,
    line,
    when,
    severity: 'error',
  };
}

