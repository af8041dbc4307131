// The harness on real measurements: every group summarised against its peers, tables and JSON written.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable, measureCase, suiteResult, summarize, writeResult } from '../src/harness.js';
import { fieldSuite } from '../src/suites/field.js';

describe('bench harness', () => {
  it('summarises our fastest case against each peer', async () => {
    const quick = { quick: true };
    let sink = 0;
    const cases = [
      await measureCase(
        'sum',
        'tallyio loop',
        () => {
          for (let i = 0; i < 100; i++) sink += i;
        },
        100,
        quick,
      ),
      await measureCase(
        'sum',
        'peer',
        () => {
          for (let i = 0; i < 100; i++) sink += Math.sqrt(i);
        },
        100,
        quick,
      ),
    ];
    const [s] = summarize(cases);
    expect(s?.ours).toBe('tallyio loop');
    expect(s?.ratios.peer).toBeCloseTo((cases[1]?.median ?? 0) / (cases[0]?.median ?? 1), 10);
    expect(sink).toBeGreaterThan(0);
  });

  it('runs the field suite in quick mode and writes its JSON', async () => {
    const result = suiteResult('field', await fieldSuite({ quick: true }), { quick: true });
    const groups = new Set(result.cases.map((c) => c.group));
    // mul, sqr, inv, batch inv on four fields, sqrt on the two base fields
    expect(groups.size).toBe(18);
    for (const s of result.summary) {
      expect(s.medianNs).toBeGreaterThan(0);
      expect(Object.keys(s.ratios).length).toBeGreaterThan(0);
    }
    const file = writeResult(result, mkdtempSync(join(tmpdir(), 'tally-bench-')));
    expect(JSON.parse(readFileSync(file, 'utf8')).summary).toHaveLength(18);
    expect(formatTable(result)).toContain('| secp256k1_p mul | tallyio wasm loop |');
  });
});
