import { AlignedArena, BATCH_MESSAGE_ARENA_FULL, FixedBatch, fixedBatchLayout } from '@tallyio/batch';
import { ITEM_REASONS, ItemCode, Signature, TaggedKey } from './generated/spec.js';
import { fillRandom } from './random.js';
import type { BatchItem, VerificationResult, VerifyReason } from './result.js';
import type { VerifierExports } from './wasm.js';

/** What differs between schemes: the kernels and the names of their status codes. */
export interface SchemeKernels {
  readonly name: string;
  readonly reasons: readonly (VerifyReason | undefined)[];
  verifyOne(i: number): number;
  verifyBatch(n: number): number;
}

export interface Capacity {
  /** Items per call into WebAssembly; larger batches are verified in chunks of this size. */
  readonly maxBatch: number;
  /** Message bytes per chunk; a chunk is cut early when its messages would not fit. */
  readonly arenaBytes: number;
}

/** Options of a streaming batch: it verifies itself when full and hands the verdicts over. */
export interface StreamOptions {
  /** Rows (default: the verifier's maxBatch, at most that). */
  readonly capacity?: number;
  /** Message bytes (default: the verifier's arenaBytes). */
  readonly messageBytes?: number;
  /** Called with one status code per row (0 valid; reasonOf() names the others) before the batch is cleared. */
  readonly onVerified?: (codes: Uint8Array, count: number, batch: FixedBatch) => void;
}

/**
 * The result of a batch from its status codes, one per item: 0 valid, else a shape code (bad-item, bad-type,
 * bad-length) or one the scheme names in `reasons`.
 */
export function batchResult(codes: Uint8Array, reasons: readonly (VerifyReason | undefined)[]): VerificationResult {
  const n = codes.length;
  const valid = new Array<boolean>(n);
  const reasonList = new Array<VerifyReason | undefined>(n);
  const invalid: number[] = [];
  for (let i = 0; i < n; i++) {
    const code = codes[i] as number;
    valid[i] = code === 0;
    reasonList[i] = BatchDriver.itemReason(code) ?? reasons[code];
    if (code !== 0) invalid.push(i);
  }
  return { allValid: invalid.length === 0, valid, invalid, reasons: reasonList };
}

/** Bytes of a signature and of a key in a batch row. */
export const SIG: number = Signature.SIZE;
export const KEY: number = TaggedKey.KEY_BYTES;

/**
 * Items go into a FixedBatch in the module's own memory (one copy of each byte), which the kernels read in
 * place. Allocates nothing per item; verifyBatch's result arrays are its only allocation per call.
 */
export class BatchDriver {
  readonly #x: VerifierExports;
  readonly #scheme: SchemeKernels;
  readonly #maxBatch: number;
  #batch: FixedBatch;
  #view: Uint8Array;
  readonly #fields: Uint8Array[] = [new Uint8Array(SIG), new Uint8Array(KEY)];
  /** Item index of each row of the current chunk. */
  readonly #rowItem: Int32Array;
  /** Verdicts of a streaming batch's rows. */
  readonly #streamCodes: Uint8Array;
  #closed = false;

  constructor(x: VerifierExports, scheme: SchemeKernels, capacity: Capacity) {
    this.#x = x;
    this.#scheme = scheme;
    this.#maxBatch = capacity.maxBatch;
    x.reserveLayout(capacity.maxBatch);
    this.#batch = this.#newBatch(capacity.maxBatch, capacity.arenaBytes);
    this.#rowItem = new Int32Array(capacity.maxBatch);
    this.#streamCodes = new Uint8Array(capacity.maxBatch);
    this.#view = new Uint8Array(x.memory.buffer);
  }

  /** A FixedBatch of signature and key columns plus messages, in a region of the module's memory. */
  #newBatch(capacity: number, messageBytes: number, onFull?: (b: FixedBatch) => void): FixedBatch {
    const bytes = fixedBatchLayout(capacity, [SIG, KEY], messageBytes).byteLength + 64;
    const arena = new AlignedArena(this.#x.memory, this.#x.alloc(bytes), bytes);
    return new FixedBatch({ capacity, fields: [SIG, KEY], messageBytes, arena, ...(onFull ? { onFull } : {}) });
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error(`${this.#scheme.name} verifier: used after close()`);
  }

  /** A status code when the item's shape is wrong (before any cryptography), else 0. */
  static shapeError(item: BatchItem | undefined): number {
    if (item === null || typeof item !== 'object') return ItemCode.BAD_ITEM;
    return BatchDriver.shapeOf(item.signature, item.message, item.publicKey);
  }

  static shapeOf(signature: unknown, message: unknown, publicKey: unknown): number {
    if (!(signature instanceof Uint8Array) || !(message instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) {
      return ItemCode.BAD_TYPE;
    }
    if (signature.length !== SIG || publicKey.length !== KEY) return ItemCode.BAD_LENGTH;
    return 0;
  }

  /** The reason for a shape code (bad-item, bad-type, bad-length), else undefined. */
  static itemReason(code: number): VerifyReason | undefined {
    return code >= ItemCode.BAD_ITEM ? ITEM_REASONS[code - ItemCode.BAD_ITEM] : undefined;
  }

  /** The reason for a status code (undefined for valid). */
  reasonOf(code: number): VerifyReason | undefined {
    return BatchDriver.itemReason(code) ?? this.#scheme.reasons[code];
  }

  /** Adds to the driver's own batch, replacing it by a larger one for a message bigger than its arena. */
  #add(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): number {
    const fields = this.#fields;
    fields[0] = signature;
    fields[1] = publicKey;
    const row = this.#batch.add(fields, message);
    if (row !== BATCH_MESSAGE_ARENA_FULL || this.#batch.count > 0) return row;
    let bytes = this.#batch.layout.messageBytes;
    while (bytes < message.length) bytes *= 2;
    this.#batch = this.#newBatch(this.#maxBatch, bytes);
    return this.#batch.add(fields, message);
  }

  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
    this.#checkOpen();
    if (BatchDriver.shapeOf(signature, message, publicKey) !== 0) return false;
    this.#batch.clear();
    this.#add(signature, message, publicKey);
    this.#point(this.#batch);
    return this.#scheme.verifyOne(0) === 0;
  }

  verifyBatch(items: readonly BatchItem[]): VerificationResult {
    const n = items.length;
    const codes = new Uint8Array(n);
    this.verifyBatchInto(items, codes);
    return batchResult(codes, this.#scheme.reasons);
  }

  /**
   * Writes one status code per item into codes (0 valid; reasonOf() names the others) and returns how many
   * are invalid. Allocates nothing: for callers that verify streams of batches.
   */
  verifyBatchInto(items: readonly BatchItem[], codes: Uint8Array): number {
    this.#checkOpen();
    const n = items.length;
    if (codes.length < n) throw new RangeError(`${this.#scheme.name} verifier: codes holds fewer than ${n} entries`);
    let bad = 0;
    this.#batch.clear();
    for (let i = 0; i < n; i++) {
      const item = items[i];
      const shape = BatchDriver.shapeError(item);
      if (shape !== 0 || item === undefined) {
        codes[i] = shape;
        bad++;
        continue;
      }
      let row = this.#add(item.signature, item.message, item.publicKey);
      if (row < 0) {
        bad += this.#runChunk(codes);
        row = this.#add(item.signature, item.message, item.publicKey);
      }
      this.#rowItem[row] = i;
    }
    return bad + this.#runChunk(codes);
  }

  /** Verifies the driver's batch and files each row's code under its item; clears the batch. */
  #runChunk(codes: Uint8Array): number {
    const count = this.#batch.count;
    const bad = this.#verifyRows(this.#batch);
    const status = this.#x.layoutStatus();
    const view = this.#bytes();
    for (let row = 0; row < count; row++) codes[this.#rowItem[row] as number] = view[status + row] as number;
    this.#batch.clear();
    return bad;
  }

  #point(batch: FixedBatch): void {
    const { strides, index } = batch.layout;
    this.#x.setLayout(
      batch.fieldOffset(0, 0),
      strides[0] as number,
      batch.fieldOffset(1, 0),
      strides[1] as number,
      batch.byteOffset + index,
      0,
    );
  }

  /** Runs the kernels over a batch's rows; statuses land in the layout's status region. */
  #verifyRows(batch: FixedBatch): number {
    const count = batch.count;
    if (count === 0) return 0;
    this.#point(batch);
    // One item alone is verified directly. From two on the batch equation wins (measured, µs per signature:
    // BIP340 2 items 65 vs 70 one by one; Ed25519 65 vs 92), so there is no larger one-by-one threshold.
    if (count === 1) {
      const code = this.#scheme.verifyOne(0);
      this.#bytes()[this.#x.layoutStatus()] = code;
      return code === 0 ? 0 : 1;
    }
    const rand = this.#x.layoutRand();
    // 16 random bytes per row and 16 for the batch's hashing seed, straight into the module's memory.
    const random = this.#bytes().subarray(rand, rand + 16 * count + 16);
    fillRandom(random);
    return this.#scheme.verifyBatch(count);
  }

  #bytes(): Uint8Array {
    if (this.#view.buffer !== this.#x.memory.buffer) this.#view = new Uint8Array(this.#x.memory.buffer);
    return this.#view;
  }

  /** A FixedBatch in this verifier's memory that verifies itself when full (see StreamOptions). */
  createBatch(options: StreamOptions = {}): FixedBatch {
    this.#checkOpen();
    const capacity = options.capacity ?? this.#maxBatch;
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > this.#maxBatch) {
      throw new RangeError(`${this.#scheme.name} verifier: stream capacity must be in [1, ${this.#maxBatch}]`);
    }
    const onVerified = options.onVerified;
    return this.#newBatch(capacity, options.messageBytes ?? this.#batch.layout.messageBytes, (batch) => {
      const count = batch.count;
      this.verifyFixedBatch(batch, this.#streamCodes);
      onVerified?.(this.#streamCodes, count, batch);
      batch.clear();
    });
  }

  /** Verifies the rows of a batch made by createBatch (it is not cleared): codes per row, and the count invalid. */
  verifyFixedBatch(batch: FixedBatch, codes: Uint8Array): number {
    this.#checkOpen();
    if (batch.memory !== this.#x.memory) throw new Error(`${this.#scheme.name} verifier: batch is not this verifier's`);
    const count = batch.count;
    if (codes.length < count) throw new RangeError(`${this.#scheme.name} verifier: codes holds fewer than ${count}`);
    const bad = this.#verifyRows(batch);
    const status = this.#x.layoutStatus();
    codes.set(this.#bytes().subarray(status, status + count));
    return bad;
  }

  close(): void {
    this.#closed = true;
  }
}
