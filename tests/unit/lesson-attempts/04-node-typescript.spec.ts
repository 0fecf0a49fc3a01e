/**
 * Lesson 4: the wrong attempts and correct designs in
 * tests/lesson-attempts/04-node-typescript.ts, checked the way the CLI checks them.
 */
import { cases } from '../../lesson-attempts/04-node-typescript';
import { describeLesson } from './helpers';

describeLesson('04-node-typescript', cases);
