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

  /** A reason when the item's shape is wrong, before any cryptography. */
  static shapeError(item: BatchItem | undefined): string | undefined {
    if (item === null || typeof item !== 'object') return 'bad-item';
    const { signature, message, publicKey } = item;
    if (!(signature instanceof Uint8Array) || !(message instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) {
      return 'bad-type';
    }
    if (signature.length !== SIG || publicKey.length !== KEY) return 'bad-length';
    return undefined;
  }

  /** Grows the arena (once, by doubling) for a message larger than the whole arena. */
  #fitMessage(length: number): void {
    if (length <= this.#capacity.arenaBytes) return;
    let bytes = this.#capacity.arenaBytes;
    while (bytes < length) bytes *= 2;
    this.#reserve({ maxBatch: this.#capacity.maxBatch, arenaBytes: bytes });
  }

  #write(slot: number, item: BatchItem, arenaUsed: number): void {
    const view = this.#view;
    view.set(item.signature, this.#sigs + SIG * slot);
    view.set(item.publicKey, this.#keys + KEY * slot);
    view.set(item.message, this.#arena + arenaUsed);
    this.#u32[(this.#offsets >> 2) + slot] = arenaUsed;
    this.#u32[(this.#lengths >> 2) + slot] = item.message.length;
  }

  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
    this.#checkOpen();
    const item = { signature, message, publicKey };
    if (BatchDriver.shapeError(item) !== undefined) return false;
    this.#fitMessage(message.length);
    this.#refresh();
    this.#write(0, item, 0);
    return this.#scheme.verifyOne(0) === 0;
  }

  verifyBatch(items: readonly BatchItem[]): VerificationResult {
    this.#checkOpen();
    const n = items.length;
    const valid = new Array<boolean>(n);
    const reasons = new Array<string | undefined>(n);
    let slots = 0;
    let arenaUsed = 0;
    for (let i = 0; i < n; i++) {
      const item = items[i];
      const bad = BatchDriver.shapeError(item);
      if (bad !== undefined || item === undefined) {
        valid[i] = false;
        reasons[i] = bad;
        continue;
      }
      const length = item.message.length;
      if (slots === this.#capacity.maxBatch || arenaUsed + length > this.#capacity.arenaBytes) {
        this.#run(slots, valid, reasons);
        slots = 0;
        arenaUsed = 0;
        this.#fitMessage(length);
      }
      this.#refresh();
      this.#write(slots, item, arenaUsed);
      this.#slotItem[slots++] = i;
      arenaUsed += length;
    }
    this.#run(slots, valid, reasons);
    const invalid: number[] = [];
    for (let i = 0; i < n; i++) if (!valid[i]) invalid.push(i);
    return { allValid: invalid.length === 0, valid, invalid, reasons };
  }

  #run(count: number, valid: boolean[], reasons: (string | undefined)[]): void {
    if (count === 0) return;
    this.#refresh();
    // 16 random bytes per item and 16 for the batch's hashing seed, straight into the module's memory.
    const random = this.#view.subarray(this.#rand, this.#rand + 16 * count + 16);
    for (let at = 0; at < random.length; at += 65536) crypto.getRandomValues(random.subarray(at, at + 65536));
    if (count === 1) this.#view[this.#status] = this.#scheme.verifyOne(0);
    else this.#scheme.verifyBatch(count);
    this.#refresh();
    const status = this.#view;
    const reasonOf = this.#scheme.reasons;
    for (let slot = 0; slot < count; slot++) {
      const i = this.#slotItem[slot] as number;
      const code = status[this.#status + slot] as number;
      valid[i] = code === 0;
      reasons[i] = reasonOf[code];
    }
  }

  close(): void {
    this.#closed = true;
  }
}
