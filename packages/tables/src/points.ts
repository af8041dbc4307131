import type { FieldMemory, PrimeField, ScalarField } from '@tallyio/field';
import type { TablesExports } from './wasm.js';

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

  constructor(memory: FieldMemory, base: PrimeField, scalars: ScalarField, maxPoints: number) {
    this.exports = memory.exports as TablesExports;
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
