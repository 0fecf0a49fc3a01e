/**
 * BuildKit's own build-check test cases, run against our engine.
 *
 * Source: moby/buildkit, frontend/dockerfile/dockerfile_check_test.go at commit
 * 73ed6825c4b7569379ef89df0aedcdbe64473d31 (2026-08-21). Until commit 2939b5b2
 * ("dockerfile: split integration tests", 2026-07-07) this file was
 * frontend/dockerfile/dockerfile_lint_test.go; the rename kept its test bodies.
 * Rule names, descriptions and detail formats: frontend/dockerfile/linter/ruleset.go
 * at the same commit. The Dockerfiles and expectations below are transcribed by
 * hand: one `it` per `checkLinterWarnings` call (Go test name, then its 1-based
 * position in that function, or the subtest name).
 *
 * What is compared, per case:
 * - the set of {BuildKit check name, 1-based line} over every diagnostic of ours
 *   whose `refs` name a BuildKit check, whichever rule reported it (BuildKit's
 *   own rules and hadolint rules that list a BuildKit name alike), must equal
 *   BuildKit's; an extra finding fails as a missing one does;
 * - for the rules that implement a check (`meta.buildkit`), the findings'
 *   messages must equal BuildKit's detail text, with severity `warning`, or
 *   `error` where BuildKit fails with "lint violation found for rules: …";
 * - where BuildKit's lint result carries an error (parse or dispatch error), we
 *   must report an error from the parser or a BuildKit hard-error rule on that
 *   line; where it carries none, we must report none.
 *
 * BuildKit's harness checks each case twice: in the build's progress stream (only
 * stages the default target reaches) and through the lint subrequest (every
 * stage: `docker build --check`). Our engine lints every stage, so where the two
 * differ (`UnmarshalWarnings`) the subrequest's list is used. That list's line
 * numbers are not asserted upstream (checkLintWarning compares rule, description,
 * URL and detail only); where they are wrong upstream the real line is used here
 * and the case says so. Windows variants of cases are left out (Unix images:
 * alpine, busybox). Every case has a build context holding the Dockerfile (and
 * `.dockerignore` when the case has one), as BuildKit's temporary directory does.
 */
import { describe, expect, it } from 'vitest';
import {
  allRules, lintDockerfile, parseDockerfile, prepareContext, textEntry,
  type Diagnostic, type LintOptions,
} from '../../src/engine/index';

/** Every check in linter/ruleset.go at the commit above. */
const BUILDKIT_CHECKS = new Set([
  'StageNameCasing', 'FromAsCasing', 'NoEmptyContinuation', 'ConsistentInstructionCasing', 'DuplicateStageName',
  'ReservedStageName', 'JSONArgsRecommended', 'MaintainerDeprecated', 'UndefinedArgInFrom', 'WorkdirRelativePath',
  'UndefinedVar', 'MultipleInstructionsDisallowed', 'LegacyKeyValueFormat', 'InvalidBaseImagePlatform',
  'RedundantTargetPlatform', 'SecretsUsedInArgOrEnv', 'InvalidDefaultArgInFrom', 'FromPlatformFlagConstDisallowed',
  'CopyIgnoredFile', 'InvalidDefinitionDescription', 'ExposeProtoCasing', 'ExposeInvalidFormat',
]);

/** Our rule id → the BuildKit check it implements. */
const IMPLEMENTS = new Map(allRules.filter((r) => r.meta.buildkit).map((r) => [r.meta.id, r.meta.buildkit!]));

interface Warning {
  rule: string;
  /** 1-based, as BuildKit reports it. */
  line: number;
  /** BuildKit's detail message (the `Detail` of the expected warning). */
  detail: string;
}

interface Case {
  name: string;
  dockerfile: string;
  dockerignore?: string;
  /** What BuildKit's lint returns. */
  warnings: Warning[];
  /** BuildKit fails the lint with this error (1-based line). */
  error?: { line: number; message: string };
  /**
   * Build options of BuildKit's test (`FrontendAttrs`) that our LintOptions has no
   * field for; they are handed to lintDockerfile as they are, for an engine that
   * reads them. Only `BUILDKIT_DOCKERFILE_CHECK` changes BuildKit's lint result.
   */
  frontendAttrs?: Record<string, string>;
  /** A word on how the case was transcribed. */
  note?: string;
}

const w = (rule: string, line: number, detail: string): Warning => ({ rule, line, detail });

const LINT_VIOLATION = /^lint violation found for rules: /;

// Detail texts, from linter/ruleset.go's format functions.
const fromAs = (as: string, from: string) => `'${as}' and '${from}' keywords' casing do not match`;
const casing = (cmd: string, want: 'uppercase' | 'lowercase') => `Command '${cmd}' should match the case of the command majority (${want})`;
const jsonArgs = (ins: string) => `JSON arguments recommended for ${ins} to prevent unintended behavior related to OS signals`;
const MAINTAINER = 'Maintainer instruction is deprecated in favor of using label';
const stageCasing = (name: string) => `Stage name '${name}' should be lowercase`;
const undefinedArgInFrom = (arg: string, hint = '') => `FROM argument '${arg}' is not declared${hint ? ` (did you mean ${hint}?)` : ''}`;
const undefinedVar = (v: string, hint = '') => `Usage of undefined variable '$${v}'${hint ? ` (did you mean $${hint}?)` : ''}`;
const multiple = (ins: string) => `Multiple ${ins} instructions should not be used in the same stage because only the last one will be used`;
const legacy = (ins: string) => `"${ins} key=value" should be used instead of legacy "${ins} key value" format`;
const redundant = (v: string) => `Setting platform to predefined ${v} in FROM is redundant as this is the default behavior`;
const secret = (ins: string, key: string) => `Do not use ARG or ENV instructions for sensitive data (${ins} "${key}")`;
const invalidDefault = (base: string) => `Default value for ARG ${base} results in empty or invalid base image name`;
const constPlatform = (p: string) => `FROM --platform flag should not use constant value "${p}"`;
const ignored = (cmd: 'Copy' | 'Add', file: string) => `Attempting to ${cmd} file "${file}" that is excluded by .dockerignore`;
const definition = (ins: 'ARG' | 'FROM', name: string) => `Comment for ${ins} should follow the format: \`# ${name} <description>\``;
const protoCasing = (port: string) => `Defined protocol '${port}' in EXPOSE instruction should be lowercase`;
const exposeFormat = (port: string) => `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'`;

const CASES: Case[] = [
  // ---------------------------------------------------------------- testRuleCheckOption
  { name: 'testRuleCheckOption #1: skip=all', dockerfile: '#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n', warnings: [] },
  { name: 'testRuleCheckOption #2: skip=all;error=true', dockerfile: '#check=skip=all;error=true\nFROM scratch as base\ncopy Dockerfile .\n', warnings: [] },
  {
    name: 'testRuleCheckOption #3: skip of both rules that fire',
    dockerfile: '#check=skip=ConsistentInstructionCasing,FromAsCasing\nFROM scratch as base\ncopy Dockerfile .\n',
    warnings: [],
  },
  {
    name: 'testRuleCheckOption #4: skip of both rules, error=true',
    dockerfile: '#check=skip=ConsistentInstructionCasing,FromAsCasing;error=true\nFROM scratch as base\ncopy Dockerfile .\n',
    warnings: [],
  },
  {
    name: 'testRuleCheckOption #5: skip of one rule',
    dockerfile: '#check=skip=ConsistentInstructionCasing\nFROM scratch as base\ncopy Dockerfile .\n',
    warnings: [w('FromAsCasing', 2, fromAs('as', 'FROM'))],
  },
  {
    name: 'testRuleCheckOption #6: skip of one rule, error=true',
    dockerfile: '#check=skip=ConsistentInstructionCasing;error=true\nFROM scratch as base\ncopy Dockerfile .\n',
    warnings: [w('FromAsCasing', 2, fromAs('as', 'FROM'))],
    error: { line: 2, message: 'lint violation found for rules: FromAsCasing' },
  },
  {
    name: 'testRuleCheckOption #7: BUILDKIT_DOCKERFILE_CHECK replaces the directive',
    dockerfile: '#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n',
    frontendAttrs: { 'build-arg:BUILDKIT_DOCKERFILE_CHECK': 'skip=ConsistentInstructionCasing;error=true' },
    warnings: [w('FromAsCasing', 2, fromAs('as', 'FROM'))],
    error: { line: 2, message: 'lint violation found for rules: FromAsCasing' },
  },
  {
    name: 'testRuleCheckOption #8: BUILDKIT_DOCKERFILE_CHECK=skip=all over error=true',
    dockerfile: '#check=error=true\nFROM scratch as base\ncopy Dockerfile .\n',
    frontendAttrs: { 'build-arg:BUILDKIT_DOCKERFILE_CHECK': 'skip=all' },
    warnings: [],
  },

  // ---------------------------------------------------------------- testStageName
  {
    name: 'testStageName #1',
    dockerfile: `
# warning: stage name should be lowercase
#
FROM scratch AS BadStageName

# warning: 'as' should match 'FROM' cmd casing.
#
FROM scratch as base2

FROM scratch AS base3
`,
    warnings: [w('StageNameCasing', 4, stageCasing('BadStageName')), w('FromAsCasing', 8, fromAs('as', 'FROM'))],
  },
  {
    name: 'testStageName #2',
    dockerfile: `
# warning: 'AS' should match 'from' cmd casing.
#
from scratch AS base

from scratch as base2
`,
    warnings: [w('FromAsCasing', 4, fromAs('AS', 'from'))],
  },

  // ---------------------------------------------------------------- testNoEmptyContinuation
  {
    name: 'testNoEmptyContinuation #1',
    dockerfile: `
FROM scratch
# warning: empty continuation line
COPY Dockerfile \\

.
COPY Dockerfile \\
.
`,
    note: 'BuildKit puts the warning on the last line of the instruction, not on the empty line.',
    warnings: [w('NoEmptyContinuation', 6, 'Empty continuation line')],
  },

  // ---------------------------------------------------------------- testConsistentInstructionCasing
  {
    name: 'testConsistentInstructionCasing #1: From among FROM',
    dockerfile: `
# warning: 'FROM' should be either lowercased or uppercased
#
From scratch as base
FROM scratch AS base2
`,
    warnings: [w('ConsistentInstructionCasing', 4, casing('From', 'uppercase'))],
  },
  {
    name: 'testConsistentInstructionCasing #2: copy among upper case',
    dockerfile: `
FROM scratch
# warning: 'copy' should match command majority's casing (uppercase)
copy Dockerfile /foo
COPY Dockerfile /bar
`,
    warnings: [w('ConsistentInstructionCasing', 4, casing('copy', 'uppercase'))],
  },
  {
    name: 'testConsistentInstructionCasing #3: frOM among from',
    dockerfile: `
# warning: 'frOM' should be either lowercased or uppercased
#
frOM scratch as base
from scratch as base2
`,
    warnings: [w('ConsistentInstructionCasing', 4, casing('frOM', 'lowercase'))],
  },
  {
    name: 'testConsistentInstructionCasing #4: COPY among lower case',
    dockerfile: `
from scratch
# warning: 'COPY' should match command majority's casing (lowercase)
COPY Dockerfile /foo
copy Dockerfile /bar
`,
    warnings: [w('ConsistentInstructionCasing', 4, casing('COPY', 'lowercase'))],
  },
  {
    name: 'testConsistentInstructionCasing #5: from among upper case',
    dockerfile: `
# warning: 'from' should match command majority's casing (uppercase)
#
from scratch
COPY Dockerfile /foo
COPY Dockerfile /bar
COPY Dockerfile /baz
`,
    warnings: [w('ConsistentInstructionCasing', 4, casing('from', 'uppercase'))],
  },
  {
    name: 'testConsistentInstructionCasing #6: FROM among lower case',
    dockerfile: `
# warning: 'FROM' should match command majority's casing (lowercase)
#
FROM scratch
copy Dockerfile /foo
copy Dockerfile /bar
copy Dockerfile /baz
`,
    warnings: [w('ConsistentInstructionCasing', 4, casing('FROM', 'lowercase'))],
  },
  { name: 'testConsistentInstructionCasing #7: all lower case', dockerfile: '\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n', warnings: [] },
  { name: 'testConsistentInstructionCasing #8: all upper case', dockerfile: '\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n', warnings: [] },
  {
    name: 'testConsistentInstructionCasing #9: heredoc body is not an instruction',
    dockerfile: `
FROM alpine
RUN <<'EOT'
env
EOT
`,
    warnings: [],
  },

  // ---------------------------------------------------------------- testDuplicateStageName
  {
    name: 'testDuplicateStageName #1',
    dockerfile: '\nFROM scratch AS b\nFROM scratch AS b\n',
    warnings: [w('DuplicateStageName', 3, 'Duplicate stage name "b", stage names should be unique')],
  },
  { name: 'testDuplicateStageName #2', dockerfile: '\nFROM scratch AS b1\nFROM scratch AS b2\n', warnings: [] },

  // ---------------------------------------------------------------- testReservedStageName
  {
    name: 'testReservedStageName #1',
    dockerfile: '\nFROM scratch AS scratch\nFROM scratch AS context\n',
    warnings: [
      w('ReservedStageName', 2, 'Stage name should not use the same name as reserved stage "scratch"'),
      w('ReservedStageName', 3, 'Stage name should not use the same name as reserved stage "context"'),
    ],
  },
  { name: 'testReservedStageName #2: reserved name as base only', dockerfile: '\nFROM scratch\nFROM scratch AS a\n', warnings: [] },

  // ---------------------------------------------------------------- testJSONArgsRecommended
  { name: 'testJSONArgsRecommended #1: CMD', dockerfile: '\nFROM scratch\nCMD mycommand\n', warnings: [w('JSONArgsRecommended', 3, jsonArgs('CMD'))] },
  {
    name: 'testJSONArgsRecommended #2: ENTRYPOINT',
    dockerfile: '\nFROM scratch\nENTRYPOINT mycommand\n',
    warnings: [w('JSONArgsRecommended', 3, jsonArgs('ENTRYPOINT'))],
  },
  { name: 'testJSONArgsRecommended #3: CMD after SHELL', dockerfile: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nCMD mycommand\n', warnings: [] },
  {
    name: 'testJSONArgsRecommended #4: ENTRYPOINT after SHELL',
    dockerfile: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nENTRYPOINT mycommand\n',
    warnings: [],
  },
  {
    name: 'testJSONArgsRecommended #5: CMD, SHELL set in the base stage',
    dockerfile: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nCMD mycommand\n',
    warnings: [],
  },
  {
    name: 'testJSONArgsRecommended #6: ENTRYPOINT, SHELL set in the base stage',
    dockerfile: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nENTRYPOINT mycommand\n',
    warnings: [],
  },

  // ---------------------------------------------------------------- testMaintainerDeprecated
  { name: 'testMaintainerDeprecated #1', dockerfile: '\nFROM scratch\nMAINTAINER me@example.org\n', warnings: [w('MaintainerDeprecated', 3, MAINTAINER)] },
  { name: 'testMaintainerDeprecated #2: LABEL', dockerfile: '\nFROM scratch\nLABEL org.opencontainers.image.authors="me@example.org"\n', warnings: [] },
  {
    name: 'testMaintainerDeprecated #3: # check=skip above CMD',
    dockerfile: '\nFROM scratch\n# check=skip=JSONArgsRecommended\nCMD mycommand\n',
    warnings: [],
  },
  {
    name: 'testMaintainerDeprecated #4: # check=skip above ENTRYPOINT',
    dockerfile: '\nFROM scratch\n# check=skip=JSONArgsRecommended\nENTRYPOINT mycommand\n',
    warnings: [],
  },
  {
    name: 'testMaintainerDeprecated #5: # check=skip above MAINTAINER',
    dockerfile: '\nFROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER me@example.org\n',
    warnings: [],
  },

  // ---------------------------------------------------------------- testWarningsBeforeError
  {
    name: 'testWarningsBeforeError #1',
    dockerfile: '\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\nBADCMD\n',
    warnings: [w('StageNameCasing', 2, stageCasing('BadStageName')), w('MaintainerDeprecated', 3, MAINTAINER)],
    error: { line: 4, message: 'dockerfile parse error on line 4: unknown instruction: BADCMD' },
  },

  // ---------------------------------------------------------------- testUndeclaredArg
  { name: 'testUndeclaredArg #1', dockerfile: '\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n', warnings: [] },
  {
    name: 'testUndeclaredArg #2: BUILDPLATFORM redeclared',
    dockerfile: '\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n',
    warnings: [],
  },
  { name: 'testUndeclaredArg #3: predefined BUILDPLATFORM', dockerfile: '\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n', warnings: [] },
  { name: 'testUndeclaredArg #4: declared, no default', dockerfile: '\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n', warnings: [] },
  { name: 'testUndeclaredArg #5: ${DEBUG:-tch}', dockerfile: '\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n', warnings: [] },
  { name: 'testUndeclaredArg #6: ${DEBUG-@bogus}', dockerfile: '\nARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n', warnings: [] },
  {
    name: 'testUndeclaredArg #7: misspelt BUILDPLATFORM',
    dockerfile: '\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n',
    warnings: [w('UndefinedArgInFrom', 2, undefinedArgInFrom('BULIDPLATFORM', 'BUILDPLATFORM'))],
    error: { line: 2, message: 'empty platform value from expression $BULIDPLATFORM (did you mean BUILDPLATFORM?)' },
  },
  {
    name: 'testUndeclaredArg #8: misspelt MY_ARCH in --platform',
    dockerfile: '\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n\t',
    warnings: [w('UndefinedArgInFrom', 4, undefinedArgInFrom('MYARCH', 'MY_ARCH'))],
    error: {
      line: 4,
      message:
        'failed to parse platform linux/${MYARCH}: "" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument (did you mean MY_ARCH?)',
    },
  },
  {
    name: 'testUndeclaredArg #9: undeclared ${version} in the tag',
    dockerfile: '\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n',
    warnings: [w('UndefinedArgInFrom', 3, undefinedArgInFrom('version'))],
  },

  // ---------------------------------------------------------------- testWorkdirRelativePath
  {
    name: 'testWorkdirRelativePath #1',
    dockerfile: '\nFROM scratch\nWORKDIR app/\n',
    warnings: [w('WorkdirRelativePath', 3, 'Relative workdir "app/" can have unexpected results if the base image changes')],
  },
  {
    name: 'testWorkdirRelativePath #2: absolute WORKDIR in the base stage',
    dockerfile: '\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n',
    warnings: [],
  },
  {
    name: 'testWorkdirRelativePath #3: # check=skip above WORKDIR',
    dockerfile: '\nFROM scratch\n# check=skip=WorkdirRelativePath\nWORKDIR app/\n',
    warnings: [],
  },

  // ---------------------------------------------------------------- testUnmatchedVars
  { name: 'testUnmatchedVars #1: declared ARG', dockerfile: '\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n', warnings: [] },
  {
    name: 'testUnmatchedVars #2: ARG inherited from the base stage',
    dockerfile: '\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n',
    warnings: [],
  },
  { name: 'testUnmatchedVars #3: PATH from the image', dockerfile: '\nFROM alpine\nRUN echo $PATH\n', warnings: [] },
  {
    name: 'testUnmatchedVars #4: used before its ARG',
    dockerfile: '\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n',
    warnings: [w('UndefinedVar', 3, undefinedVar('foo'))],
  },
  {
    name: 'testUnmatchedVars #5: misspelt ARG',
    dockerfile: '\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n\t',
    warnings: [w('UndefinedVar', 6, undefinedVar('DIR_ASSET', 'DIR_ASSETS'))],
  },
  {
    name: 'testUnmatchedVars #6: misspelt PATH',
    dockerfile: '\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n\t\t',
    warnings: [w('UndefinedVar', 3, undefinedVar('PAHT', 'PATH'))],
  },

  // ---------------------------------------------------------------- testMultipleInstructionsDisallowed
  {
    name: 'testMultipleInstructionsDisallowed #1: pairs in a row',
    dockerfile: `
FROM scratch
ENTRYPOINT ["/myapp"]
ENTRYPOINT ["/myotherapp"]
CMD ["/myapp"]
CMD ["/myotherapp"]
HEALTHCHECK CMD ["/myapp"]
HEALTHCHECK CMD ["/myotherapp"]
`,
    note: 'BuildKit reports the earlier instruction of each pair: the one that is ignored.',
    warnings: [
      w('MultipleInstructionsDisallowed', 3, multiple('ENTRYPOINT')),
      w('MultipleInstructionsDisallowed', 5, multiple('CMD')),
      w('MultipleInstructionsDisallowed', 7, multiple('HEALTHCHECK')),
    ],
  },
  {
    name: 'testMultipleInstructionsDisallowed #2: pairs split by a COPY heredoc',
    dockerfile: `
FROM scratch
ENTRYPOINT ["/myapp"]
CMD ["/myapp"]
HEALTHCHECK CMD ["/myapp"]
COPY <<EOF /a.txt
Hello, World!
EOF
ENTRYPOINT ["/myotherapp"]
CMD ["/myotherapp"]
HEALTHCHECK CMD ["/myotherapp"]
`,
    warnings: [
      w('MultipleInstructionsDisallowed', 3, multiple('ENTRYPOINT')),
      w('MultipleInstructionsDisallowed', 4, multiple('CMD')),
      w('MultipleInstructionsDisallowed', 5, multiple('HEALTHCHECK')),
    ],
  },
  {
    name: 'testMultipleInstructionsDisallowed #3: one of each per stage',
    dockerfile: `
FROM scratch AS a
ENTRYPOINT ["/myapp"]
CMD ["/myapp"]
HEALTHCHECK CMD ["/myapp"]

FROM a AS b
ENTRYPOINT ["/myotherapp"]
CMD ["/myotherapp"]
HEALTHCHECK CMD ["/myotherapp"]
`,
    warnings: [],
  },

  // ---------------------------------------------------------------- testLegacyKeyValueFormat
  {
    name: 'testLegacyKeyValueFormat #1',
    dockerfile: '\nFROM scratch\nENV testkey value\nLABEL key value\n',
    warnings: [w('LegacyKeyValueFormat', 3, legacy('ENV')), w('LegacyKeyValueFormat', 4, legacy('LABEL'))],
  },
  { name: 'testLegacyKeyValueFormat #2: key=value', dockerfile: '\nFROM scratch\nENV testkey=value\nLABEL key=value\n', warnings: [] },
  {
    name: 'testLegacyKeyValueFormat #3: in a stage the target does not reach',
    dockerfile: `
FROM scratch AS a

FROM a AS b
ENV testkey value
LABEL key value

FROM a AS c
`,
    note:
      'The build reports nothing (stage b is not built); the lint subrequest reports both. Upstream lists them at ' +
      'lines 3 and 4, which its harness never compares; ENV and LABEL are on lines 5 and 6.',
    warnings: [w('LegacyKeyValueFormat', 5, legacy('ENV')), w('LegacyKeyValueFormat', 6, legacy('LABEL'))],
  },
  {
    name: 'testLegacyKeyValueFormat #4: # check=skip above each',
    dockerfile: '\nFROM scratch\n# check=skip=LegacyKeyValueFormat\nENV testkey value\n# check=skip=LegacyKeyValueFormat\nLABEL key value\n',
    warnings: [],
  },

  // ---------------------------------------------------------------- testRedundantTargetPlatform
  {
    name: 'testRedundantTargetPlatform #1: $TARGETPLATFORM',
    dockerfile: '\nFROM --platform=$TARGETPLATFORM scratch\n',
    warnings: [w('RedundantTargetPlatform', 2, redundant('$TARGETPLATFORM'))],
  },
  {
    name: 'testRedundantTargetPlatform #2: ${TARGETPLATFORM}',
    dockerfile: '\nFROM --platform=${TARGETPLATFORM} scratch\n',
    warnings: [w('RedundantTargetPlatform', 2, redundant('${TARGETPLATFORM}'))],
  },
  {
    name: 'testRedundantTargetPlatform #3: # check=skip above FROM (not a directive: line 1 is empty)',
    dockerfile: '\n# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n',
    warnings: [],
  },

  // ---------------------------------------------------------------- testSecretsUsedInArgOrEnv
  {
    name: 'testSecretsUsedInArgOrEnv #1',
    dockerfile: `# check=skip=InvalidDefinitionDescription

FROM scratch
ARG SECRET_PASSPHRASE
ENV SUPER_Secret=foo
ENV password=bar secret=baz
ARG super_duper_secret_token=foo auth=bar
ENV apikey=bar sunflower=foo
ENV git_key=
ENV PUBLIC_KEY=
ARG public_token
ARG SECRET_PASSPHRASE_FILE
ENV password_file=bar secret_File=baz
ARG AUTH_MODULE_VERSION
# check=skip=SecretsUsedInArgOrEnv // allow secret in environment
ENV password=bar
# check=skip=SecretsUsedInArgOrEnv // allow secret in arg
ARG password
# check=skip=all // is local to only this instruction
ENV alternate_password=bar
# check=skip=all // is local to only this instruction
ARG alternate_password
`,
    warnings: [
      w('SecretsUsedInArgOrEnv', 4, secret('ARG', 'SECRET_PASSPHRASE')),
      w('SecretsUsedInArgOrEnv', 5, secret('ENV', 'SUPER_Secret')),
      w('SecretsUsedInArgOrEnv', 6, secret('ENV', 'password')),
      w('SecretsUsedInArgOrEnv', 6, secret('ENV', 'secret')),
      w('SecretsUsedInArgOrEnv', 7, secret('ARG', 'auth')),
      w('SecretsUsedInArgOrEnv', 7, secret('ARG', 'super_duper_secret_token')),
      w('SecretsUsedInArgOrEnv', 8, secret('ENV', 'apikey')),
      w('SecretsUsedInArgOrEnv', 9, secret('ENV', 'git_key')),
    ],
  },

  // ---------------------------------------------------------------- testAllTargetUnmarshal
  {
    name: 'testAllTargetUnmarshal #1',
    dockerfile: '\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n',
    note: 'The build reports only line 6 (the target stage); the lint subrequest reports both stages.',
    warnings: [w('UndefinedVar', 3, undefinedVar('foo')), w('UndefinedVar', 6, undefinedVar('bar'))],
  },

  // ---------------------------------------------------------------- testBaseImagePlatformMismatch
  {
    name: 'testBaseImagePlatformMismatch #1',
    dockerfile: '\nFROM localhost:5000/buildkit/testbaseimageplatform:latest\nENV foo=bar\n\t',
    note:
      'Upstream first pushes a linux/arm64 image (on an amd64 machine) to a test registry, then lints with ' +
      'platform=linux/amd64; the registry address is made up here. The image platform is a fact of the registry.',
    frontendAttrs: { platform: 'linux/amd64', 'image-platform:localhost:5000/buildkit/testbaseimageplatform:latest': 'linux/arm64' },
    warnings: [
      w(
        'InvalidBaseImagePlatform',
        2,
        'Base image localhost:5000/buildkit/testbaseimageplatform:latest was pulled with platform "linux/arm64", expected "linux/amd64" for current build',
      ),
    ],
  },

  // ---------------------------------------------------------------- testInvalidDefaultArgInFrom
  {
    name: 'testInvalidDefaultArgInFrom #1: busybox:$VERSION',
    dockerfile: '\nARG VERSION\nFROM busybox:$VERSION\n',
    frontendAttrs: { 'build-arg:VERSION': 'latest' },
    warnings: [w('InvalidDefaultArgInFrom', 3, invalidDefault('busybox:$VERSION'))],
  },
  {
    name: 'testInvalidDefaultArgInFrom #2: $IMAGE',
    dockerfile: '\nARG IMAGE\nFROM $IMAGE\n',
    frontendAttrs: { 'build-arg:IMAGE': 'busybox:latest' },
    warnings: [w('InvalidDefaultArgInFrom', 3, invalidDefault('$IMAGE'))],
  },
  {
    name: 'testInvalidDefaultArgInFrom #3: busy${SFX} with SFX="box:"',
    dockerfile: '\nARG SFX="box:"\nFROM busy${SFX}\n',
    frontendAttrs: { 'build-arg:SFX': 'box:latest' },
    warnings: [w('InvalidDefaultArgInFrom', 3, invalidDefault('busy${SFX}'))],
  },
  {
    name: 'testInvalidDefaultArgInFrom #4: default "latest"',
    dockerfile: '\nARG VERSION="latest"\nFROM busybox:${VERSION}\n',
    frontendAttrs: { 'build-arg:VERSION': 'latest' },
    warnings: [],
  },
  {
    name: 'testInvalidDefaultArgInFrom #5: empty suffix default',
    dockerfile: '\nARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n',
    frontendAttrs: { 'build-arg:BUSYBOX_VARIANT': '-musl' },
    warnings: [],
  },
  {
    name: 'testInvalidDefaultArgInFrom #6: suffix without default, indented',
    dockerfile: '\n\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t',
    frontendAttrs: { 'build-arg:BUSYBOX_VARIANT': '-musl' },
    warnings: [],
  },

  // ---------------------------------------------------------------- testFromPlatformFlagConstDisallowed
  {
    name: 'testFromPlatformFlagConstDisallowed #1',
    dockerfile: '\nFROM --platform=linux/amd64 scratch\n',
    warnings: [w('FromPlatformFlagConstDisallowed', 2, constPlatform('linux/amd64'))],
  },
  { name: 'testFromPlatformFlagConstDisallowed #2: arch in the stage name', dockerfile: '\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n', warnings: [] },
  { name: 'testFromPlatformFlagConstDisallowed #3: OS as the stage name', dockerfile: '\nFROM --platform=linux/amd64 scratch AS linux\n', warnings: [] },

  // ---------------------------------------------------------------- testCopyIgnoredFiles
  {
    name: 'testCopyIgnoredFiles #1: COPY and ADD of an ignored file',
    dockerfile: '\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n',
    dockerignore: '\nDockerfile\n',
    note: 'The build then fails ("/Dockerfile": not found); the lint subrequest has no error.',
    warnings: [w('CopyIgnoredFile', 3, ignored('Copy', 'Dockerfile')), w('CopyIgnoredFile', 4, ignored('Add', 'Dockerfile'))],
  },
  {
    name: 'testCopyIgnoredFiles #2: the same again (upstream repeats case 1 verbatim)',
    dockerfile: '\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n',
    dockerignore: '\nDockerfile\n',
    warnings: [w('CopyIgnoredFile', 3, ignored('Copy', 'Dockerfile')), w('CopyIgnoredFile', 4, ignored('Add', 'Dockerfile'))],
  },
  {
    name: 'testCopyIgnoredFiles #3: skipped by the directive',
    dockerfile: '# check=skip=CopyIgnoredFile\n\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n',
    dockerignore: '\nDockerfile\n',
    warnings: [],
  },
  {
    name: 'testCopyIgnoredFiles #4: ignored name only as a destination and in COPY --from',
    dockerfile: '\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\nCOPY --from=base /foobar /Dockerfile\n',
    dockerignore: '\nfoobar\n',
    warnings: [],
  },
  {
    name: 'testCopyIgnoredFiles #5: ** with !Dockerfile',
    dockerfile: '\nFROM scratch\nCOPY ./Dockerfile .\n',
    dockerignore: '\n**\n!Dockerfile\n',
    warnings: [],
  },
  {
    name: 'testCopyIgnoredFiles #6: COPY . . with ** and !Dockerfile',
    dockerfile: '\nFROM scratch\nCOPY . .\n\t',
    dockerignore: '\n**\n!Dockerfile\n',
    warnings: [],
  },

  // ---------------------------------------------------------------- testCopyIgnoredFileContextRoot
  { name: 'testCopyIgnoredFileContextRoot/dotfiles', dockerfile: '\nFROM scratch\nCOPY . .\n', dockerignore: '\n.*\n', warnings: [] },
  {
    name: 'testCopyIgnoredFileContextRoot/wildcard',
    dockerfile: '\nFROM scratch\nCOPY . .\n',
    dockerignore: '\n*\n',
    warnings: [w('CopyIgnoredFile', 3, ignored('Copy', '.'))],
  },

  // ---------------------------------------------------------------- testDefinitionDescription
  {
    name: 'testDefinitionDescription #1: good descriptions (experimental rule on, skip=all)',
    dockerfile: `# check=skip=all;experimental=InvalidDefinitionDescription
# foo this is the foo
ARG foo=bar

# base this is the base image
FROM scratch AS base

# version this is the version number
ARG version=latest

# baz this is the baz
ARG foo=baz bar=qux baz=quux
#
ARG bit=bat

# comment for something other than ARG or FROM
COPY Dockerfile .
`,
    warnings: [],
  },
  {
    name: 'testDefinitionDescription #2: bad descriptions',
    dockerfile: `# check=experimental=InvalidDefinitionDescription
# bar this is the bar
ARG foo=bar
# BasE this is the BasE image
FROM scratch AS base
# definitely a bad comment
ARG version=latest
# definitely a bad comment
ARG foo=baz bar=qux baz=quux
`,
    warnings: [
      w('InvalidDefinitionDescription', 3, definition('ARG', 'foo')),
      w('InvalidDefinitionDescription', 5, definition('FROM', 'base')),
      w('InvalidDefinitionDescription', 7, definition('ARG', 'version')),
      w('InvalidDefinitionDescription', 9, definition('ARG', '<arg_key>')),
    ],
  },

  // ---------------------------------------------------------------- testExposeProtoCasing
  {
    name: 'testExposeProtoCasing #1',
    dockerfile: '\nFROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n',
    warnings: [w('ExposeProtoCasing', 3, protoCasing('80/TcP')), w('ExposeProtoCasing', 3, protoCasing('8080/TCP'))],
  },

  // ---------------------------------------------------------------- testExposeInvalidFormat
  {
    name: 'testExposeInvalidFormat #1',
    dockerfile: '\nFROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n',
    warnings: [
      w('ExposeInvalidFormat', 3, exposeFormat('127.0.0.1:80:80')),
      w('ExposeInvalidFormat', 3, exposeFormat('[::1]:8080:8080')),
      w('ExposeInvalidFormat', 3, exposeFormat('5000:5000')),
    ],
  },
];

// ---------------------------------------------------------------------------

interface Found {
  check: string;
  line: number;
  diagnostic: Diagnostic;
}

function run(c: Case): Diagnostic[] {
  const files = [textEntry('Dockerfile', c.dockerfile)];
  const ctx = prepareContext(files, null, c.dockerignore ?? '');
  // BuildKit's test options: build arguments, the target platform, and (a registry fact) the platform an image was pulled with.
  const buildArgs = Object.fromEntries(Object.entries(c.frontendAttrs ?? {}).filter(([k]) => k.startsWith('build-arg:')).map(([k, v]) => [k.slice('build-arg:'.length), v]));
  const attrs = c.frontendAttrs ?? {};
  const imagePlatforms = Object.fromEntries(Object.entries(attrs).filter(([k]) => k.startsWith('image-platform:')).map(([k, v]) => [k.slice('image-platform:'.length), v]));
  const options: LintOptions = { context: ctx.view, buildArgs, imagePlatforms, ...(attrs.platform ? { platform: attrs.platform } : {}) };
  return lintDockerfile(parseDockerfile(c.dockerfile), options);
}

function buildkitFindings(diagnostics: Diagnostic[]): Found[] {
  return diagnostics.flatMap((d) => d.refs.filter((r) => BUILDKIT_CHECKS.has(r)).map((check) => ({ check, line: d.range.start.line + 1, diagnostic: d })));
}

const key = (rule: string, line: number) => `${rule} @ line ${line}`;
const describeFound = (f: Found) =>
  `${key(f.check, f.line)} from ${f.diagnostic.rule} [${f.diagnostic.refs.join(', ')}] (${f.diagnostic.severity}): ${f.diagnostic.message}`;

/** A BuildKit parse or dispatch error as we report it: the parser's, or a BuildKit hard-error rule's. */
const isBuildkitError = (d: Diagnostic) => d.severity === 'error' && (d.rule === 'dockerfile-syntax' || d.refs.includes('BuildKit'));

describe('BuildKit’s build-check test cases (moby/buildkit dockerfile_check_test.go)', () => {
  it('cover every BuildKit check and name only checks BuildKit has', () => {
    const named = new Set(CASES.flatMap((c) => c.warnings.map((x) => x.rule)));
    for (const r of named) expect(BUILDKIT_CHECKS.has(r), r).toBe(true);
    expect([...BUILDKIT_CHECKS].filter((r) => !named.has(r))).toEqual([]);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const diagnostics = run(c);
      const found = buildkitFindings(diagnostics);
      const lintViolation = c.error !== undefined && LINT_VIOLATION.test(c.error.message);

      // 1. The set of {check, line}.
      const expectedKeys = [...new Set(c.warnings.map((x) => key(x.rule, x.line)))].sort();
      const actualKeys = [...new Set(found.map((f) => key(f.check, f.line)))].sort();
      expect
        .soft(actualKeys, `BuildKit-named findings:\n  ${found.map(describeFound).join('\n  ') || '(none)'}`)
        .toEqual(expectedKeys);

      // 2. Messages and severity of the rules that implement a check.
      const wantSeverity = lintViolation ? 'error' : 'warning';
      const ours = found
        .filter((f) => IMPLEMENTS.get(f.diagnostic.rule) === f.check)
        .map((f) => `${key(f.check, f.line)} ${f.diagnostic.severity}: ${f.diagnostic.message}`)
        .sort();
      const theirs = c.warnings
        .filter((x) => [...IMPLEMENTS.values()].includes(x.rule))
        .map((x) => `${key(x.rule, x.line)} ${wantSeverity}: ${x.detail}`)
        .sort();
      expect.soft(ours, 'messages of the rules that implement the checks').toEqual(theirs);

      // 3. BuildKit's lint error, or its absence.
      const errors = diagnostics.filter(isBuildkitError).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
      if (c.error && !lintViolation) {
        expect.soft(errors.filter((e) => e.startsWith(`line ${c.error!.line}:`)), `an error on line ${c.error.line} like: ${c.error.message}`).not.toEqual([]);
      } else {
        expect.soft(errors, 'BuildKit’s lint reports no error here').toEqual([]);
      }
    });
  }
});
