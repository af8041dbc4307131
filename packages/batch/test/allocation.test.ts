// Steady state allocates nothing: 10^7 operations of each hot path, after warm-up, run with a PerformanceObserver
// on 'gc' entries; any JS allocation at that rate (even 16 bytes per operation is 160 MB) would trigger
// scavenges. The heap's growth is reported alongside. Counts, not timings: this holds on any machine.
import { PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { AlignedArena, FixedBatch, MpscRingQueue, RingQueue } from '../src/index.js';

const OPS = 10_000_000;
const WARM_UP = 1_000_000;

interface Allocation {
  gcEvents: number;
  heapGrowth: number;
  result: number;
}

/** Runs `loop(WARM_UP)` then `loop(OPS)`; counts the GC events that started during the second run. */
async function allocationOf(loop: (n: number) => number): Promise<Allocation> {
  loop(WARM_UP);
  const starts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) starts.push(e.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const result = loop(OPS);
  const t1 = performance.now();
  const heapGrowth = process.memoryUsage().heapUsed - heap0;
  // GC entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return { gcEvents: starts.filter((s) => s >= t0 && s <= t1).length, heapGrowth, result };
}

describe('zero allocation in steady state (10^7 operations each)', () => {
  it('observes GC events at all (the probe works)', async () => {
    const keep: unknown[] = [];
    const a = await allocationOf((n) => {
      for (let i = 0; i < n; i++) keep[i & 1023] = { i };
      return keep.length;
    });
    expect(a.gcEvents).toBeGreaterThan(0);
  });

  it.each([
    ['RingQueue', () => RingQueue.create({ capacity: 1024, recordBytes: 32 })],
    ['MpscRingQueue', () => MpscRingQueue.create({ capacity: 1024, recordBytes: 32 })],
  ] as const)('%s.tryEnqueue + tryDequeue (32-byte records)', async (_, create) => {
    const q = create();
    const record = new Uint8Array(32).fill(7);
    const out = new Uint8Array(32);
    const a = await allocationOf((n) => {
      let ok = 0;
      for (let i = 0; i < n; i++) {
        record[0] = i;
        if (q.tryEnqueue(record) && q.tryDequeue(out)) ok++;
      }
      return ok;
    });
    expect(a.result).toBe(OPS);
    expect(a.gcEvents).toBe(0);
    expect(a.heapGrowth).toBeLessThan(1 << 20);
  });

  it('RingQueue.reserve/commit + peek/release', async () => {
    const q = RingQueue.create({ capacity: 1024, recordBytes: 16 });
    const words = new Int32Array(q.buffer);
    const a = await allocationOf((n) => {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        words[q.reserve() >>> 2] = i;
        q.commit();
        sum = (sum + (words[q.peek() >>> 2] as number)) | 0;
        q.release();
      }
      return sum;
    });
    expect(a.gcEvents).toBe(0);
    expect(a.heapGrowth).toBeLessThan(1 << 20);
  });

  it('FixedBatch.add (64 B + 32 B fields, 32 B message), cleared when full', async () => {
    const b = new FixedBatch({ capacity: 1024, fields: [64, 32], messageBytes: 1024 * 32 });
    const fields = [new Uint8Array(64).fill(1), new Uint8Array(32).fill(2)];
    const message = new Uint8Array(32).fill(3);
    const a = await allocationOf((n) => {
      let rows = 0;
      for (let i = 0; i < n; i++) {
        let row = b.add(fields, message);
        if (row < 0) {
          b.clear();
          row = b.add(fields, message);
        }
        rows += row >= 0 ? 1 : 0;
      }
      return rows;
    });
    expect(a.result).toBe(OPS);
    expect(a.gcEvents).toBe(0);
    expect(a.heapGrowth).toBeLessThan(1 << 20);
  });

  it('AlignedArena.alloc, reset when exhausted', async () => {
    const arena = new AlignedArena(new ArrayBuffer(1 << 20));
    const a = await allocationOf((n) => {
      let last = 0;
      for (let i = 0; i < n; i++) {
        last = arena.alloc(96 + (i & 63));
        if (last < 0) {
          arena.reset();
          last = arena.alloc(96);
        }
      }
      return last;
    });
    expect(a.result).toBeGreaterThanOrEqual(0);
    expect(a.gcEvents).toBe(0);
  });
});
