import type { Rule } from '../types';
import { stageNameCasing } from './stage-name-casing';
import { fromAsCasing } from './from-as-casing';
import { noEmptyContinuation } from './no-empty-continuation';
import { consistentInstructionCasing } from './consistent-instruction-casing';
import { duplicateStageName } from './duplicate-stage-name';
import { reservedStageName } from './reserved-stage-name';
import { jsonArgsRecommended } from './json-args-recommended';
import { maintainerDeprecated } from './maintainer-deprecated';
import { invalidDefinitionDescription } from './invalid-definition-description';
import { undefinedArgInFrom } from './undefined-arg-in-from';
import { workdirRelativePath } from './workdir-relative-path';
import { undefinedVar } from './undefined-var';
import { multipleInstructionsDisallowed } from './multiple-instructions-disallowed';
import { legacyKeyValueFormat } from './legacy-key-value-format';
import { redundantTargetPlatform } from './redundant-target-platform';
import { secretsUsedInArgOrEnv } from './secrets-used-in-arg-or-env';
import { invalidDefaultArgInFrom } from './invalid-default-arg-in-from';
import { fromPlatformFlagConstDisallowed } from './from-platform-flag-const-disallowed';
import { copyIgnoredFile } from './copy-ignored-file';
import { exposeProtoCasing } from './expose-proto-casing';
import { exposeInvalidFormat } from './expose-invalid-format';
import { copyFromInvalidIndex } from './copy-from-invalid-index';
import { stageCircularDependency } from './stage-circular-dependency';
import { fromFlagVariable } from './from-flag-variable';
import { fromPlatformInvalid } from './from-platform-invalid';
import { invalidBaseImagePlatform } from './invalid-base-image-platform';
import { stageUsedBeforeDefined } from './stage-used-before-defined';

/**
 * BuildKit's build checks, in the order Docker's docs list them
 * (docs.docker.com/reference/build-checks), then the errors BuildKit stops a
 * build with that the parser cannot see on its own.
 *
 * Not implemented: InvalidBaseImagePlatform (needs the registry's platform of
 * the base image) and InvalidDefinitionDescription (experimental, about
 * comments above FROM and ARG).
 */
export const buildkitRules: readonly Rule[] = [
  stageNameCasing,
  fromAsCasing,
  noEmptyContinuation,
  consistentInstructionCasing,
  duplicateStageName,
  reservedStageName,
  jsonArgsRecommended,
  maintainerDeprecated,
  undefinedArgInFrom,
  workdirRelativePath,
  undefinedVar,
  multipleInstructionsDisallowed,
  legacyKeyValueFormat,
  redundantTargetPlatform,
  secretsUsedInArgOrEnv,
  invalidDefaultArgInFrom,
  fromPlatformFlagConstDisallowed,
  copyIgnoredFile,
  invalidDefinitionDescription,
  exposeProtoCasing,
  exposeInvalidFormat,
  invalidBaseImagePlatform,
  // Hard errors: BuildKit refuses the build. `# check=skip` cannot turn them off.
  copyFromInvalidIndex,
  stageCircularDependency,
  fromFlagVariable,
  fromPlatformInvalid,
  stageUsedBeforeDefined,
];
