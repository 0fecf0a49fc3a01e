import type { Rule } from '../types';
import { fromAsCasing } from './from-as-casing';

/** BuildKit's build checks and hard errors, in the order Docker's docs list them. */
export const buildkitRules: readonly Rule[] = [fromAsCasing];
