// One module instance and the rows of the batch in its memory: events (JavaScript path) or lines (scanner) are
// prepared into rows, the BIP340 kernel verifies the rows, and each verdict is filed under its event.

import { fillRandomAt, nodeCrypto, randomValues } from '@tallyio/verifier/internal';
import { hexEquals, hexInto, serialize, shapeCode } from './event.js';
import { NostrCode, ScanCode } from './generated/spec.js';
import { instantiateNostrModule, type NostrExports } from './wasm.js';
import { MORE_ROOM, STAGE_BYTES, type WriteTarget, writeSerialization } from './writer.js';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

type Sha256Of = (bytes: Uint8Array) => Uint8Array;

/**
 * The runtime's own SHA-256 where it has one without an import (Node ≥ 20.16, Bun, Deno: node:crypto through
 * process.getBuiltinModule), else undefined. It runs on the CPU's SHA instructions: a 45 KB serialization takes
 * 34 µs against 338 µs in WebAssembly (which has none), and from about 256 bytes it is the faster one. The
 * one-event path uses it; batches keep to WebAssembly, which allocates nothing per event.
 */
function findRuntimeSha256(): Sha256Of | undefined {
  const crypto = nodeCrypto() as
    | {
        hash?: (alg: string, data: Uint8Array, encoding: 'buffer') => Uint8Array;
        createHash?: (alg: string) => { update(b: Uint8Array): { digest(): Uint8Array } };
      }
    | undefined;
  const hash = crypto?.hash;
  if (typeof hash === 'function') return (bytes) => hash('sha256', bytes, 'buffer');
  const createHash = crypto?.createHash;
  if (typeof createHash !== 'function') return undefined;
  return (bytes) => createHash('sha256').update(bytes).digest();
}
const nativeSha256 = findRuntimeSha256();
/** Serializations from this many bytes go to the runtime's SHA-256 (measured crossover 250–300: WebAssembly
 * takes about 0.4 µs a block, the runtime about 1.1 µs a call and 0.7 ns a byte). */
const NATIVE_SHA_MIN = 256;

export class EventEngine {
  readonly x: NostrExports;
  readonly maxBatch: number;
  readonly #sigs: number;
  readonly #keys: number;
  readonly #ids: number;
  #mem: Uint8Array;
  #scratch = 0;
  #scratchBytes = 0;
  #scratchView: Uint8Array;
  /** The serialization writer's view of the memory and its staging area (renewed with the memory). */
  readonly #target: { mem: Uint8Array; stage: number; stageView: Uint8Array } & WriteTarget;
  /** Where lines are copied for the scanner, and how many bytes fit. */
  #input = 0;
  #inputBytes = 0;
  /** Input index of each filled row. */
  readonly rowItem: Int32Array;
  rows = 0;
  closed = false;
  /** Whether the one-event path may hash long serializations with the runtime's SHA-256 (when it has one). */
  runtimeSha256 = true;

  private constructor(x: NostrExports, maxBatch: number) {
    this.x = x;
    this.maxBatch = maxBatch;
    this.#sigs = x.rowRegions(0);
    this.#keys = x.rowRegions(1);
    this.#ids = x.rowRegions(2);
    this.#mem = new Uint8Array(x.memory.buffer);
    this.#scratchView = this.#mem.subarray(0, 0);
    this.rowItem = new Int32Array(maxBatch);
    const stage = x.alloc(STAGE_BYTES);
    this.#target = { mem: this.#mem, stage, stageView: this.#mem, quoteUtf8: x.quoteUtf8 };
    this.#growScratch(1 << 16);
  }

  static async open(maxBatch: number, keyCacheCapacity: number): Promise<EventEngine> {
    const x = await instantiateNostrModule();
    const seed = randomValues(new Uint32Array(1))[0] as number;
    x.reserveLayout(maxBatch);
    x.secp256k1_reserve(2 * maxBatch + 1);
    x.secp256k1_initBase();
    if (keyCacheCapacity > 0) x.secp256k1_keyCacheInit(keyCacheCapacity, seed);
    x.reserveBip340();
    x.reserveRows(maxBatch);
    return new EventEngine(x, maxBatch);
  }

  /** The module's memory as bytes (a new view only after the memory grew). */
  bytes(): Uint8Array {
    if (this.#mem.buffer !== this.x.memory.buffer) this.#renewViews();
    return this.#mem;
  }

  #renewViews(): void {
    this.#mem = new Uint8Array(this.x.memory.buffer);
    this.#scratchView = this.#mem.subarray(this.#scratch, this.#scratch + this.#scratchBytes);
    const t = this.#target;
    t.mem = this.#mem;
    t.stageView = this.#mem.subarray(t.stage, t.stage + STAGE_BYTES);
  }

  #growScratch(bytes: number): void {
    let size = Math.max(this.#scratchBytes, 1 << 16);
    while (size < bytes) size *= 2;
    this.#scratch = this.x.alloc(size);
    this.#scratchBytes = size;
    this.#renewViews();
  }

  /** The NIP-01 serialization of an event that passed shapeCode, as UTF-8 at the scratch; its length. */
  #serialize(e: Record<string, unknown>): number {
    while (true) {
      this.bytes();
      // 16 bytes of slack for the quoting's vector stores.
      const n = writeSerialization(this.#target, e, this.#scratch, this.#scratch + this.#scratchBytes - 16);
      if (n >= 0) return n;
      if (n === MORE_ROOM) {
        this.#growScratch(2 * this.#scratchBytes);
        continue;
      }
      // HAND_BACK: JSON.stringify writes it; its UTF-8 takes at most 3 bytes per UTF-16 unit.
      const text = serialize(e);
      if (3 * text.length > this.#scratchBytes) this.#growScratch(3 * text.length);
      this.bytes();
      return encoder.encodeInto(text, this.#scratchView).written;
    }
  }

  /** Hashes the NIP-01 serialization of an event that passed shapeCode into row's id. */
  #hashInto(e: Record<string, unknown>, row: number): void {
    const n = this.#serialize(e);
    if (this.runtimeSha256 && nativeSha256 !== undefined && n >= NATIVE_SHA_MIN) {
      const mem = this.bytes();
      mem.set(nativeSha256(mem.subarray(this.#scratch, this.#scratch + n)), this.#ids + 32 * row);
      return;
    }
    this.x.sha256(this.#ids + 32 * row, this.#scratch, n);
  }

  /** The event's NIP-01 id into row's id slot; false when the event is malformed. */
  hashEvent(event: unknown, row: number): boolean {
    if (shapeCode(event) !== 0) return false;
    this.#hashInto(event as Record<string, unknown>, row);
    return true;
  }

  /** The 32-byte id in a row (a view, overwritten by the next batch). */
  idAt(row: number): Uint8Array {
    const at = this.#ids + 32 * row;
    return this.bytes().subarray(at, at + 32);
  }

  sigAt(row: number): Uint8Array {
    const at = this.#sigs + 64 * row;
    return this.bytes().subarray(at, at + 64);
  }

  keyAt(row: number): Uint8Array {
    const at = this.#keys + 32 * row;
    return this.bytes().subarray(at, at + 32);
  }

  /**
   * JavaScript path: checks the event as nostr-tools does, hashes it, compares the id and decodes the key and
   * signature into row. ScanCode.PENDING when the row is ready for the kernel, else the reason's code.
   */
  prepare(event: unknown, row: number): number {
    const shape = shapeCode(event);
    if (shape !== 0) return shape;
    const e = event as Record<string, unknown>;
    this.#hashInto(e, row);
    const mem = this.bytes();
    const id = e.id;
    if (typeof id !== 'string' || id.length !== 64) return NostrCode.MALFORMED_ID;
    if (!hexEquals(id, mem, this.#ids + 32 * row, 32)) {
      return hexInto(id, 32, mem, this.#ids + 32 * row, false) ? NostrCode.ID_MISMATCH : NostrCode.MALFORMED_ID;
    }
    const sig = e.sig;
    if (typeof sig !== 'string' || !hexInto(sig, 64, mem, this.#sigs + 64 * row, true)) return NostrCode.MALFORMED_SIG;
    hexInto(e.pubkey as string, 32, mem, this.#keys + 32 * row, false);
    return ScanCode.PENDING;
  }

  /** One event alone: its code. */
  verifyOne(event: unknown): number {
    const code = this.prepare(event, 0);
    if (code !== ScanCode.PENDING) return code;
    return this.x.verifyOneBip340(0) === 0 ? NostrCode.VALID : NostrCode.BAD_SIGNATURE;
  }

  /** Starts a new batch of rows. */
  begin(): void {
    this.rows = 0;
    this.x.clearRows();
  }

  /**
   * Batch form of prepare: the serialization waits in the arena and is hashed with the other rows (four at a
   * time) when they are verified. ScanCode.ARENA_FULL when it does not fit now.
   */
  #prepareDeferred(event: unknown, row: number): number {
    const shape = shapeCode(event);
    if (shape !== 0) return shape;
    const e = event as Record<string, unknown>;
    const id = e.id;
    const sig = e.sig;
    const mem = this.bytes();
    const claimed = this.x.claimedAt(row);
    if (typeof id !== 'string' || !hexInto(id, 32, mem, claimed, false)) return NostrCode.MALFORMED_ID;
    // A malformed signature: the one-event path, which names the id first when it differs too.
    if (typeof sig !== 'string' || !hexInto(sig, 64, mem, this.#sigs + 64 * row, true)) return this.prepare(event, row);
    const n = this.#serialize(e);
    const at = this.x.arenaReserve(n);
    if (at === 0) return ScanCode.ARENA_FULL;
    this.bytes().copyWithin(at, this.#scratch, this.#scratch + n);
    this.x.deferRow(row, at, n);
    hexInto(e.pubkey as string, 32, this.bytes(), this.#keys + 32 * row, false);
    return ScanCode.PENDING;
  }

  /** Adds an event to the current rows (verifying them first when full); writes codes of those not pending. */
  add(event: unknown, index: number, codes: Uint8Array): void {
    if (this.rows === this.maxBatch) this.flush(codes);
    if (this.#inputBytes === 0) this.#growInput(1 << 20);
    let code = this.#prepareDeferred(event, this.rows);
    if (code === ScanCode.ARENA_FULL) {
      this.flush(codes);
      code = this.#prepareDeferred(event, this.rows);
      // Larger than the whole arena: hashed on its own.
      if (code === ScanCode.ARENA_FULL) code = this.prepare(event, this.rows);
    }
    if (code !== ScanCode.PENDING) {
      codes[index] = code;
      return;
    }
    this.rowItem[this.rows++] = index;
  }

  /** Verifies the rows filled so far and files each verdict under its input index. */
  flush(codes: Uint8Array): void {
    let n = this.rows;
    if (n === 0) return;
    const x = this.x;
    // Rows the scanner filled are hashed now, four at a time; those whose id differs leave the batch.
    if (x.hashRows(n) > 0) {
      let kept = 0;
      for (let r = 0; r < n; r++) {
        if (x.rowMismatch(r) !== 0) codes[this.rowItem[r] as number] = NostrCode.ID_MISMATCH;
        else {
          if (kept !== r) {
            x.moveRow(r, kept);
            this.rowItem[kept] = this.rowItem[r] as number;
          }
          kept++;
        }
      }
      n = kept;
      if (n === 0) {
        this.rows = 0;
        return;
      }
    }
    if (n === 1) {
      codes[this.rowItem[0] as number] = x.verifyOneBip340(0) === 0 ? NostrCode.VALID : NostrCode.BAD_SIGNATURE;
    } else {
      // 16 random bytes per row and 16 for the batch's hashing seed, straight into the module's memory.
      fillRandomAt(this.bytes(), x.layoutRand(), 16 * n + 16);
      x.verifyBatchBip340(n);
      const mem = this.bytes();
      const status = x.layoutStatus();
      for (let r = 0; r < n; r++)
        codes[this.rowItem[r] as number] = mem[status + r] === 0 ? NostrCode.VALID : NostrCode.BAD_SIGNATURE;
    }
    this.rows = 0;
  }

  #growInput(bytes: number): void {
    let size = Math.max(this.#inputBytes, 1 << 20);
    while (size < bytes) size *= 2;
    // 16 bytes of slack: the scanner reads whole 16-byte vectors only inside a line, but stays clear of the end.
    this.#input = this.x.alloc(size + 16);
    this.#inputBytes = size;
    this.x.reserveScan(size);
    this.bytes();
  }

  /**
   * The bytes form: lines are copied into the module's memory window by window, and each is read there by the
   * scanner; lines it hands back (ScanCode.FALLBACK) take the JavaScript path. Returns the number of lines. Allocates
   * no object per line.
   */
  addLines(bytes: Uint8Array, codes: Uint8Array): number {
    if (this.#inputBytes === 0) this.#growInput(1 << 20);
    const x = this.x;
    const total = bytes.length;
    let line = 0;
    let pos = 0;
    while (pos < total) {
      let stop = Math.min(total, pos + this.#inputBytes);
      if (stop < total) {
        const nl = bytes.lastIndexOf(10, stop - 1);
        if (nl < pos) {
          // One line longer than the window: a larger window.
          const next = bytes.indexOf(10, pos);
          this.#growInput((next < 0 ? total : next) - pos + 1);
          continue;
        }
        stop = nl + 1;
      }
      const input = this.#input;
      this.bytes().set(bytes.subarray(pos, stop), input);
      // Offsets in bytes from offsets in the module's copy of [pos, stop).
      const base = input - pos;
      let start = pos;
      while (start < stop) {
        const end = x.lineEnd(base + start, base + stop) - base;
        if (line >= codes.length) throw new RangeError('nostr verifier: codes holds fewer entries than lines');
        if (this.rows === this.maxBatch) this.flush(codes);
        let code = x.scanEventLine(base + start, base + end, this.rows);
        if (code === ScanCode.ARENA_FULL) {
          this.flush(codes);
          code = x.scanEventLine(base + start, base + end, this.rows);
        }
        if (code === ScanCode.PENDING) this.rowItem[this.rows++] = line;
        else if (code === ScanCode.FALLBACK) this.addLine(bytes, start, end, line, codes);
        else codes[line] = code;
        line++;
        start = end + 1;
      }
      pos = stop;
    }
    return line;
  }

  /** JavaScript path of one line of bytes: UTF-8, JSON, then an event or a relay message holding one. */
  addLine(bytes: Uint8Array, start: number, end: number, index: number, codes: Uint8Array): void {
    let text: string;
    try {
      // Browsers' TextDecoder refuses views of a SharedArrayBuffer (a pool's shared input): those are copied.
      const line = bytes.subarray(start, end);
      text = strictDecoder.decode(line.buffer instanceof ArrayBuffer ? line : line.slice());
    } catch {
      codes[index] = NostrCode.MALFORMED_UTF8;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      codes[index] = NostrCode.MALFORMED_JSON;
      return;
    }
    const event = eventOfMessage(value);
    if (event === undefined) codes[index] = NostrCode.MALFORMED_EVENT;
    else this.add(event, index, codes);
  }
}

/**
 * The event of a relay message ["EVENT", event] or ["EVENT", subscription, event] (undefined for another
 * array); any other value as it is.
 */
export function eventOfMessage(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (value[0] !== 'EVENT') return undefined;
  if (value.length === 2) return value[1];
  if (value.length === 3) return value[2];
  return undefined;
}
