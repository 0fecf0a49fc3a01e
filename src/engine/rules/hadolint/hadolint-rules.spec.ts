import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../../dockerfile/edits';
import { parseDockerfile } from '../../dockerfile/parse';
import { lintDockerfile } from '../run';
import { hadolintRules } from './index';

/** Inputs that are odd on purpose: empty parts, JSON forms, heredocs, ONBUILD, escapes. */
const ODD = [
  '',
  'FROM',
  'FROM ""',
  'FROM :latest',
  'FROM @',
  'FROM a:b AS',
  'FROM --platform= x',
  'FROM --platform x:1',
  'WORKDIR',
  'WORKDIR ""',
  "WORKDIR ''",
  'WORKDIR C',
  'USER',
  'USER :',
  'COPY',
  'COPY a',
  'COPY --from a b',
  'COPY --from= a b c',
  'COPY ["a"]',
  'COPY [] ',
  'COPY <<EOF <<EOF2 dest\nx\nEOF\ny\nEOF2',
  'ADD <<EOF /x\nbody\nEOF',
  'ADD',
  'CMD',
  'CMD []',
  'ENTRYPOINT [1, 2]',
  'RUN',
  'RUN []',
  'RUN ["a", "|", "b"]',
  'RUN <<EOF',
  'RUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF',
  'RUN 2<<EOF cat\nEOF',
  'RUN echo $( unterminated | x',
  'RUN echo `unterminated | x',
  'RUN ((( ))) | ;; && || &',
  'RUN echo "$(a "$(b | c)")"',
  'SHELL',
  'SHELL []',
  'SHELL not-json',
  'ENV',
  'ENV A',
  'ENV =x',
  'ENV A=$A B=${A',
  'ARG',
  'ARG =x',
  'ONBUILD',
  'ONBUILD ONBUILD',
  'ONBUILD ONBUILD ONBUILD RUN x',
  'ONBUILD ARG',
  'MAINTAINER',
  'MAINTAINER "',
  'HEALTHCHECK',
  'HEALTHCHECK CMD',
  '# escape=`\nFROM a:1\nMAINTAINER a`\n  b',
  'FROM a:1 \\\n  AS \\\n  b\nCOPY --from=b \\\n / \\\n /',
  'BOGUS x\nFROM a:1',
  '\uFEFFFROM a:1\r\nRUN a | b\r\n',
];

const run = (code: string) => lintDockerfile(parseDockerfile(code), { rules: hadolintRules });

function neverThrows(code: string): void {
  const found = run(code);
  const internal = found.filter((d) => d.message.startsWith('Internal error'));
  expect(internal.map((d) => d.message)).toEqual([]);
  const edits = found.filter((d) => d.refs.some((r) => r.startsWith('DL'))).flatMap((d) => d.fixes?.[0]?.edits ?? []);
  expect(typeof applyFixes(code, edits)).toBe('string');
}

describe('hadolint rules', () => {
  it('are registered once each, in DL-number order, with distinct ids', () => {
    const codes = hadolintRules.map((r) => r.meta.refs[0]!);
    expect(codes.every((c) => /^DL\d{4}$/.test(c))).toBe(true);
    expect([...codes].sort()).toEqual(codes);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(hadolintRules.map((r) => r.meta.id)).size).toBe(hadolintRules.length);
    for (const r of hadolintRules) {
      expect(r.meta.url).toBe(`https://github.com/hadolint/hadolint/wiki/${r.meta.refs[0]}`);
      expect(r.meta.buildkit).toBeUndefined();
    }
  });

  it.each(ODD.map((code) => [JSON.stringify(code).slice(0, 60), code]))('never throw on %s', (_, code) => {
    neverThrows(code);
  });

  it('never throw on generated Dockerfiles', () => {
    const word = fc.constantFrom(
      'FROM', 'from', 'RUN', 'COPY', 'ADD', 'CMD', 'ENTRYPOINT', 'USER', 'WORKDIR', 'ENV', 'ARG', 'SHELL', 'ONBUILD',
      'MAINTAINER', 'HEALTHCHECK', 'LABEL', 'AS', 'as', '--from=a', '--from=0', '--platform=$TARGETPLATFORM',
      '--mount=type=cache,target=/x', 'a', 'b:latest', 'scratch', '/', '.', '"', "'", '[', ']', '"x"', ',', '|',
      '||', '&&', ';', '$(', ')', '`', '<<EOF', 'EOF', '\\', '\n', ' ', 'root', '0:0', 'C:/', '${X}', '$X', 'A=$A',
      'pipefail', '-o', 'bash', '#', '=',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        neverThrows(words.join(' ').replace(/ ?\n ?/g, '\n'));
      }),
      { numRuns: 400 },
    );
  });
});
