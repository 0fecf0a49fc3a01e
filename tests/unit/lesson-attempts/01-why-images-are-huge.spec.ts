/**
 * Lesson 1: the wrong attempts and correct designs in
 * tests/lesson-attempts/01-why-images-are-huge.ts, checked the way the CLI checks them.
 */
import { cases } from '../../lesson-attempts/01-why-images-are-huge';
import { describeLesson } from './helpers';

describeLesson('01-why-images-are-huge', cases);
