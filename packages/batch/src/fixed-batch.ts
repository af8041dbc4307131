import { bufferOf, type MemoryLike } from './align.js';
import { AlignedArena, ARENA_FULL } from './arena.js';
import { BATCH_BAD_LENGTH, BATCH_FULL, BATCH_MESSAGE_ARENA_FULL } from './batch-errors.js';
import { type FixedBatchLayout, fixedBatchLayout } from './fixed-batch-layout.js';

export interface FixedBatchOptions {
  /** Rows the batch holds; fixed for its lifetime. */
  readonly capacity: number;
  /** Byte width of each fixed-width field of a row, e.g. `[64, 32]` for a signature and a public key. */
  readonly fields: readonly number[];
  /** Bytes of the arena for variable-length messages (all rows together); 0, the default, allows none. */
  readonly messageBytes?: number;
  /** Where to place the batch (e.g. an arena over WASM memory); by default a new ArrayBuffer of its own. */
  readonly arena?: AlignedArena;
  /**
   * "Verify when full": called when `add` finds no room for a valid item while rows are present. It should
   * consume the rows and `clear()` the batch; `add` then retries once. It must not call `add` itself.
   */
  readonly onFull?: (batch: FixedBatch) => void;
}

/**
 * Rows of fixed-width fields plus an optional variable-length message, in one preallocated, 64-byte-aligned,
 * struct-of-arrays region. `add` copies the caller's bytes once and returns the row index or a negative
 * `BATCH_*` code; it never throws on data and never grows. `clear()` reuses everything.
 */
export class FixedBatch {
  readonly capacity: number;
  readonly layout: FixedBatchLayout;
  readonly memory: MemoryLike;
  /** Absolute byte offset of the batch in its memory (a multiple of 64). */
  readonly byteOffset: number;
  readonly #widths: number[];
  readonly #strides: number[];
  /** Absolute column starts, so the hot path adds no base. */
  readonly #columns: number[];
  readonly #indexStart: number;
  readonly #messageStart: number;
  readonly #messageEnd: number;
  readonly #onFull: ((batch: FixedBatch) => void) | undefined;
  #bytes: Uint8Array;
  #index: Uint32Array;
  #count = 0;
  #messageTop: number;

  constructor(options: FixedBatchOptions) {
    const layout = fixedBatchLayout(options.capacity, options.fields, options.messageBytes ?? 0);
    const arena = options.arena ?? new AlignedArena(new ArrayBuffer(layout.byteLength));
    const base = arena.alloc(layout.byteLength);
    if (base === ARENA_FULL) {
      throw new RangeError(
        `FixedBatch: the arena has ${arena.remaining} bytes left, the batch needs ${layout.byteLength}`,
      );
    }
    if (base + layout.byteLength > 0xffffffff) throw new RangeError('FixedBatch: must lie below 4 GiB of its memory');
    this.capacity = layout.capacity;
    this.layout = layout;
    this.memory = arena.memory;
    this.byteOffset = base;
    this.#widths = [...layout.widths];
    this.#strides = [...layout.strides];
    this.#columns = layout.columns.map((c) => base + c);
    this.#indexStart = base + layout.index;
    this.#messageStart = base + layout.messages;
    this.#messageEnd = this.#messageStart + layout.messageBytes;
    this.#messageTop = this.#messageStart;
    this.#onFull = options.onFull;
    const buffer = bufferOf(this.memory);
    this.#bytes = new Uint8Array(buffer);
    this.#index = new Uint32Array(buffer, this.#indexStart, 2 * layout.capacity);
  }

  /** Rows added since creation or the last `clear()`. */
  get count(): number {
    return this.#count;
  }

  get isFull(): boolean {
    return this.#count === this.capacity;
  }

  /** Message arena bytes in use. */
  get messageBytesUsed(): number {
    return this.#messageTop - this.#messageStart;
  }

  /** A byte view of the whole memory the batch lives in (refreshed if a WASM memory grew). */
  get bytes(): Uint8Array {
    this.#refresh();
    return this.#bytes;
  }

  /**
   * Copies one item in: `fields[f]` must be exactly `options.fields[f]` bytes; `message` may be absent (length 0).
   * Returns the row index (≥ 0), or BATCH_BAD_LENGTH, BATCH_FULL or BATCH_MESSAGE_ARENA_FULL, in which case the
   * batch is unchanged. Pass the same `fields` array every time to keep the call allocation-free.
   */
  add(fields: readonly Uint8Array[], message?: Uint8Array): number {
    const widths = this.#widths;
    const n = widths.length;
    if (fields.length !== n) return BATCH_BAD_LENGTH;
    for (let f = 0; f < n; f++) if (fields[f]?.length !== widths[f]) return BATCH_BAD_LENGTH;
    const messageLength = message === undefined ? 0 : message.length;
    if (messageLength > this.#messageEnd - this.#messageStart) return BATCH_MESSAGE_ARENA_FULL;
    if (!this.#hasRoom(messageLength)) {
      if (this.#onFull === undefined || this.#count === 0) return this.#refusal();
      this.#onFull(this);
      if (!this.#hasRoom(messageLength)) return this.#refusal();
    }
    this.#refresh();
    const row = this.#count;
    const bytes = this.#bytes;
    for (let f = 0; f < n; f++)
      bytes.set(fields[f] as Uint8Array, (this.#columns[f] as number) + row * (this.#strides[f] as number));
    const at = this.#messageTop;
    if (message !== undefined && messageLength > 0) bytes.set(message, at);
    this.#index[2 * row] = at;
    this.#index[2 * row + 1] = messageLength;
    this.#messageTop = at + messageLength;
    this.#count = row + 1;
    return row;
  }

  /** Empties the batch; the memory is reused as is (not zeroed). */
  clear(): void {
    this.#count = 0;
    this.#messageTop = this.#messageStart;
  }

  /** Absolute byte offset of field `field` of row `row` in `bytes` (a multiple of 64). Trusts its arguments. */
  fieldOffset(field: number, row: number): number {
    return (this.#columns[field] as number) + row * (this.#strides[field] as number);
  }

  /** Absolute byte offset of row `row`'s message. Trusts its argument (row < count). */
  messageOffset(row: number): number {
    this.#refresh();
    return this.#index[2 * row] as number;
  }

  /** Length of row `row`'s message. Trusts its argument (row < count). */
  messageLength(row: number): number {
    this.#refresh();
    return this.#index[2 * row + 1] as number;
  }

  /** A view of one field of one row, or undefined if the row or field does not exist. Allocates the view. */
  field(field: number, row: number): Uint8Array | undefined {
    const width = this.#widths[field];
    if (width === undefined || !Number.isInteger(row) || row < 0 || row >= this.#count) return undefined;
    const at = this.fieldOffset(field, row);
    return this.bytes.subarray(at, at + width);
  }

  /** A view of row `row`'s message, or undefined if the row does not exist. Allocates the view. */
  message(row: number): Uint8Array | undefined {
    if (!Number.isInteger(row) || row < 0 || row >= this.#count) return undefined;
    const at = this.messageOffset(row);
    return this.bytes.subarray(at, at + this.messageLength(row));
  }

  #hasRoom(messageLength: number): boolean {
    return this.#count < this.capacity && this.#messageTop + messageLength <= this.#messageEnd;
  }

  #refusal(): number {
    return this.#count === this.capacity ? BATCH_FULL : BATCH_MESSAGE_ARENA_FULL;
  }

  /** A non-shared WASM memory detaches its old buffer when it grows (views then have length 0): re-view it. */
  #refresh(): void {
    if (this.#index.length !== 0) return;
    const buffer = bufferOf(this.memory);
    this.#bytes = new Uint8Array(buffer);
    this.#index = new Uint32Array(buffer, this.#indexStart, 2 * this.capacity);
  }
}
