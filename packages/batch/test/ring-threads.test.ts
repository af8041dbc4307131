// RingQueue across real threads: 10^6 records from this thread to a worker that checks each one and checksums
// them all (no loss, no duplication, order kept), with a fast and a slow consumer, copying and zero-copy; and the
// other way round, with this thread consuming through Atomics.waitAsync.
import { describe, expect, it } from 'vitest';
import { RingQueue } from '../src/index.js';
import { startWorker } from './threads.js';
import { CHECKSUM_SEED, checksum, isRecord, produceRecords, RECORD_BYTES, writeRecord } from './workers/records.mjs';

const COUNT = 1_000_000;

interface ConsumerReport {
  received: number;
  bad: number;
  firstBad: number;
  checksum: number;
  waits: number;
}

async function produce(capacity: number, options: { zeroCopy: boolean; slowEvery?: number; slowMs?: number }) {
  const q = RingQueue.create({ capacity, recordBytes: RECORD_BYTES });
  const { done } = startWorker<ConsumerReport>('spsc-consumer', {
    buffer: q.buffer,
    byteOffset: q.byteOffset,
    zeroCopy: options.zeroCopy,
    slowEvery: options.slowEvery ?? 0,
    slowMs: options.slowMs ?? 0,
  });
  const { checksum: sum, fullWaits: full } = options.zeroCopy ? produceInPlace(q, COUNT) : produceRecords(q, COUNT);
  q.close();
  return { report: await done, sum, full };
}

/** produceRecords through reserve/commit: each record written in its slot. */
function produceInPlace(q: RingQueue, count: number): { checksum: number; fullWaits: number } {
  const ringWords = new Uint32Array(q.buffer);
  let sum = CHECKSUM_SEED;
  let fullWaits = 0;
  for (let n = 0; n < count; n++) {
    let at = q.reserve();
    while (at < 0) {
      fullWaits++;
      q.waitNotFull();
      at = q.reserve();
    }
    writeRecord(ringWords, at >>> 2, n);
    sum = checksum(sum, ringWords, at >>> 2);
    q.commit();
  }
  return { checksum: sum, fullWaits };
}

describe('RingQueue across threads', () => {
  it('10^6 records to a worker: all received once, in order, intact (copying API)', async () => {
    const { report, sum } = await produce(1024, { zeroCopy: false });
    expect(report).toMatchObject({ received: COUNT, bad: 0, firstBad: -1, checksum: sum });
  });

  it('10^6 records to a worker in place (reserve/commit, peek/release)', async () => {
    const { report, sum } = await produce(256, { zeroCopy: true });
    expect(report).toMatchObject({ received: COUNT, bad: 0, firstBad: -1, checksum: sum });
  });

  it('a slow consumer: the producer meets a full ring, waits, and nothing is lost', async () => {
    const { report, sum, full } = await produce(64, { zeroCopy: false, slowEvery: 25_000, slowMs: 2 });
    expect(report).toMatchObject({ received: COUNT, bad: 0, firstBad: -1, checksum: sum });
    // The consumer slept 40 times with the producer running ahead: each time the ring filled.
    expect(full).toBeGreaterThanOrEqual(40);
  });

  it('a worker producer and this thread consuming with Atomics.waitAsync', async () => {
    const q = RingQueue.create({ capacity: 512, recordBytes: RECORD_BYTES });
    const { done } = startWorker<{ checksum: number; fullWaits: number }>('spsc-producer', {
      buffer: q.buffer,
      byteOffset: q.byteOffset,
      count: COUNT,
    });
    const out = new Uint8Array(RECORD_BYTES);
    const words = new Uint32Array(out.buffer);
    let received = 0;
    let bad = 0;
    let sum = CHECKSUM_SEED;
    for (;;) {
      if (!q.tryDequeue(out)) {
        if ((await q.waitNotEmptyAsync()) === 'closed') break;
        continue;
      }
      if (!isRecord(words, 0, received)) bad++;
      sum = checksum(sum, words, 0);
      received++;
    }
    const report = await done;
    expect({ received, bad, checksum: sum }).toEqual({ received: COUNT, bad: 0, checksum: report.checksum });
  });
});
