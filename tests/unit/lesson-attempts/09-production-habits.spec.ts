/**
 * Lesson 9: the wrong attempts and correct designs in
 * tests/lesson-attempts/09-production-habits.ts, checked the way the CLI checks them.
 */
import { cases } from '../../lesson-attempts/09-production-habits';
import { describeLesson } from './helpers';

describeLesson('09-production-habits', cases);
