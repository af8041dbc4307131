import { alignUp, CACHE_LINE } from './align.js';

/** Where each part of a FixedBatch lives, as byte offsets relative to the batch's 64-byte-aligned start. */
export interface FixedBatchLayout {
  readonly capacity: number;
  /** Declared byte width of each fixed-width field. */
  readonly widths: readonly number[];
  /** Distance between consecutive rows of a field: its width rounded up to 64, so every row starts a line. */
  readonly strides: readonly number[];
  /** Start of each field's column (capacity × stride bytes). */
  readonly columns: readonly number[];
  /** Start of the message index: per row, two u32 (absolute byte offset of the message, its length). */
  readonly index: number;
  /** Start of the message arena. */
  readonly messages: number;
  readonly messageBytes: number;
  /** Bytes the whole batch occupies. */
  readonly byteLength: number;
}

/**
 * Struct-of-arrays layout: one column per field, then the message index, then the message arena, each starting
 * on a cache line. Rows are padded to 64 bytes so two threads filling or reading neighbouring rows never share a
 * line, and a WASM kernel can load any field at an aligned address; the padding costs memory, not time.
 * Throws on a layout no batch can have (a programmer error).
 */
export function fixedBatchLayout(capacity: number, widths: readonly number[], messageBytes = 0): FixedBatchLayout {
  if (!Number.isSafeInteger(capacity) || capacity < 1 || capacity > 0x7fffffff) {
    throw new RangeError(`FixedBatch: capacity must be an integer in [1, 2^31), got ${capacity}`);
  }
  for (const w of widths) {
    if (!Number.isSafeInteger(w) || w < 1) throw new RangeError(`FixedBatch: field widths must be integers ≥ 1`);
  }
  if (!Number.isSafeInteger(messageBytes) || messageBytes < 0) {
    throw new RangeError(`FixedBatch: messageBytes must be an integer ≥ 0, got ${messageBytes}`);
  }
  const strides = widths.map((w) => alignUp(w, CACHE_LINE));
  const columns: number[] = [];
  let at = 0;
  for (const s of strides) {
    columns.push(at);
    at += s * capacity;
  }
  const index = at;
  const messages = alignUp(index + 8 * capacity, CACHE_LINE);
  const byteLength = alignUp(messages + messageBytes, CACHE_LINE);
  // Message offsets are stored as u32, so the batch must end below 4 GiB of its memory.
  if (byteLength > 0xffffffff) throw new RangeError(`FixedBatch: layout of ${byteLength} bytes exceeds 4 GiB`);
  return { capacity, widths: [...widths], strides, columns, index, messages, messageBytes, byteLength };
}
