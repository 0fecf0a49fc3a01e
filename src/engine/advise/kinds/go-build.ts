/**
 * Go binaries: `CGO_ENABLED=0` links a static binary (no libc needed, so it runs on
 * scratch or distroless static); `-ldflags="-s -w"` leaves out the symbol table and
 * DWARF debug information, a third of the file.
 */
import { parseDockerfile } from '../../dockerfile/parse';
import { lookupImage } from '../../images/catalog';
import { DockerfileEdit } from '../edit';
import { rebase } from './slimmer-base';
import { findWords, insertAfterWords, insertBeforeWords } from './util';
import { defineKind, own, shellText, type Candidate } from './types';
import type { AdviseInput } from './types';

function goBuilds(input: AdviseInput) {
  const out = [];
  for (const i of input.needed) {
    const stage = input.file.stages[i]!;
    const cgoEnv = own(stage, 'ENV').some((e) => e.keyValues.some((kv) => kv.key === 'CGO_ENABLED'));
    for (const ins of own(stage, 'RUN')) {
      const sh = shellText(ins);
      if (sh !== null && findWords(sh, /go\s+(build|install)/)) out.push({ ins, sh, cgoEnv });
    }
  }
  return out;
}

export const goStatic = defineKind({
  kind: 'go-static',
  lesson: 'go-scratch',
  candidates(input) {
    const out: Candidate[] = [];
    for (const { ins, sh, cgoEnv } of goBuilds(input)) {
      if (cgoEnv || /CGO_ENABLED=/.test(sh)) continue;
      const edit = new DockerfileEdit(input.text);
      const changed = insertBeforeWords(edit.source(ins), /go\s+(build|install)/, 'CGO_ENABLED=0 ');
      if (!changed) continue;
      out.push({
        id: `go-static:${ins.startLine + 1}`,
        title: `Build a static Go binary with CGO_ENABLED=0 (line ${ins.startLine + 1})`,
        why: 'On an image with a C compiler (golang:1.22 has one), Go links programs that use net or os/user against the C library, so the binary needs glibc at run time. With CGO_ENABLED=0 it uses Go\'s own implementations and links statically: it runs on scratch or distroless static, with nothing else in the image.',
        dockerfile: edit.replace(ins, changed).result(),
      });
      // A static binary can run on an image with no C library: that is where the saving is.
      const stage = input.file.stages[input.target]!;
      if (own(stage, 'RUN').length === 0 && !lookupImage(stage.base).resolved?.match(/^(scratch|gcr\.io\/distroless\/static)/)) {
        const edited = out[out.length - 1]!.dockerfile;
        const again = parseDockerfile(edited).stages[input.target];
        for (const ref of ['gcr.io/distroless/static-debian12', 'scratch']) {
          const text = again ? rebase(edited, again, ref) : null;
          if (text) out.push({ ...out[out.length - 1]!, title: `Build a static Go binary with CGO_ENABLED=0 and run it on ${ref} (line ${ins.startLine + 1})`, dockerfile: text });
        }
      }
    }
    return out;
  },
});

export const goStrip = defineKind({
  kind: 'go-strip',
  lesson: 'go-scratch',
  candidates(input) {
    const out: Candidate[] = [];
    for (const { ins, sh } of goBuilds(input)) {
      if (/-ldflags/.test(sh)) continue;
      const edit = new DockerfileEdit(input.text);
      const changed = insertAfterWords(edit.source(ins), /go\s+build/, ' -ldflags="-s -w"');
      if (!changed) continue;
      out.push({
        id: `go-strip:${ins.startLine + 1}`,
        title: `Strip the Go binary with -ldflags="-s -w" (line ${ins.startLine + 1})`,
        why: '-s leaves out the symbol table and -w the DWARF debugging information. The program runs the same; panics still print their stack traces, but debuggers such as Delve cannot attach to it. Keep an unstripped build for debugging if you need one.',
        dockerfile: edit.replace(ins, changed).result(),
      });
    }
    return out;
  },
});
