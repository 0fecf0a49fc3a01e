/** useradd/adduser and groupadd/addgroup: they write /etc/passwd (and /etc/group), so a later USER finds the name. */
import { RATIO, add, fail, busybox } from './support';
import { parseFlags } from './coreutils';
import { hashParts } from '../hash';
import { defineCommand, type Call, type Status } from './types';

function addUser(call: Call): Status {
  const { operands } = parseFlags(call.words.filter((w, i, all) => !['-u', '--uid', '-g', '--gid', '-G', '-s', '--shell', '-h', '--home', '-d', '--home-dir', '-c', '--comment', '-k'].includes(all[i - 1] ?? '')));
  const group = call.program === 'groupadd' || call.program === 'addgroup';
  const name = operands[0];
  if (!name) return fail(call, `${call.program}: missing user name`, `${call.program} needs a name.`);
  if (group) {
    // `addgroup user group` on BusyBox adds a user to a group: no new group.
    if (operands.length >= 2) return 'ok';
    if (call.ctx.groups.has(name)) return fail(call, call.program === 'groupadd' ? `groupadd: group '${name}' already exists` : `addgroup: group '${name}' in use`, `The image already has a group called ${name}.`);
    call.ctx.groups.add(name);
    add(call.ctx, { path: '/etc/group', kind: 'file', bytes: 600, files: 1, hash: hashParts('group', ...call.ctx.groups), category: 'base-os', compressRatio: RATIO.text, estimated: true });
    return 'ok';
  }
  // useradd (Debian) and BusyBox adduser make a group of the same name, unless told to use another (-g / -G).
  const ownGroup = !call.words.some((w) => w === '-g' || w === '--gid' || w === '-G' || w === '-N' || w === '--no-user-group');
  if (ownGroup && call.ctx.groups.has(name) && !call.ctx.users.has(name)) {
    return fail(call, call.program === 'useradd' ? `useradd: group ${name} exists - if you want to add this user to that group, use -g.` : `adduser: group '${name}' in use`, `A group called ${name} exists already, and ${call.program} would make one of the same name: add ${call.program === 'useradd' ? '-g' : '-G'} ${name} to put the user in it.`);
  }
  if (ownGroup) call.ctx.groups.add(name);
  if (call.ctx.users.has(name)) {
    return fail(call, busybox(call.ctx.image) || call.program === 'adduser' ? `adduser: user '${name}' in use` : `useradd: user '${name}' already exists`, `The image already has a user called ${name}${name === 'node' ? ' (the official node images create it)' : ''}.`);
  }
  const i = call.words.findIndex((w) => w === '-u' || w === '--uid');
  const uid = i >= 0 ? Number(call.words[i + 1]) : 1000 + call.ctx.users.size;
  call.ctx.users.set(name, Number.isFinite(uid) ? uid : 1000);
  add(call.ctx, { path: '/etc/passwd', kind: 'file', bytes: 1200, files: 1, hash: hashParts('passwd', ...call.ctx.users.keys()), category: 'base-os', compressRatio: RATIO.text, estimated: true });
  return 'ok';
}

export const users = defineCommand({
  programs: ['useradd', 'adduser', 'groupadd', 'addgroup'],
  reads: '/etc/passwd (the name must be new)',
  makes: 'a user in /etc/passwd',
  run: addUser,
});
