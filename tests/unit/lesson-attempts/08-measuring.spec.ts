/**
 * Lesson 8: the wrong attempts and correct designs in
 * tests/lesson-attempts/08-measuring.ts, checked the way the CLI checks them.
 */
import { cases } from '../../lesson-attempts/08-measuring';
import { describeLesson } from './helpers';

describeLesson('08-measuring', cases);
