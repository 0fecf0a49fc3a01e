import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../../dockerfile/edits';
import { parseDockerfile } from '../../dockerfile/parse';
import { fakeContext } from '../../testing/rule-tester';
import { lintDockerfile } from '../run';
import { buildkitRules } from './index';

/** Docker's list at docs.docker.com/reference/build-checks, in its order (InvalidBaseImagePlatform and InvalidDefinitionDescription left out). */
const DOCS_ORDER = [
  'StageNameCasing', 'FromAsCasing', 'NoEmptyContinuation', 'ConsistentInstructionCasing', 'DuplicateStageName',
  'ReservedStageName', 'JSONArgsRecommended', 'MaintainerDeprecated', 'UndefinedArgInFrom', 'WorkdirRelativePath',
  'UndefinedVar', 'MultipleInstructionsDisallowed', 'LegacyKeyValueFormat', 'RedundantTargetPlatform',
  'SecretsUsedInArgOrEnv', 'InvalidDefaultArgInFrom', 'FromPlatformFlagConstDisallowed', 'CopyIgnoredFile',
  'InvalidDefinitionDescription', 'ExposeProtoCasing', 'ExposeInvalidFormat', 'InvalidBaseImagePlatform',
];

const kebab = (name: string) => name.replace(/JSON/g, 'Json').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** Inputs that are odd on purpose. */
const ODD = [
  '', 'FROM', 'FROM ""', 'FROM $', 'FROM ${', 'FROM ${A:-${B:-${C}}}', 'FROM a AS', 'FROM a AS B C', 'FROM a b c',
  'FROM --platform= x', 'FROM --platform=$ x', 'FROM --platform=${TARGETPLATFORM:?no} x',
  'ARG\nFROM a', 'ARG =x\nFROM a', 'ARG X=${\nFROM $X', 'ARG X="unterminated\nFROM a:$X',
  'FROM a\nCOPY', 'FROM a\nCOPY --from= a b', 'FROM a\nCOPY --from=$ a b', 'FROM a\nCOPY --from=99999999999999999999 a b',
  'FROM a\nCOPY --from=${X a b', 'FROM a\nCOPY ["a"]', 'FROM a\nCOPY <<EOF <<EOF2 d\n$X\nEOF\n${Y\nEOF2',
  'FROM a\nRUN --mount', 'FROM a\nRUN --mount= true', 'FROM a\nRUN --mount=from true', 'FROM a\nRUN --mount="from=x,a" x',
  'FROM a\nRUN --mount=from=${X},target=$ x', 'FROM a\nENV', 'FROM a\nENV A', 'FROM a\nENV =x', 'FROM a\nENV A=$A B=${A',
  'FROM a\nENV A "b', 'FROM a\nLABEL a', 'FROM a\nWORKDIR', 'FROM a\nWORKDIR ${', 'FROM a\nEXPOSE', 'FROM a\nEXPOSE :',
  'FROM a\nEXPOSE ::::', 'FROM a\nEXPOSE 80/', 'FROM a\nEXPOSE /tcp', 'FROM a\nEXPOSE $P:${P}/${Q', 'FROM a\nEXPOSE [:::80',
  'FROM a\nCMD', 'FROM a\nCMD ""', 'FROM a\nCMD \'', 'FROM a\nENTRYPOINT [1]', 'FROM a\nSHELL', 'FROM a\nSHELL []',
  'FROM a\nMAINTAINER', 'FROM a\nMAINTAINER "', 'MAINTAINER x', 'FROM a\nONBUILD COPY --from=0 a b',
  'FROM a\nRUN \\\n\n', 'FROM a\nRUN a \\\n\n<<EOF\nx\nEOF', '# escape=`\nFROM a\nENV A `$B\nWORKDIR ${C}`\n  x',
  'FROM a AS s\nCOPY --from=s a b\nRUN --mount=from=s,target=/x y', 'FROM a AS A\nFROM A AS a\nCOPY --from=A x y',
  '\uFEFFFROM a:1\r\nENV A $B\r\nCOPY $C /d\r\n', 'FROM a\u0000\nENV \u0000=$\u0000',
];

function neverThrows(code: string): void {
  const file = parseDockerfile(code);
  const found = lintDockerfile(file, { rules: buildkitRules, context: fakeContext(['a', 'b', '.env'], ['.env', 'b']) });
  const internal = found.filter((d) => d.message.startsWith('Internal error'));
  expect(internal.map((d) => d.message)).toEqual([]);
  for (const d of found) expect(d.message).not.toMatch(/\{\{/);
  const edits = found.flatMap((d) => d.fixes?.[0]?.edits ?? []);
  expect(typeof applyFixes(code, edits)).toBe('string');
}

describe('BuildKit rules', () => {
  it('are registered once each, checks in the order of Docker’s docs, hard errors last', () => {
    const checks = buildkitRules.filter((r) => r.meta.buildkit);
    expect(checks.map((r) => r.meta.buildkit)).toEqual(DOCS_ORDER);
    const firstError = buildkitRules.findIndex((r) => !r.meta.buildkit);
    expect(buildkitRules.slice(firstError).every((r) => !r.meta.buildkit && r.meta.severity === 'error')).toBe(true);
    expect(new Set(buildkitRules.map((r) => r.meta.id)).size).toBe(buildkitRules.length);
  });

  it('checks are warnings with Docker’s id, reference and link', () => {
    for (const r of buildkitRules.filter((rule) => rule.meta.buildkit)) {
      const name = r.meta.buildkit!;
      expect(r.meta.severity).toBe('warning');
      expect(r.meta.refs).toEqual([name]);
      expect(r.meta.id).toBe(kebab(name));
      expect(r.meta.url).toBe(`https://docs.docker.com/go/dockerfile/rule/${kebab(name)}/`);
    }
  });

  it('hard errors name BuildKit and cannot be skipped with # check=skip', () => {
    for (const r of buildkitRules.filter((rule) => !rule.meta.buildkit)) expect(r.meta.refs).toEqual(['BuildKit']);
    const code = '# check=skip=all\nFROM alpine AS a\nCOPY --from=a /x /y\nCOPY --from=$X /x /y\nMAINTAINER me';
    const rules = lintDockerfile(parseDockerfile(code), { rules: buildkitRules }).map((d) => d.rule);
    expect(rules).toEqual(['stage-circular-dependency', 'from-flag-variable']);
  });

  it('honour # check=skip and # check=error=true for checks', () => {
    const code = '# check=skip=MaintainerDeprecated;error=true\nFROM alpine as a\nMAINTAINER me';
    const found = lintDockerfile(parseDockerfile(code), { rules: buildkitRules });
    expect(found.map((d) => [d.rule, d.severity])).toEqual([['from-as-casing', 'error']]);
  });

  it.each(ODD.map((code) => [JSON.stringify(code).slice(0, 60), code]))('never throw on %s', (_, code) => {
    neverThrows(code);
  });

  it('never throw on generated Dockerfiles', () => {
    const word = fc.constantFrom(
      'FROM', 'from', 'From', 'RUN', 'COPY', 'ADD', 'CMD', 'cmd', 'ENTRYPOINT', 'USER', 'WORKDIR', 'ENV', 'ARG', 'SHELL',
      'ONBUILD', 'MAINTAINER', 'HEALTHCHECK', 'LABEL', 'EXPOSE', 'VOLUME', 'AS', 'as', 'Stage', 'stage', '--from=stage',
      '--from=0', '--from=1', '--from=$X', '--platform=$TARGETPLATFORM', '--platform=linux/amd64', '--chown=$U',
      '--mount=type=cache,target=$T', '--mount=from=stage,target=/x', 'a', 'b:latest', 'scratch', 'context', '/', '.',
      '"', "'", '[', ']', '"x"', ',', '80:80', '80/TCP', '1.2.3.4:80:80', 'A=$A', 'A', 'B=${A:-x}', '${', '}', '$',
      '$X', '${X}', '${X#*}', '<<EOF', 'EOF', '\\', '\\\n', '\n', '\n\n', ' ', 'PASSWORD=x', '#', '=',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        neverThrows(words.join(' ').replace(/ ?\n ?/g, '\n'));
      }),
      { numRuns: 400 },
    );
  });

  it('never throw on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => neverThrows(`FROM a\n${text}`)),
      { numRuns: 300 },
    );
  });
});

describe('# check= above an instruction (BuildKit ≥ 1.21)', () => {
  const found = (text: string) => lintDockerfile(parseDockerfile(text)).filter((d) => d.rule === 'multiple-instructions-disallowed').map((d) => d.range.start.line + 1);
  it("MultipleInstructionsDisallowed follows the later instruction's comment, on the earlier line", () => {
    expect(found('FROM a\nCMD ["a"]\nCMD ["b"]\n')).toEqual([2]);
    expect(found('FROM a\nCMD ["a"]\n# check=skip=MultipleInstructionsDisallowed\nCMD ["b"]\n')).toEqual([]);
    expect(found('FROM a\n# check=skip=MultipleInstructionsDisallowed\nCMD ["a"]\nCMD ["b"]\n')).toEqual([3]);
  });
  it('adds skips to the directive, never error=true, and a bad one is ignored', () => {
    const lint = (text: string) => lintDockerfile(parseDockerfile(text)).filter((d) => d.refs.includes('JSONArgsRecommended'));
    expect(lint('FROM a\n# check=error=true\nCMD x\n').map((d) => d.severity)).toEqual(['warning']);
    expect(lint('FROM a\n# check=nonsense\nCMD x\n')).toHaveLength(1);
    expect(lint('# check=skip=JSONArgsRecommended\nFROM a\n# check=skip=Other\nCMD x\n')).toHaveLength(0);
  });
  it('a file-wide-only check ignores the comment (ConsistentInstructionCasing)', () => {
    const lint = (text: string) => lintDockerfile(parseDockerfile(text)).filter((d) => d.rule === 'consistent-instruction-casing');
    expect(lint('FROM a\nRUN x\n# check=skip=ConsistentInstructionCasing\nrun y\n')).toHaveLength(1);
    expect(lint('# check=skip=ConsistentInstructionCasing\nFROM a\nRUN x\nrun y\n')).toHaveLength(0);
  });
});
