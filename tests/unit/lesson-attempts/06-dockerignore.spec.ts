/**
 * Lesson 6: the wrong attempts and correct designs in
 * tests/lesson-attempts/06-dockerignore.ts, checked the way the CLI checks them.
 */
import { cases } from '../../lesson-attempts/06-dockerignore';
import { describeLesson } from './helpers';

describeLesson('06-dockerignore', cases);
