import { defineConfig } from 'vitest/config';

/** Every package's vitest settings: also a JSON report, which `.ci/run` totals into one closing line. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: '.vitest/report.json' }]],
  },
});
