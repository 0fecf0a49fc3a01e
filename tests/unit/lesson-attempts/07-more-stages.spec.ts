/**
 * Lesson 7: the wrong attempts and correct designs in
 * tests/lesson-attempts/07-more-stages.ts, checked the way the CLI checks them.
 */
import { cases } from '../../lesson-attempts/07-more-stages';
import { describeLesson } from './helpers';

describeLesson('07-more-stages', cases);
