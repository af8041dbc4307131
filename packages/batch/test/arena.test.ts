// AlignedArena: 64-byte-aligned bump allocation from plain, shared and WebAssembly memory; exhaustion and bad
// sizes are error values that leave the arena unchanged.
import { describe, expect, it } from 'vitest';
import { AlignedArena, ARENA_BAD_SIZE, ARENA_FULL } from '../src/index.js';

describe('AlignedArena', () => {
  it('hands out 64-byte-aligned, non-overlapping regions until exhausted', () => {
    const arena = new AlignedArena(new ArrayBuffer(1024));
    const sizes = [1, 64, 65, 0, 100, 7];
    const got = sizes.map((n) => arena.alloc(n));
    expect(got).toEqual([0, 64, 128, 256, 256, 384]);
    for (const at of got) expect(at % 64).toBe(0);
    expect(arena.used).toBe(448);
    expect(arena.remaining).toBe(1024 - 448);
    expect(arena.alloc(577)).toBe(ARENA_FULL);
    expect(arena.used).toBe(448);
    expect(arena.alloc(576)).toBe(448);
    expect(arena.remaining).toBe(0);
    // An empty region still fits at the (aligned) end; one byte does not.
    expect(arena.alloc(0)).toBe(1024);
    expect(arena.alloc(1)).toBe(ARENA_FULL);
  });

  it('refuses sizes that are not non-negative integers, unchanged', () => {
    const arena = new AlignedArena(new ArrayBuffer(256));
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])
      expect(arena.alloc(n)).toBe(ARENA_BAD_SIZE);
    expect(arena.used).toBe(0);
    expect(arena.alloc(10)).toBe(0);
  });

  it('reset reuses the whole region', () => {
    const arena = new AlignedArena(new ArrayBuffer(640));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) expect(arena.alloc(64)).toBe(64 * i);
      expect(arena.alloc(1)).toBe(ARENA_FULL);
      arena.reset();
      expect(arena.used).toBe(0);
    }
  });

  it('aligns a sub-region that starts off a line, and stays inside it', () => {
    const arena = new AlignedArena(new SharedArrayBuffer(4096), 100, 1000);
    expect(arena.start).toBe(128);
    expect(arena.end).toBe(1100);
    expect(arena.alloc(973)).toBe(ARENA_FULL);
    expect(arena.alloc(972)).toBe(128);
    expect(arena.alloc(0)).toBe(ARENA_FULL);
    expect(arena.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('allocates from WebAssembly memory and follows its buffer when it grows', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const arena = new AlignedArena(memory, 1024, 4096);
    const at = arena.alloc(64);
    expect(at).toBe(1024);
    const before = arena.buffer;
    memory.grow(1);
    expect(arena.buffer).not.toBe(before);
    expect(arena.buffer.byteLength).toBe(2 * 65536);
    expect(arena.alloc(64)).toBe(1088);
  });

  it('rejects a region outside its buffer at construction', () => {
    expect(() => new AlignedArena(new ArrayBuffer(100), 64, 64)).toThrow(RangeError);
    expect(() => new AlignedArena(new ArrayBuffer(100), -1)).toThrow(RangeError);
    const tiny = new AlignedArena(new ArrayBuffer(100), 1, 10);
    expect(tiny.remaining).toBe(0);
    expect(tiny.alloc(0)).toBe(ARENA_FULL);
  });
});
