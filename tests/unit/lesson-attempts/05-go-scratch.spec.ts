/**
 * Lesson 5: the wrong attempts and correct designs in
 * tests/lesson-attempts/05-go-scratch.ts, checked the way the CLI checks them.
 */
import { cases } from '../../lesson-attempts/05-go-scratch';
import { describeLesson } from './helpers';

describeLesson('05-go-scratch', cases);
