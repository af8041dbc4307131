import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type Plugin } from 'vitest/config';
import shared from '../../vitest.shared.js';

const CHECKED_WASM = fileURLToPath(new URL('build/verifier-checked.wasm', import.meta.url));

/** Serves the module compiled with TALLY_CHECKED (`pnpm build:checked`) in place of the embedded normal one. */
function checkedModule(): Plugin {
  return {
    name: 'tally-checked-module',
    load(id) {
      if (!id.endsWith('/src/generated/wasm.ts')) return null;
      const base64 = readFileSync(CHECKED_WASM).toString('base64');
      return `export const VERIFIER_WASM_BASE64 = ${JSON.stringify(base64)};`;
    },
  };
}

/**
 * Two projects: every test against the normal module, and the vectors, differential and untrusted-input tests once
 * more against the checked one, whose kernels trap on any input outside their proven bounds.
 */
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      projects: [
        { extends: true, test: { name: 'verifier' } },
        {
          extends: true,
          plugins: [checkedModule()],
          test: {
            name: 'checked',
            // The shared include (every test file) stays; these need threads, a browser or allocation counters.
            exclude: ['test/{allocation,browser,jobs,parallel,stream}.test.ts'],
            env: { TALLY_CHECKED_WASM: '1' },
          },
        },
      ],
    },
  }),
);
