import type { Rule } from '../types';

/** hadolint's rules, by DL code. */
export const hadolintRules: readonly Rule[] = [];
