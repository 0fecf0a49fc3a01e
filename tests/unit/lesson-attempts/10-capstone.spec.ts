/**
 * Lesson 10: the wrong attempts and correct designs in
 * tests/lesson-attempts/10-capstone.ts, checked the way the CLI checks them.
 */
import { cases } from '../../lesson-attempts/10-capstone';
import { describeLesson } from './helpers';

describeLesson('10-capstone', cases);
