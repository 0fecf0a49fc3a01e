/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
    environment: 'node',
    // Vitest empties CSS modules unless told otherwise, `?raw` imports included: the sample
    // projects' stylesheets must keep their text, as in the site build (src/lessons/exercise-files.ts).
    css: { include: [/\/content\/projects\//] },
  },
});
