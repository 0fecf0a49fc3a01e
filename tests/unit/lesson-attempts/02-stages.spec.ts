/**
 * Lesson 2: the wrong attempts and correct designs in
 * tests/lesson-attempts/02-stages.ts, checked the way the CLI checks them.
 */
import { cases } from '../../lesson-attempts/02-stages';
import { describeLesson } from './helpers';

describeLesson('02-stages', cases);
