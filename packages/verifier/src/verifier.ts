import type { BatchItem, VerificationResult } from './result.js';
import type { VerifierExports } from './wasm.js';

/** What differs between schemes: the kernels and the names of their status codes. */
export interface SchemeKernels {
  readonly name: string;
  readonly reasons: readonly (string | undefined)[];
  verifyOne(i: number): number;
  verifyBatch(n: number): number;
}

export interface Capacity {
  /** Items per call into WebAssembly; larger batches are verified in chunks of this size. */
  readonly maxBatch: number;
  /** Message bytes per chunk; a chunk is cut early when its messages would not fit. */
  readonly arenaBytes: number;
}

const SIG = 64;
const KEY = 32;
/** Status codes of malformed items, above every scheme's own codes. */
const BAD_ITEM = 250;
const BAD_TYPE = 251;
const BAD_LENGTH = 252;
const SHAPE_REASONS: readonly string[] = ['bad-item', 'bad-type', 'bad-length'];

/**
 * Writes items straight into the module's batch layout (one copy of each byte) and reads verdicts back.
 * Allocates nothing per item: the result arrays are the only allocation per batch.
 */
export class BatchDriver {
  readonly #x: VerifierExports;
  readonly #scheme: SchemeKernels;
  #capacity: Capacity;
  #view: Uint8Array;
  #u32: Uint32Array;
  #sigs = 0;
  #keys = 0;
  #offsets = 0;
  #lengths = 0;
  #arena = 0;
  #rand = 0;
  #status = 0;
  /** Item index of each layout slot in the current chunk. */
  #slotItem: Int32Array;
  #closed = false;

  constructor(x: VerifierExports, scheme: SchemeKernels, capacity: Capacity) {
    this.#x = x;
    this.#scheme = scheme;
    this.#capacity = capacity;
    this.#slotItem = new Int32Array(capacity.maxBatch);
    this.#view = new Uint8Array(x.memory.buffer);
    this.#u32 = new Uint32Array(x.memory.buffer);
    this.#reserve(capacity);
  }

  #reserve(c: Capacity): void {
    this.#x.reserveLayout(c.maxBatch, c.arenaBytes);
    this.#capacity = c;
    this.#sigs = this.#x.layoutSigs();
    this.#keys = this.#x.layoutKeys();
    this.#offsets = this.#x.layoutMsgOffsets();
    this.#lengths = this.#x.layoutMsgLengths();
    this.#arena = this.#x.layoutArena();
    this.#rand = this.#x.layoutRand();
    this.#status = this.#x.layoutStatus();
    this.#refresh();
  }

  /** Views over the module's memory, renewed only when it has grown. */
  #refresh(): void {
    if (this.#view.buffer !== this.#x.memory.buffer) {
      this.#view = new Uint8Array(this.#x.memory.buffer);
      this.#u32 = new Uint32Array(this.#x.memory.buffer);
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error(`${this.#scheme.name} verifier: used after close()`);
  }

  /** A status code when the item's shape is wrong (before any cryptography), else 0. */
  static shapeError(item: BatchItem | undefined): number {
    if (item === null || typeof item !== 'object') return BAD_ITEM;
    return BatchDriver.shapeOf(item.signature, item.message, item.publicKey);
  }

  static shapeOf(signature: unknown, message: unknown, publicKey: unknown): number {
    if (!(signature instanceof Uint8Array) || !(message instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) {
      return BAD_TYPE;
    }
    if (signature.length !== SIG || publicKey.length !== KEY) return BAD_LENGTH;
    return 0;
  }

  /** The reason for a status code (undefined for valid). */
  reasonOf(code: number): string | undefined {
    return code >= BAD_ITEM ? SHAPE_REASONS[code - BAD_ITEM] : this.#scheme.reasons[code];
  }

  /** Grows the arena (once, by doubling) for a message larger than the whole arena. */
  #fitMessage(length: number): void {
    if (length <= this.#capacity.arenaBytes) return;
    let bytes = this.#capacity.arenaBytes;
    while (bytes < length) bytes *= 2;
    this.#reserve({ maxBatch: this.#capacity.maxBatch, arenaBytes: bytes });
  }

  #write(slot: number, signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, arenaUsed: number): void {
    const view = this.#view;
    view.set(signature, this.#sigs + SIG * slot);
    view.set(publicKey, this.#keys + KEY * slot);
    view.set(message, this.#arena + arenaUsed);
    this.#u32[(this.#offsets >> 2) + slot] = arenaUsed;
    this.#u32[(this.#lengths >> 2) + slot] = message.length;
  }

  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
    this.#checkOpen();
    if (BatchDriver.shapeOf(signature, message, publicKey) !== 0) return false;
    this.#fitMessage(message.length);
    this.#refresh();
    this.#write(0, signature, message, publicKey, 0);
    return this.#scheme.verifyOne(0) === 0;
  }

  verifyBatch(items: readonly BatchItem[]): VerificationResult {
    const n = items.length;
    const codes = new Uint8Array(n);
    this.verifyBatchInto(items, codes);
    const valid = new Array<boolean>(n);
    const reasons = new Array<string | undefined>(n);
    const invalid: number[] = [];
    for (let i = 0; i < n; i++) {
      const code = codes[i] as number;
      valid[i] = code === 0;
      reasons[i] = this.reasonOf(code);
      if (code !== 0) invalid.push(i);
    }
    return { allValid: invalid.length === 0, valid, invalid, reasons };
  }

  /**
   * Writes one status code per item into codes (0 valid; reasonOf() names the others) and returns how many
   * are invalid. Allocates nothing: for callers that verify streams of batches.
   */
  verifyBatchInto(items: readonly BatchItem[], codes: Uint8Array): number {
    this.#checkOpen();
    const n = items.length;
    if (codes.length < n) throw new RangeError(`${this.#scheme.name} verifier: codes holds fewer than ${n} entries`);
    let slots = 0;
    let arenaUsed = 0;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const item = items[i];
      const shape = BatchDriver.shapeError(item);
      if (shape !== 0 || item === undefined) {
        codes[i] = shape;
        bad++;
        continue;
      }
      const length = item.message.length;
      if (slots === this.#capacity.maxBatch || arenaUsed + length > this.#capacity.arenaBytes) {
        bad += this.#run(slots, codes);
        slots = 0;
        arenaUsed = 0;
        this.#fitMessage(length);
      }
      this.#refresh();
      this.#write(slots, item.signature, item.message, item.publicKey, arenaUsed);
      this.#slotItem[slots++] = i;
      arenaUsed += length;
    }
    return bad + this.#run(slots, codes);
  }

  #run(count: number, codes: Uint8Array): number {
    if (count === 0) return 0;
    this.#refresh();
    // 16 random bytes per item and 16 for the batch's hashing seed, straight into the module's memory.
    const random = this.#view.subarray(this.#rand, this.#rand + 16 * count + 16);
    for (let at = 0; at < random.length; at += 65536) crypto.getRandomValues(random.subarray(at, at + 65536));
    if (count === 1) this.#view[this.#status] = this.#scheme.verifyOne(0);
    else this.#scheme.verifyBatch(count);
    this.#refresh();
    const status = this.#view;
    let bad = 0;
    for (let slot = 0; slot < count; slot++) {
      const code = status[this.#status + slot] as number;
      codes[this.#slotItem[slot] as number] = code;
      if (code !== 0) bad++;
    }
    return bad;
  }

  close(): void {
    this.#closed = true;
  }
}
