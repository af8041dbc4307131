// Every other suite in quick mode, so benchmarks cannot rot: each runs against the built packages and its peers
// and yields groups with our case, positive medians and ratios where it names a peer. Nothing about speed is
// asserted (that is what `pnpm bench` reports).
import { describe, expect, it } from 'vitest';
// The parallel suite starts piscina workers and the latency suite fresh processes, which load compiled JavaScript:
// run them from dist/.
import { latencySuite } from '../dist/src/suites/latency.js';
import { parallelSuite } from '../dist/src/suites/parallel.js';
import { chartSvg, compare, compareTable } from '../src/compare.js';
import { type BenchOptions, type CaseResult, suiteResult } from '../src/harness.js';
import { cliSuite } from '../src/suites/cli.js';
import { frostSuite } from '../src/suites/frost.js';
import { serviceSuite } from '../src/suites/service.js';
import { soakSuite } from '../src/suites/soak.js';
import { tablesSuite } from '../src/suites/tables.js';
import { verifierSuite } from '../src/suites/verifier.js';

const quick: BenchOptions = { quick: true };
const suites: [string, (o: BenchOptions) => Promise<CaseResult[]>][] = [
  ['tables', tablesSuite],
  ['verifier', verifierSuite],
  ['frost', frostSuite],
  ['latency', latencySuite],
  ['parallel', parallelSuite],
  ['service', serviceSuite],
  ['soak', soakSuite],
  ['cli', cliSuite],
];

describe('benchmark suites in quick mode', () => {
  for (const [name, suite] of suites) {
    it(`${name} runs and summarises every group`, async () => {
      const result = suiteResult(name, await suite(quick), quick);
      // The soak is one group (the service held at twice its capacity), and so is cli (one corpus, three ways).
      expect(result.summary.length).toBeGreaterThan(name === 'soak' || name === 'cli' ? 0 : 1);
      if (name === 'cli') expect(result.cases.map((c) => c.impl)).toHaveLength(3);
      for (const c of result.cases) expect(c.samples).toBeGreaterThan(0);
      // autocannon reports latency in whole milliseconds, so a quiet service can show a 0 ms median.
      const positive = name === 'service' ? (c: CaseResult) => c.median >= 0 : (c: CaseResult) => c.median > 0;
      expect(result.cases.every(positive)).toBe(true);
      if (name === 'service') expect(result.cases.every((c) => /: [1-9]\d* items\/s$/.test(c.group))).toBe(true);
      if (name === 'verifier') {
        const self = compare(result, result);
        expect(self.every((c) => c.change === 0 && !c.regression)).toBe(true);
        expect(compareTable(result, result, self)).toContain('| bip340 n=1024 cold keys (per signature) | tallyio |');
        const svg = chartSvg(result);
        expect(svg).toContain('bip340: µs per signature');
        expect(svg).toContain('>tiny-secp256k1<');
        expect(svg).toContain('>sodium-native<');
      }
      // A quick suite runs its peers too (noble's FROST loops take seconds): room for a machine busy with other tests.
    }, 600_000);
  }
});
