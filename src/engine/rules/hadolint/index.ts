import type { Rule } from '../types';
import { workdirNotAbsolute } from './workdir-not-absolute';
import { lastUserRoot } from './last-user-root';
import { imageTagMissing } from './image-tag-missing';
import { imageTagLatest } from './image-tag-latest';
import { healthcheckRepeated } from './healthcheck-repeated';
import { addForLocalFiles } from './add-for-local-files';
import { copySourcesNeedDirDest } from './copy-sources-need-dir-dest';
import { copyFromUnknownStage } from './copy-from-unknown-stage';
import { copyFromOwnStage } from './copy-from-own-stage';
import { stageNameRepeated } from './stage-name-repeated';
import { cmdEntrypointShellForm } from './cmd-entrypoint-shell-form';
import { fromPlatformFlag } from './from-platform-flag';
import { onbuildTriggerForbidden } from './onbuild-trigger-forbidden';
import { envRefersToSameEnv } from './env-refers-to-same-env';
import { copyRelativeWithoutWorkdir } from './copy-relative-without-workdir';
import { consecutiveRun } from './consecutive-run';
import { instructionBeforeFrom } from './instruction-before-from';
import { stageNameReserved } from './stage-name-reserved';
import { sensitiveArgEnv } from './sensitive-arg-env';
import { fromPlatformTargetplatform } from './from-platform-targetplatform';
import { userNotNumeric } from './user-not-numeric';
import { copyEntireFilesystem } from './copy-entire-filesystem';
import { maintainerUsed } from './maintainer-used';
import { cmdRepeated } from './cmd-repeated';
import { entrypointRepeated } from './entrypoint-repeated';
import { pipeWithoutPipefail } from './pipe-without-pipefail';

/** hadolint's rules, by DL code. */
export const hadolintRules: readonly Rule[] = [
  workdirNotAbsolute, // DL3000
  lastUserRoot, // DL3002
  imageTagMissing, // DL3006
  imageTagLatest, // DL3007
  healthcheckRepeated, // DL3012
  addForLocalFiles, // DL3020
  copySourcesNeedDirDest, // DL3021
  copyFromUnknownStage, // DL3022
  copyFromOwnStage, // DL3023
  stageNameRepeated, // DL3024
  cmdEntrypointShellForm, // DL3025
  fromPlatformFlag, // DL3029
  onbuildTriggerForbidden, // DL3043
  envRefersToSameEnv, // DL3044
  copyRelativeWithoutWorkdir, // DL3045
  consecutiveRun, // DL3059
  instructionBeforeFrom, // DL3061
  stageNameReserved, // DL3063
  sensitiveArgEnv, // DL3064
  fromPlatformTargetplatform, // DL3065
  userNotNumeric, // DL3066
  copyEntireFilesystem, // DL3067
  maintainerUsed, // DL4000
  cmdRepeated, // DL4003
  entrypointRepeated, // DL4004
  pipeWithoutPipefail, // DL4006
];
