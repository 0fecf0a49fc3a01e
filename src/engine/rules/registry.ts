import type { Rule } from './types';
import { buildkitRules } from './buildkit';
import { hadolintRules } from './hadolint';
import { stagecraftRules } from './stagecraft';

/** Every rule, explicitly listed per family in its folder's index.ts. */
export const allRules: readonly Rule[] = [...buildkitRules, ...hadolintRules, ...stagecraftRules];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.id, r]));
