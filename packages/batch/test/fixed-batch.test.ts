// FixedBatch: capacity edges, wrong lengths and oversize messages refused with the batch unchanged, every row of
// every field 64-byte aligned, the bytes copied exactly once and read back, the "verify when full" hook.
import { describe, expect, it } from 'vitest';
import {
  AlignedArena,
  BATCH_BAD_LENGTH,
  BATCH_FULL,
  BATCH_MESSAGE_ARENA_FULL,
  batchError,
  batchErrorReason,
  FixedBatch,
  fixedBatchLayout,
} from '../src/index.js';

const filled = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) & 255);
const item = (i: number, msgLength = 32) => ({
  sig: filled(64, i),
  key: filled(32, i + 1000),
  msg: filled(msgLength, i + 2000),
});

/** Everything observable about a batch, to show a refused add changed nothing. */
function snapshot(b: FixedBatch) {
  return {
    count: b.count,
    used: b.messageBytesUsed,
    bytes: b.bytes.slice(b.byteOffset, b.byteOffset + b.layout.byteLength),
  };
}

describe('FixedBatch', () => {
  it('rejects impossible layouts at creation', () => {
    expect(() => new FixedBatch({ capacity: 0, fields: [64] })).toThrow(RangeError);
    expect(() => new FixedBatch({ capacity: 1.5, fields: [64] })).toThrow(RangeError);
    expect(() => new FixedBatch({ capacity: 4, fields: [0] })).toThrow(RangeError);
    expect(() => new FixedBatch({ capacity: 4, fields: [32], messageBytes: -1 })).toThrow(RangeError);
    const small = new AlignedArena(new ArrayBuffer(256));
    expect(() => new FixedBatch({ capacity: 4, fields: [64], arena: small })).toThrow(/arena has 256 bytes left/);
  });

  it('capacity 1: one add, then full; clear makes room again', () => {
    const b = new FixedBatch({ capacity: 1, fields: [64, 32], messageBytes: 64 });
    const a = item(1);
    expect(b.add([a.sig, a.key], a.msg)).toBe(0);
    expect(b.isFull).toBe(true);
    const before = snapshot(b);
    expect(b.add([a.sig, a.key], a.msg)).toBe(BATCH_FULL);
    expect(snapshot(b)).toEqual(before);
    b.clear();
    expect(b.count).toBe(0);
    expect(b.add([a.sig, a.key])).toBe(0);
    expect(b.messageLength(0)).toBe(0);
  });

  it('fills to capacity, copies every byte once, and keeps every row 64-byte aligned', () => {
    const capacity = 37;
    const b = new FixedBatch({ capacity, fields: [64, 32, 33], messageBytes: capacity * 50 });
    const items = Array.from({ length: capacity }, (_, i) => ({ ...item(i, i % 50), extra: filled(33, i + 3000) }));
    for (const [i, it] of items.entries()) expect(b.add([it.sig, it.key, it.extra], it.msg)).toBe(i);
    expect(b.add([items[0]?.sig, items[0]?.key, items[0]?.extra] as Uint8Array[])).toBe(BATCH_FULL);
    // Overwrite the callers' buffers: the batch holds copies.
    for (const it of items) it.sig.fill(0);
    for (const [i, it] of items.entries()) {
      expect(b.field(0, i)).toEqual(filled(64, i));
      expect(b.field(1, i)).toEqual(it.key);
      expect(b.field(2, i)).toEqual(it.extra);
      expect(b.message(i)).toEqual(it.msg);
      for (let f = 0; f < 3; f++) {
        const view = b.field(f, i) as Uint8Array;
        expect(view.byteOffset % 64).toBe(0);
        expect(b.fieldOffset(f, i) % 64).toBe(0);
      }
    }
    expect(b.field(0, capacity)).toBeUndefined();
    expect(b.field(3, 0)).toBeUndefined();
    expect(b.message(-1)).toBeUndefined();
  });

  it('wrong field count or length: bad-length, batch unchanged', () => {
    const b = new FixedBatch({ capacity: 4, fields: [64, 32], messageBytes: 128 });
    const a = item(7);
    expect(b.add([a.sig, a.key], a.msg)).toBe(0);
    const before = snapshot(b);
    const wrong: Uint8Array[][] = [
      [a.sig],
      [a.sig, a.key, a.key],
      [a.sig.subarray(1), a.key],
      [a.sig, new Uint8Array(33)],
      [new Uint8Array(0), a.key],
      [],
    ];
    for (const fields of wrong) expect(b.add(fields, a.msg)).toBe(BATCH_BAD_LENGTH);
    expect(snapshot(b)).toEqual(before);
  });

  it('oversize messages: message-arena-full, batch unchanged; exact fit accepted', () => {
    const b = new FixedBatch({ capacity: 8, fields: [64], messageBytes: 100 });
    const sig = filled(64, 1);
    expect(b.add([sig], filled(60, 2))).toBe(0);
    const before = snapshot(b);
    expect(b.add([sig], filled(41, 3))).toBe(BATCH_MESSAGE_ARENA_FULL);
    expect(b.add([sig], filled(101, 3))).toBe(BATCH_MESSAGE_ARENA_FULL);
    expect(snapshot(b)).toEqual(before);
    expect(b.add([sig], filled(40, 4))).toBe(1);
    expect(b.messageBytesUsed).toBe(100);
    expect(b.add([sig], new Uint8Array(0))).toBe(2);
    expect(b.message(1)).toEqual(filled(40, 4));
    const none = new FixedBatch({ capacity: 2, fields: [32] });
    expect(none.add([filled(32, 1)], filled(1, 1))).toBe(BATCH_MESSAGE_ARENA_FULL);
    expect(none.add([filled(32, 1)])).toBe(0);
  });

  it('wraps through clear many times with the same results', () => {
    const b = new FixedBatch({ capacity: 16, fields: [64, 32], messageBytes: 16 * 32 });
    const fields: Uint8Array[] = [new Uint8Array(64), new Uint8Array(32)];
    const msg = new Uint8Array(32);
    let full = 0;
    for (let n = 0; n < 16 * 100 + 5; n++) {
      (fields[0] as Uint8Array).fill(n & 255);
      msg.fill((n * 3) & 255);
      let row = b.add(fields, msg);
      if (row === BATCH_FULL) {
        full++;
        expect(b.field(0, 15)?.[0]).toBe((n - 1) & 255);
        b.clear();
        row = b.add(fields, msg);
      }
      expect(row).toBe(n % 16);
      expect(b.message(row)?.[31]).toBe((n * 3) & 255);
    }
    expect(full).toBe(100);
  });

  it('"verify when full" hook streams items through a small batch', () => {
    const seen: number[] = [];
    const b = new FixedBatch({
      capacity: 4,
      fields: [4],
      messageBytes: 10,
      onFull: (batch) => {
        for (let i = 0; i < batch.count; i++) seen.push(batch.field(0, i)?.[0] ?? -1);
        batch.clear();
      },
    });
    for (let n = 0; n < 10; n++)
      expect(b.add([new Uint8Array(4).fill(n)], new Uint8Array(n % 3))).toBeGreaterThanOrEqual(0);
    // Flushed on full rows and on a full message arena; the rest is still in the batch.
    expect(seen.length + b.count).toBe(10);
    for (let i = 0; i < b.count; i++) seen.push(b.field(0, i)?.[0] ?? -1);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(b.add([new Uint8Array(4)], new Uint8Array(11))).toBe(BATCH_MESSAGE_ARENA_FULL);
    expect(b.add([new Uint8Array(5)])).toBe(BATCH_BAD_LENGTH);
  });

  it('a hook that does not clear leaves add refusing', () => {
    let calls = 0;
    const b = new FixedBatch({ capacity: 2, fields: [1], onFull: () => calls++ });
    const one = [new Uint8Array(1)];
    expect([b.add(one), b.add(one), b.add(one)]).toEqual([0, 1, BATCH_FULL]);
    expect(calls).toBe(1);
  });

  it('lives in an arena over WebAssembly memory, next to other regions, and survives memory growth', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const arena = new AlignedArena(memory);
    expect(arena.alloc(10)).toBe(0);
    const b = new FixedBatch({ capacity: 8, fields: [64, 32], messageBytes: 256, arena });
    expect(b.byteOffset).toBe(64);
    const a = item(5);
    expect(b.add([a.sig, a.key], a.msg)).toBe(0);
    memory.grow(1);
    expect(b.add([a.key.subarray(0, 32), a.key], a.msg)).toBe(BATCH_BAD_LENGTH);
    expect(b.add([a.sig, a.key], a.msg.subarray(0, 5))).toBe(1);
    expect(b.bytes.buffer).toBe(memory.buffer);
    expect(b.field(0, 0)).toEqual(a.sig);
    expect(b.message(1)).toEqual(a.msg.subarray(0, 5));
    const wasmView = new Uint8Array(memory.buffer, b.messageOffset(0), b.messageLength(0));
    expect(wasmView).toEqual(a.msg);
  });

  it('layout: columns, index and arena each start a cache line; byteLength covers all', () => {
    const l = fixedBatchLayout(3, [64, 32, 1], 70);
    expect(l.strides).toEqual([64, 64, 64]);
    expect(l.columns).toEqual([0, 192, 384]);
    expect(l.index).toBe(576);
    expect(l.messages).toBe(640);
    expect(l.byteLength).toBe(768);
  });

  it('names every code', () => {
    expect([BATCH_FULL, BATCH_BAD_LENGTH, BATCH_MESSAGE_ARENA_FULL, 0, -9].map(batchError)).toEqual([
      'full',
      'bad-length',
      'message-arena-full',
      undefined,
      undefined,
    ]);
    expect(batchErrorReason(BATCH_BAD_LENGTH)).toMatch(/^FixedBatch\.add: bad-length/);
    expect(batchErrorReason(3)).toBe('FixedBatch.add: ok (row 3)');
  });
});
