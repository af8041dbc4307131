// MpscRingQueue across real threads: two worker producers, this thread consuming 10^6 records in all; each
// producer's records arrive once, in its order, intact; also with this consumer pausing so the ring fills.
import { describe, expect, it } from 'vitest';
import { MpscRingQueue } from '../src/index.js';
import { startWorker } from './threads.js';
import { CHECKSUM_SEED, checksum, isRecord, RECORD_BYTES, sleep } from './workers/records.mjs';

const PER_PRODUCER = 500_000;
const PRODUCERS = 2;

async function run(capacity: number, pauseEvery: number) {
  const q = MpscRingQueue.create({ capacity, recordBytes: RECORD_BYTES });
  const producers = Array.from(
    { length: PRODUCERS },
    (_, id) =>
      startWorker<{ checksum: number; fullWaits: number }>('mpsc-producer', {
        buffer: q.buffer,
        byteOffset: q.byteOffset,
        id,
        count: PER_PRODUCER,
      }).done,
  );
  const next = new Array<number>(PRODUCERS).fill(0);
  const sums = new Array<number>(PRODUCERS).fill(CHECKSUM_SEED);
  const out = new Uint8Array(RECORD_BYTES);
  const words = new Uint32Array(out.buffer);
  let bad = 0;
  for (let received = 0; received < PRODUCERS * PER_PRODUCER; ) {
    if (!q.tryDequeue(out)) {
      // Blocking is allowed on Node's main thread; the workers run on regardless.
      expect(q.waitNotEmpty(10_000)).toBe('ready');
      continue;
    }
    const id = (words[0] as number) >>> 24;
    const n = next[id] ?? -1;
    if (id >= PRODUCERS || !isRecord(words, 0, ((id << 24) | n) >>> 0)) bad++;
    else {
      next[id] = n + 1;
      sums[id] = checksum(sums[id] as number, words, 0);
    }
    received++;
    if (pauseEvery > 0 && received % pauseEvery === 0) sleep(2);
  }
  const reports = await Promise.all(producers);
  return { bad, next, sums, reports, leftover: q.tryDequeue(out) };
}

describe('MpscRingQueue across threads', () => {
  it('two producers, 10^6 records: each producer complete, in order, intact', async () => {
    const r = await run(1024, 0);
    expect(r.bad).toBe(0);
    expect(r.leftover).toBe(false);
    expect(r.next).toEqual([PER_PRODUCER, PER_PRODUCER]);
    expect(r.sums).toEqual(r.reports.map((p) => p.checksum));
  });

  it('a pausing consumer: producers meet a full ring and wait; nothing lost', async () => {
    const r = await run(64, 25_000);
    expect(r.bad).toBe(0);
    expect(r.next).toEqual([PER_PRODUCER, PER_PRODUCER]);
    expect(r.sums).toEqual(r.reports.map((p) => p.checksum));
    expect(r.reports.reduce((a, p) => a + p.fullWaits, 0)).toBeGreaterThanOrEqual(40);
  });
});
