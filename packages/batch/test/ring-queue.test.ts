// RingQueue on one thread: construction errors, capacity edges, wrap-around, wrong lengths, the zero-copy path,
// attaching a second instance to the same buffer, lazy release publication, waits and close.
import { describe, expect, it } from 'vitest';
import { RingQueue } from '../src/index.js';

const record = (n: number, bytes: number) => Uint8Array.from({ length: bytes }, (_, i) => (n * 13 + i) & 255);

describe('RingQueue', () => {
  it('rejects capacity 0, non-powers of two and bad record sizes at creation', () => {
    for (const capacity of [0, 3, 6, 1.5, -4, 2 ** 30]) {
      expect(() => RingQueue.create({ capacity, recordBytes: 8 })).toThrow(/power of two/);
    }
    expect(() => RingQueue.create({ capacity: 4, recordBytes: 0 })).toThrow(RangeError);
    expect(() => new RingQueue(new SharedArrayBuffer(4096))).toThrow(/no RingQueue initialised/);
    const q = RingQueue.create({ capacity: 4, recordBytes: 8 });
    expect(() => RingQueue.create({ capacity: 4, recordBytes: 8 }, q.buffer, 32)).toThrow(/multiple of 64/);
    expect(() => RingQueue.create({ capacity: 64, recordBytes: 64 }, new SharedArrayBuffer(1024))).toThrow(/needs/);
  });

  it('capacity 1: one record, then full, then empty again', () => {
    const q = RingQueue.create({ capacity: 1, recordBytes: 3 });
    const out = new Uint8Array(3);
    expect(q.tryDequeue(out)).toBe(false);
    expect(q.tryEnqueue(record(1, 3))).toBe(true);
    expect(q.tryEnqueue(record(2, 3))).toBe(false);
    expect(q.size).toBe(1);
    expect(q.tryDequeue(out)).toBe(true);
    expect(out).toEqual(record(1, 3));
    expect(q.tryDequeue(out)).toBe(false);
    expect(q.tryEnqueue(record(2, 3))).toBe(true);
    expect(q.tryDequeue(out)).toBe(true);
    expect(out).toEqual(record(2, 3));
  });

  it('fills exactly to capacity and keeps order across many wrap-arounds', () => {
    for (const recordBytes of [1, 5, 8, 32, 70]) {
      const q = RingQueue.create({ capacity: 8, recordBytes });
      const out = new Uint8Array(recordBytes);
      let produced = 0;
      let consumed = 0;
      for (let round = 0; round < 300; round++) {
        // Alternate bursts of different sizes so head and tail cross the slot-0 boundary at every phase.
        const burst = 1 + (round % 8);
        for (let i = 0; i < burst; i++) if (q.tryEnqueue(record(produced, recordBytes))) produced++;
        if (round % 8 === 7) {
          while (q.tryEnqueue(record(produced, recordBytes))) produced++;
          expect(produced - consumed).toBe(8);
        }
        const take = 1 + ((round * 5) % 8);
        for (let i = 0; i < take && q.tryDequeue(out); i++) {
          expect(out).toEqual(record(consumed, recordBytes));
          consumed++;
        }
      }
      while (q.tryDequeue(out)) expect(out).toEqual(record(consumed++, recordBytes));
      expect(consumed).toBe(produced);
      expect(produced).toBeGreaterThan(1000);
      expect(q.size).toBe(0);
    }
  });

  it('wrong lengths return false and change nothing', () => {
    const q = RingQueue.create({ capacity: 4, recordBytes: 16 });
    expect(q.tryEnqueue(new Uint8Array(15))).toBe(false);
    expect(q.tryEnqueue(new Uint8Array(17))).toBe(false);
    expect(q.size).toBe(0);
    expect(q.tryEnqueue(record(9, 16))).toBe(true);
    expect(q.tryDequeue(new Uint8Array(8))).toBe(false);
    expect(q.size).toBe(1);
    const out = new Uint8Array(16);
    expect(q.tryDequeue(out)).toBe(true);
    expect(out).toEqual(record(9, 16));
  });

  it('copies through any view: unaligned offsets, reused and fresh buffers', () => {
    const q = RingQueue.create({ capacity: 4, recordBytes: 13 });
    const big = new Uint8Array(100);
    const out = new Uint8Array(40).subarray(3, 16);
    for (let n = 0; n < 20; n++) {
      const src = n % 2 === 0 ? big.subarray(n, n + 13) : record(n, 13);
      src.set(record(n, 13));
      expect(q.tryEnqueue(src)).toBe(true);
      expect(q.tryDequeue(n % 3 === 0 ? out : new Uint8Array(13))).toBe(true);
      if (n % 3 === 0) expect(out).toEqual(record(n, 13));
    }
    // The same record buffer, changed between calls, is copied as it is at each call.
    const r = new Uint8Array(13);
    for (let n = 0; n < 3; n++) {
      r.set(record(100 + n, 13));
      expect(q.tryEnqueue(r)).toBe(true);
    }
    for (let n = 0; n < 3; n++) {
      expect(q.tryDequeue(out)).toBe(true);
      expect(out).toEqual(record(100 + n, 13));
    }
  });

  it('zero-copy reserve/commit and peek/release work in place, slots 8-byte aligned', () => {
    const q = RingQueue.create({ capacity: 4, recordBytes: 12 });
    const words = new Uint32Array(q.buffer);
    expect(q.peek()).toBe(-1);
    const offsets: number[] = [];
    for (let i = 0; i < 4; i++) {
      const at = q.reserve();
      expect(at % 8).toBe(0);
      expect(q.reserve()).toBe(at);
      words.set([i, i * i, 0xdeadbeef], at / 4);
      q.commit();
      offsets.push(at);
    }
    expect(q.reserve()).toBe(-1);
    expect(new Set(offsets).size).toBe(4);
    for (let i = 0; i < 4; i++) {
      const at = q.peek();
      expect(at).toBe(offsets[i]);
      expect([...words.subarray(at / 4, at / 4 + 3)]).toEqual([i, i * i, 0xdeadbeef]);
      q.release();
    }
    expect(q.peek()).toBe(-1);
  });

  it('a second instance over the same buffer sees the records (what a worker does)', () => {
    const sab = new SharedArrayBuffer(RingQueue.byteLength({ capacity: 16, recordBytes: 8 }) + 128);
    const producer = RingQueue.create({ capacity: 16, recordBytes: 8 }, sab, 128);
    const consumer = new RingQueue(sab, 128);
    expect([consumer.capacity, consumer.recordBytes, consumer.stride]).toEqual([16, 8, 8]);
    const out = new Uint8Array(8);
    for (let n = 0; n < 100; n++) {
      expect(producer.tryEnqueue(record(n, 8))).toBe(true);
      expect(consumer.tryDequeue(out)).toBe(true);
      expect(out).toEqual(record(n, 8));
    }
    // The consumer publishes its releases lazily (every capacity/8 = 2 here) and whenever it finds the ring empty.
    for (let n = 0; n < 16; n++) expect(producer.tryEnqueue(record(n, 8))).toBe(true);
    expect(producer.tryEnqueue(record(16, 8))).toBe(false);
    expect(consumer.tryDequeue(out)).toBe(true);
    expect(producer.tryEnqueue(record(16, 8))).toBe(false);
    consumer.flush();
    expect(producer.tryEnqueue(record(16, 8))).toBe(true);
    for (let n = 1; n <= 16; n++) {
      expect(consumer.tryDequeue(out)).toBe(true);
      expect(out).toEqual(record(n, 8));
    }
    expect(consumer.tryDequeue(out)).toBe(false);
    expect(producer.size).toBe(0);
  });

  it('waits: ready at once when possible, timed-out when not, closed after close', async () => {
    const q = RingQueue.create({ capacity: 2, recordBytes: 4 });
    expect(q.waitNotFull(0)).toBe('ready');
    expect(q.waitNotEmpty(5)).toBe('timed-out');
    expect(await q.waitNotEmptyAsync(5)).toBe('timed-out');
    q.tryEnqueue(record(1, 4));
    q.tryEnqueue(record(2, 4));
    expect(q.waitNotEmpty(0)).toBe('ready');
    expect(q.waitNotFull(5)).toBe('timed-out');
    expect(await q.waitNotFullAsync(5)).toBe('timed-out');
    const pending = q.waitNotFullAsync();
    const out = new Uint8Array(4);
    q.tryDequeue(out);
    q.tryDequeue(out);
    expect(q.tryDequeue(out)).toBe(false);
    expect(await pending).toBe('ready');
    const waiting = q.waitNotEmptyAsync();
    expect(q.closed).toBe(false);
    q.close();
    expect(q.closed).toBe(true);
    expect(await waiting).toBe('closed');
    expect(q.waitNotEmpty()).toBe('closed');
  });
});
