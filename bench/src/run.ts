// `pnpm bench [suite…] [--quick]`: runs the named suites (default: all), prints markdown tables and writes
// results/<suite>.json.
import { type BenchOptions, type CaseResult, formatTable, suiteResult, writeResult } from './harness.js';
import { batchSuite } from './suites/batch.js';
import { cliSuite } from './suites/cli.js';
import { fieldSuite } from './suites/field.js';
import { frostSuite } from './suites/frost.js';
import { latencySuite } from './suites/latency.js';
import { nostrSuite } from './suites/nostr.js';
import { parallelSuite } from './suites/parallel.js';
import { serviceSuite } from './suites/service.js';
import { soakSuite } from './suites/soak.js';
import { tablesSuite } from './suites/tables.js';
import { verifierSuite } from './suites/verifier.js';

export const SUITES: Record<string, (opts: BenchOptions) => Promise<CaseResult[]>> = {
  field: fieldSuite,
  batch: batchSuite,
  tables: tablesSuite,
  verifier: verifierSuite,
  frost: frostSuite,
  latency: latencySuite,
  parallel: parallelSuite,
  service: serviceSuite,
  nostr: nostrSuite,
  soak: soakSuite,
  cli: cliSuite,
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in SUITES));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
for (const name of names.length > 0 ? names : Object.keys(SUITES)) {
  const suite = SUITES[name];
  if (!suite) continue;
  const result = suiteResult(name, await suite({ quick }), { quick });
  console.log(formatTable(result));
  console.log(`\nwritten: ${writeResult(result)}\n`);
}
