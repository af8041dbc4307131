// MpscRingQueue on one thread: the same edges as RingQueue (capacity, wrap-around, lengths, zero-copy, attach),
// claims that are published out of order, and a consumer attached mid-stream.
import { describe, expect, it } from 'vitest';
import { MpscRingQueue, RingQueue } from '../src/index.js';

const record = (n: number, bytes: number) => Uint8Array.from({ length: bytes }, (_, i) => (n * 13 + i) & 255);

describe('MpscRingQueue', () => {
  it('rejects bad shapes at creation and a buffer holding another kind of ring', () => {
    for (const capacity of [0, 1, 3, 12]) {
      expect(() => MpscRingQueue.create({ capacity, recordBytes: 8 })).toThrow(/power of two/);
    }
    const spsc = RingQueue.create({ capacity: 4, recordBytes: 8 });
    expect(() => new MpscRingQueue(spsc.buffer)).toThrow(/no MpscRingQueue/);
    const mpsc = MpscRingQueue.create({ capacity: 4, recordBytes: 8 });
    expect(() => new RingQueue(mpsc.buffer)).toThrow(/no RingQueue/);
  });

  it('capacity 2 (the least) and 8: exact fill; order kept through many wrap-arounds', () => {
    for (const capacity of [2, 8]) {
      const q = MpscRingQueue.create({ capacity, recordBytes: 20 });
      const out = new Uint8Array(20);
      let produced = 0;
      let consumed = 0;
      for (let round = 0; round < 500; round++) {
        while (q.tryEnqueue(record(produced, 20))) produced++;
        expect(produced - consumed).toBe(capacity);
        const take = 1 + (round % capacity);
        for (let i = 0; i < take; i++) {
          expect(q.tryDequeue(out)).toBe(true);
          expect(out).toEqual(record(consumed++, 20));
        }
      }
      while (q.tryDequeue(out)) expect(out).toEqual(record(consumed++, 20));
      expect(consumed).toBe(produced);
      expect(q.tryDequeue(out)).toBe(false);
    }
  });

  it('wrong lengths return false and change nothing', () => {
    const q = MpscRingQueue.create({ capacity: 2, recordBytes: 8 });
    expect(q.tryEnqueue(new Uint8Array(7))).toBe(false);
    expect(q.peek()).toBe(-1);
    expect(q.tryEnqueue(record(1, 8))).toBe(true);
    expect(q.tryDequeue(new Uint8Array(9))).toBe(false);
    const out = new Uint8Array(8);
    expect(q.tryDequeue(out)).toBe(true);
    expect(out).toEqual(record(1, 8));
  });

  it('records come out in claim order even when published out of order', () => {
    const sab = new SharedArrayBuffer(MpscRingQueue.byteLength({ capacity: 4, recordBytes: 4 }));
    const consumer = MpscRingQueue.create({ capacity: 4, recordBytes: 4 }, sab);
    const a = new MpscRingQueue(sab);
    const b = new MpscRingQueue(sab);
    const words = new Uint32Array(sab);
    const atA = a.reserve();
    const atB = b.reserve();
    expect(atB).not.toBe(atA);
    words[atB >>> 2] = 2;
    b.commit();
    // B's record is ready, but A claimed first and has not published: nothing comes out yet.
    expect(consumer.peek()).toBe(-1);
    words[atA >>> 2] = 1;
    a.commit();
    const seen: number[] = [];
    for (let at = consumer.peek(); at >= 0; at = consumer.peek()) {
      seen.push(words[at >>> 2] as number);
      consumer.release();
    }
    expect(seen).toEqual([1, 2]);
    // Stale position guesses in the producers are corrected by the slot words.
    expect(a.tryEnqueue(record(3, 4))).toBe(true);
    expect(b.tryEnqueue(record(4, 4))).toBe(true);
    expect(a.tryEnqueue(record(5, 4))).toBe(true);
    const out = new Uint8Array(4);
    for (const n of [3, 4, 5]) {
      expect(consumer.tryDequeue(out)).toBe(true);
      expect(out).toEqual(record(n, 4));
    }
  });

  it('a consumer attached mid-stream starts at the oldest unconsumed record', () => {
    const q = MpscRingQueue.create({ capacity: 8, recordBytes: 4 });
    const out = new Uint8Array(4);
    for (let n = 0; n < 8; n++) expect(q.tryEnqueue(record(n, 4))).toBe(true);
    expect(q.tryEnqueue(record(99, 4))).toBe(false);
    for (let n = 0; n < 6; n++) expect(q.tryDequeue(out)).toBe(true);
    for (let n = 8; n < 14; n++) expect(q.tryEnqueue(record(n, 4))).toBe(true);
    const later = new MpscRingQueue(q.buffer);
    for (let n = 6; n < 14; n++) {
      expect(later.tryDequeue(out)).toBe(true);
      expect(out).toEqual(record(n, 4));
    }
    expect(later.tryDequeue(out)).toBe(false);
  });

  it('waits time out, then close wakes them', async () => {
    const q = MpscRingQueue.create({ capacity: 2, recordBytes: 4 });
    expect(q.waitNotEmpty(5)).toBe('timed-out');
    expect(q.waitNotFull(0)).toBe('ready');
    q.tryEnqueue(record(1, 4));
    q.tryEnqueue(record(2, 4));
    expect(q.waitNotFull(5)).toBe('timed-out');
    expect(await q.waitNotFullAsync(5)).toBe('timed-out');
    const pending = q.waitNotFullAsync();
    q.tryDequeue(new Uint8Array(4));
    expect(await pending).toBe('ready');
    q.tryDequeue(new Uint8Array(4));
    const waiting = q.waitNotEmptyAsync();
    q.close();
    expect(await waiting).toBe('closed');
    expect(q.closed).toBe(true);
  });
});
