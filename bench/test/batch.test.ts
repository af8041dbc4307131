// The batch suite in quick mode: every group has our case and a peer, the cross-thread cases really move records
// between threads, and our hot paths allocate nothing (counts of GC events, not timings).
import { describe, expect, it } from 'vitest';
import { formatTable, suiteResult } from '../src/harness.js';
import { type AllocationCaseResult, batchSuite } from '../src/suites/batch.js';

describe('batch suite', () => {
  it('measures four groups against their peers, with GC counts for the single-thread cases', async () => {
    const result = suiteResult('batch', await batchSuite({ quick: true }), { quick: true });
    expect(result.summary.map((s) => s.group)).toEqual([
      'ring enqueue+dequeue pair, same thread',
      'FixedBatch.add, 64 B sig + 32 B key + 32 B msg',
      'allocate a 96 B region',
      'cross-thread handoff, per record',
    ]);
    for (const s of result.summary) {
      expect(s.medianNs).toBeGreaterThan(0);
      expect(Object.keys(s.ratios).length).toBeGreaterThan(0);
    }
    const withCounts = result.cases.filter((c): c is AllocationCaseResult => 'gcEvents' in c);
    expect(withCounts).toHaveLength(9);
    for (const c of withCounts) {
      expect(c.allocationOps).toBe(1_000_000);
      if (c.impl.startsWith('tallyio')) expect(c.gcEvents).toBe(0);
    }
    // A peer that allocates per operation is seen collecting: the probe works.
    expect(withCounts.find((c) => c.impl === 'new Uint8Array(96)')?.gcEvents).toBeGreaterThan(0);
    expect(formatTable(result)).toContain('| cross-thread handoff, per record | tallyio RingQueue');
  });
});
