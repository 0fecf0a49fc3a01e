import type { Rule } from '../types';
import { expansionTooLong } from './expansion-too-long';

/** Stagecraft's own checks: limits of the simulator, not Docker's rules. */
export const stagecraftRules: readonly Rule[] = [expansionTooLong];
