// `pnpm bench:gate [--threshold 0.15]`: fails when one of our cases got slower than the saved baseline
// (results/baseline/<suite>.json, written by `pnpm bench:baseline` on the same machine) by more than the
// threshold. Never cached: run it before merging.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compare, compareTable, readResult } from './compare.js';
import { RESULTS_DIR } from './harness.js';

const BASELINE_DIR = join(RESULTS_DIR, 'baseline');
const args = process.argv.slice(2);

if (args.includes('--save')) {
  mkdirSync(BASELINE_DIR, { recursive: true });
  for (const f of readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'))) {
    copyFileSync(join(RESULTS_DIR, f), join(BASELINE_DIR, f));
    console.log(`baseline: ${f}`);
  }
  process.exit(0);
}

const at = args.indexOf('--threshold');
const threshold = at >= 0 ? Number(args[at + 1]) : 0.15;
if (!(threshold > 0)) {
  console.error('bench:gate: --threshold takes a positive fraction, e.g. 0.15');
  process.exit(2);
}
if (!existsSync(BASELINE_DIR)) {
  console.error('bench:gate: no baseline; run `pnpm bench:baseline` on this machine first');
  process.exit(2);
}
let failed = 0;
for (const f of readdirSync(BASELINE_DIR).filter((f) => f.endsWith('.json'))) {
  const current = join(RESULTS_DIR, f);
  if (!existsSync(current)) continue;
  const before = readResult(join(BASELINE_DIR, f));
  const after = readResult(current);
  if (before.machine.cpu !== after.machine.cpu || before.node !== after.node) {
    console.log(`${f}: baseline from ${before.machine.cpu} / Node ${before.node}, not comparable; skipped`);
    continue;
  }
  const ours = compare(before, after, threshold).filter((c) => c.impl.startsWith('tallyio'));
  const slower = ours.filter((c) => c.regression);
  console.log(`${f}: ${ours.length} cases, ${slower.length} slower than ${100 * threshold} %`);
  if (slower.length > 0) console.log(compareTable(before, after, slower));
  failed += slower.length;
}
process.exit(failed > 0 ? 1 : 0);
