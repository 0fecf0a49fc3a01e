/**
 * A smaller image to run on: the same runtime in its alpine or slim variant, or
 * for a program that needs nothing but itself (a static Go binary), scratch or
 * distroless static. Each is tried; only those that still build and start count.
 */
import { earlierStageNamed } from '../../dockerfile/query';
import type { Instruction, Stage } from '../../dockerfile/types';
import { lookupImage } from '../../images/catalog';
import { humanSize } from '../../report/human-size';
import { DockerfileEdit } from '../edit';
import { asExecForm } from './exec-form';
import { slimmerVariants } from './util';
import { defineKind, own, type AdviseInput, type Candidate } from './types';

/** Images for a stage that only copies a program in and runs it. */
function bareRuntimes(input: AdviseInput): string[] {
  const stage = input.file.stages[input.target]!;
  if (own(stage, 'RUN').length > 0) return [];
  const binaries = input.fsOf(input.target).list('/').filter((e) => e.binary && e.bytes > 0);
  if (binaries.length === 0) return [];
  const dynamic = binaries.some((b) => b.binary!.linkage === 'dynamic');
  const musl = binaries.some((b) => b.binary!.libc === 'musl');
  if (!dynamic) return ['scratch', 'gcr.io/distroless/static-debian12', 'alpine:3.20'];
  return musl ? ['alpine:3.20'] : ['gcr.io/distroless/base-debian12', 'debian:bookworm-slim'];
}

/**
 * The stage on another image: the FROM line's image replaced (flags and `AS name` kept),
 * and, on an image without a shell, a shell-form CMD/ENTRYPOINT in exec form — or null
 * when the command needs a shell.
 */
export function rebase(text: string, stage: Stage, ref: string): string | null {
  const image = lookupImage(ref);
  const current = lookupImage(stage.base);
  // An image that runs as a non-root user by default (distroless :nonroot) must not turn into one that runs as root.
  const keepUser = current.defaultUser !== 'root' && image.defaultUser === 'root' && own(stage, 'USER').length === 0;
  const uid = current.users[current.defaultUser];
  if (keepUser && uid === undefined) return null;
  const from = fromWith(stage.from, stage.rawName, ref) + (keepUser ? `\nUSER ${uid}:${uid}` : '');
  const edit = new DockerfileEdit(text).replace(stage.from, from);
  if (!image.shell) {
    for (const ins of [...own(stage, 'CMD'), ...own(stage, 'ENTRYPOINT')]) {
      const exec = asExecForm(ins);
      if (exec === null) return null;
      if (!ins.json) edit.replace(ins, exec);
    }
  }
  return edit.result();
}

/** The FROM line with another image, its flags and `AS name` kept. */
function fromWith(from: Instruction, stageName: string | null, ref: string): string {
  const flags = from.flags.map((f) => `${f.text} `).join('');
  return `FROM ${flags}${ref}${stageName ? ` AS ${stageName}` : ''}`;
}

export const slimmerBase = defineKind({
  kind: 'slimmer-base',
  lesson: 'why-images-are-huge',
  candidates(input) {
    const stage = input.file.stages[input.target];
    if (!stage || earlierStageNamed(input.file, stage.base, stage.index)) return [];
    const current = lookupImage(stage.base);
    if (current.family === 'scratch') return [];
    const refs = [...new Set([...slimmerVariants(stage.base), ...bareRuntimes(input)])]
      .filter((r) => r !== stage.base && lookupImage(r).uncompressedBytes < current.uncompressedBytes);
    const out: Candidate[] = [];
    for (const ref of refs) {
      const image = lookupImage(ref);
      const text = rebase(input.text, stage, ref);
      if (text === null) continue;
      const libcNote = image.libc === 'musl' && current.libc === 'glibc' && current.family.startsWith('node') ? ' Alpine uses musl instead of glibc: prebuilt native modules built for glibc do not load there; the slim variant keeps glibc.' : '';
      const toolchainNote = image.family === 'golang-alpine' ? ' It still holds the whole Go toolchain: a build stage with the program on scratch goes much further.' : '';
      const shellNote = !image.shell && current.shell ? ` ${ref} has no shell, so the command is in exec form and \`docker exec … sh\` will not work.` : '';
      const scratchNote = ref === 'scratch' ? ' scratch is empty: no CA certificates, no /etc/passwd, no time zone data — the simulated start found nothing missing, but copy in what your program needs (certificates for HTTPS calls).' : '';
      out.push({
        id: `slimmer-base:${stage.name ?? stage.index}`,
        title: `Run on ${ref} instead of ${stage.base}`,
        why: `${stage.base} is ${humanSize(current.uncompressedBytes)}: ${/^(node|python)$/.test(current.family) ? 'the runtime on a full Debian with compilers, headers and version-control tools that a running program does not use' : current.family === 'golang' ? 'the Go toolchain on a full Debian with C compilers and version-control tools' : 'more than the program needs'}. ${ref} is ${humanSize(image.uncompressedBytes)}.${libcNote}${toolchainNote}${shellNote}${scratchNote}`,
        dockerfile: text,
      });
    }
    return out;
  },
});
