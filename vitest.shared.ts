import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Every package's vitest settings: a JSON report, which `.ci/run` totals into one closing line, and randomness
 * seeded from TALLY_SEED (scripts/vitest), printed when a test fails.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    globalSetup: [here('scripts/vitest/seed-global.ts')],
    setupFiles: [here('scripts/vitest/seed-setup.ts')],
    reporters: ['default', ['json', { outputFile: '.vitest/report.json' }]],
  },
});
