// Totals the JSON reports every package's vitest run wrote into one closing line: "N passed, N failed".

import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dirs = JSON.parse(execSync('pnpm -r ls --depth -1 --json', { encoding: 'utf8' })).map((p) => p.path);
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
for (const dir of dirs) {
  const file = join(dir, '.vitest', 'report.json');
  if (!existsSync(join(dir, 'vitest.config.ts'))) continue;
  if (!existsSync(file)) {
    missing++;
    console.log(`no test report from ${dir}`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`${passed} passed, ${failed + missing} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed + missing > 0 ? 1 : 0);
