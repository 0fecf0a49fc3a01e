import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { fileURLToPath } from 'node:url';
import { readContentLayout } from '../cli/content-fs';
import { checkLessonLayout, formatContentProblems } from '../lessons/layout';

/**
 * Fails `astro dev`/`astro build` early, with the file and a hint, when a lesson
 * folder is misnamed or its exercise files are missing. The frontmatter itself is
 * checked by the collection's zod schema.
 */
export function lessonContentGuard(): AstroIntegration {
  return {
    name: 'stagecraft:lesson-content-guard',
    hooks: {
      'astro:config:setup': ({ config }) => {
        // Under Vitest the same checks run as tests (tests/unit/content-layout.spec.ts),
        // where a lesson being written must not stop unrelated unit tests.
        if (process.env.VITEST) return;
        const root = fileURLToPath(config.root);
        const { lessons, projects } = readContentLayout(root);
        const problems = checkLessonLayout(lessons, projects);
        if (problems.length > 0) {
          const error = new AstroError(
            `The lesson content has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${formatContentProblems(problems)}`,
            'Fix the files named above; the README section "Adding a lesson" describes the layout.',
          );
          // The message names every file; a stack trace into this integration would only distract.
          error.stack = '';
          throw error;
        }
      },
    },
  };
}
