import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './lessons/schema';
import { lessonIdFromFolder } from './lessons/ids';

/**
 * Lessons live in `content/lessons/NN-slug/index.mdx`, beside their exercise
 * folders. The entry id is the slug without the order prefix, so URLs and
 * `stagecraft check --lesson ID` stay stable when lessons are renumbered.
 */
const lessons = defineCollection({
  loader: glob({
    pattern: '[0-9][0-9]-*/index.mdx',
    base: './content/lessons',
    generateId: ({ entry }) => lessonIdFromFolder(entry.split('/')[0] ?? entry),
  }),
  schema: lessonSchema,
});

export const collections = { lessons };
