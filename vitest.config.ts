/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
    environment: 'node',
  },
});
