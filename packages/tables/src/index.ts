import { type Fields, fieldsOver } from '@tallyio/field';
import { Ed25519Points } from './ed25519.js';
import { Secp256k1Points } from './secp256k1.js';
import { instantiateTablesModule, type TablesExports } from './wasm.js';

export { ED25519_DECODE_REASONS, type Ed25519Mode, Ed25519Points } from './ed25519.js';
export { CurvePoints } from './points.js';
export { type AffinePoint, SECP256K1_DECODE_REASONS, Secp256k1Points } from './secp256k1.js';
export { initWasm, instantiateTablesModule, type TablesExports } from './wasm.js';

export interface TablesOptions {
  /** Largest MSM (points) the preallocated scratch must serve. Default 4096. */
  readonly maxPoints?: number;
  /**
   * Slots of each curve's per-key cache (decoded point and tables: about 9.2 KB per secp256k1 key, window 7
   * for K, 2^64·K and their λ-images; 7 KB per Ed25519 key, window 8; rounded up to a power of two, at least
   * 16). Default 256; 0 disables it.
   */
  readonly keyCacheCapacity?: number;
}

/** One module instance: both curves and the four fields over the same memory. */
export interface Tables {
  readonly secp256k1: Secp256k1Points;
  readonly ed25519: Ed25519Points;
  readonly fields: Fields;
  readonly exports: TablesExports;
}

/** Instantiates the tables module and sizes its scratch from maxPoints once (no allocation per call). */
export async function loadTables(options: TablesOptions = {}): Promise<Tables> {
  const maxPoints = options.maxPoints ?? 4096;
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError('loadTables: maxPoints must be ≥ 1');
  const exports = await instantiateTablesModule();
  const fields = fieldsOver(exports);
  exports.secp256k1_reserve(maxPoints);
  exports.ed25519_reserve(maxPoints);
  // The instance's own precomputed tables for G and B (about 1 ms each; nothing shared between instances).
  exports.secp256k1_initBase();
  exports.ed25519_initBase();
  const keyCache = options.keyCacheCapacity ?? 256;
  if (keyCache > 0) {
    const seeds = crypto.getRandomValues(new Uint32Array(2));
    exports.secp256k1_keyCacheInit(keyCache, seeds[0] as number);
    exports.ed25519_keyCacheInit(keyCache, seeds[1] as number);
  }
  return {
    secp256k1: new Secp256k1Points(fields.memory, fields.secp256k1P, fields.secp256k1N, maxPoints, 'secp256k1'),
    ed25519: new Ed25519Points(fields.memory, fields.ed25519P, fields.ed25519L, maxPoints, 'ed25519'),
    fields,
    exports,
  };
}
