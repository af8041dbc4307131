import type { FieldMemory, PrimeField, ScalarField } from '@tallyio/field';
import type { CurveKernels, TablesExports } from './wasm.js';

/**
 * What the two curves share: a module instance, a transfer region, scalar loading and the MSM dispatch.
 * Handles are byte offsets into the module's memory; the `…Into`/`…At` methods trust them.
 */
export abstract class CurvePoints {
  readonly exports: TablesExports;
  readonly memory: FieldMemory;
  readonly scalars: ScalarField;
  readonly base: PrimeField;
  /** Largest MSM the preallocated scratch serves. */
  readonly maxPoints: number;
  /** Bytes of one point handle. */
  abstract readonly pointBytes: number;
  protected readonly io: number;
  protected readonly scalarScratch: number;

  readonly #find: CurveKernels['keyCacheFind'];
  readonly #admit: CurveKernels['keyCacheAdmit'];
  readonly #pin: CurveKernels['keyCachePin'];
  readonly #strausKeys: CurveKernels['strausKeys'];

  constructor(
    memory: FieldMemory,
    base: PrimeField,
    scalars: ScalarField,
    maxPoints: number,
    curve: 'secp256k1' | 'ed25519',
  ) {
    this.exports = memory.exports as TablesExports;
    const e = this.exports;
    this.#find = e[`${curve}_keyCacheFind`];
    this.#admit = e[`${curve}_keyCacheAdmit`];
    this.#pin = e[`${curve}_keyCachePin`];
    this.#strausKeys = e[`${curve}_strausKeys`];
    this.memory = memory;
    this.base = base;
    this.scalars = scalars;
    this.maxPoints = maxPoints;
    this.io = memory.alloc(64);
    this.scalarScratch = memory.alloc(36 * maxPoints);
  }

  /** Handle of `count` consecutive points. Never freed. */
  allocPoints(count = 1): number {
    return this.memory.alloc(count * this.pointBytes);
  }

  /** Handle of `count` consecutive scalars (36 bytes each). */
  allocScalars(count = 1): number {
    return this.memory.alloc(count * 36);
  }

  /**
   * Decodes through the per-key cache: the slot (≥ 0) when the key's tables are cached (a hit, or admitted
   * now on its second sighting), −1 when decoded but not cached, or −1 − code for a decoding failure. The
   * cache key is the encoding plus `tag` (e.g. the decoding mode), so differently decoded keys never mix.
   */
  protected decodeThroughCache(
    h: number,
    key: Uint8Array,
    tag: number,
    decode: (h: number, io: number) => number,
  ): number {
    const io = this.stage(key);
    this.memory.bytes[io + key.length] = tag;
    const len = key.length + 1;
    const slot = this.#find(io, len, h);
    if (slot >= 0) return slot;
    const code = decode(h, io);
    if (code !== 0) return -1 - code;
    return this.#admit(io, len, h);
  }

  /**
   * Pins the cache while one batch is assembled: slots handed out after pinning are not evicted until
   * unpinned, so every slot number returned meanwhile stays valid for the batch's combination.
   */
  pinKeyCache(on: boolean): void {
    this.#pin(on ? 1 : 0);
  }

  /**
   * out = g·Base + Σ scalars_i·points_i (n fresh handles) + Σ keyScalars_j·K_j (m cached keys given by slot
   * numbers in an Int32 region at keySlots), sharing one chain of doublings; n + m ≤ maxPoints; g = 0 for none.
   */
  linearCombinationKeysInto(
    out: number,
    g: number,
    points: number,
    scalars: number,
    n: number,
    keySlots: number,
    keyScalars: number,
    m: number,
  ): void {
    this.#strausKeys(out, points, scalars, n, keySlots, keyScalars, m, g);
  }

  #scratchPoint = 0;
  #batchPoints = 0;

  /** One point handle of scratch for the convenience methods, allocated on first use. */
  protected scratchPoint(): number {
    this.#scratchPoint ||= this.allocPoints();
    return this.#scratchPoint;
  }

  /** maxPoints point handles of scratch for the convenience methods' MSMs, allocated on first use. */
  protected batchPoints(): number {
    this.#batchPoints ||= this.allocPoints(this.maxPoints);
    return this.#batchPoints;
  }

  /** Copies bytes into the transfer region and returns its offset. Overwritten by the next call. */
  protected stage(bytes: Uint8Array): number {
    this.memory.bytes.set(bytes, this.io);
    return this.io;
  }

  protected readIo(length: number): Uint8Array {
    return this.memory.bytes.slice(this.io, this.io + length);
  }

  /** Loads a 32-byte scalar of any value (reduced mod the group order) into handle h. */
  abstract loadScalarInto(h: number, bytes: Uint8Array): boolean;

  /** out = Σ scalar_i·point_i over n consecutive handles, by the faster method for n. */
  abstract msmInto(out: number, points: number, scalars: number, n: number): void;

  /**
   * out = g·Base + Σ scalar_i·point_i by Straus with the base point's precomputed table (g a scalar handle,
   * or 0 for none). For single verifications and other small sums that include the base point.
   */
  abstract linearCombinationInto(out: number, g: number, points: number, scalars: number, n: number): void;
}
