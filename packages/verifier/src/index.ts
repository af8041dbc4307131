import type { FixedBatch } from '@tallyio/batch';
import { BIP340_REASONS } from './bip340.js';
import { ED25519_REASONS } from './ed25519.js';
import type { BatchItem, VerificationResult } from './result.js';
import { BatchDriver, type SchemeKernels, type StreamOptions } from './verifier.js';
import { instantiateVerifierModule } from './wasm.js';

export { BIP340_REASONS } from './bip340.js';
export { ED25519_REASONS } from './ed25519.js';
export type { BatchItem, VerificationResult } from './result.js';
export type { StreamOptions } from './verifier.js';

export type VerifierOptions = (
  | { readonly scheme: 'bip340' }
  | { readonly scheme: 'ed25519'; readonly mode?: 'zip215' | 'strict' }
) & {
  /** Items per call into WebAssembly (default 1024); larger batches run in chunks. */
  readonly maxBatch?: number;
  /** Message bytes per chunk (default 1 MiB); grown for a single larger message. */
  readonly arenaBytes?: number;
  /** Per-key cache slots (default 256; 0 disables). */
  readonly keyCacheCapacity?: number;
};

export interface Verifier {
  readonly scheme: 'bip340' | 'ed25519';
  /** Never throws on bytes: malformed input is simply invalid. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  verifyBatch(items: readonly BatchItem[]): VerificationResult;
  /**
   * Zero-allocation form: one status code per item into codes (0 = valid) and the number invalid;
   * reasonOf(code) names a code.
   */
  verifyBatchInto(items: readonly BatchItem[], codes: Uint8Array): number;
  reasonOf(code: number): string | undefined;
  /**
   * Streaming form: a FixedBatch (fields: 64-byte signature, 32-byte key; plus the message) in this
   * verifier's memory. `add([signature, publicKey], message)` copies an item in; when the batch is full it
   * verifies itself, reports through onVerified and clears. verifyFixedBatch() verifies what remains.
   */
  createBatch(options?: StreamOptions): FixedBatch;
  verifyFixedBatch(batch: FixedBatch, codes: Uint8Array): number;
  /** Releases the instance; later calls throw. */
  close(): void;
}

/** A verifier with its own WebAssembly instance, precomputed tables and key cache. */
export async function createVerifier(options: VerifierOptions): Promise<Verifier> {
  const maxBatch = options.maxBatch ?? 1024;
  const arenaBytes = options.arenaBytes ?? 1 << 20;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('createVerifier: maxBatch must be ≥ 1');
  if (!Number.isInteger(arenaBytes) || arenaBytes < 1) throw new RangeError('createVerifier: arenaBytes must be ≥ 1');
  const x = await instantiateVerifierModule();
  const seed = crypto.getRandomValues(new Uint32Array(1))[0] as number;
  const keyCache = options.keyCacheCapacity ?? 256;
  let kernels: SchemeKernels;
  // Only the scheme's own curve gets its base table, scratch and key cache in this instance.
  if (options.scheme === 'bip340') {
    x.secp256k1_reserve(2 * maxBatch + 1);
    x.secp256k1_initBase();
    if (keyCache > 0) x.secp256k1_keyCacheInit(keyCache, seed);
    kernels = {
      name: 'bip340',
      reasons: BIP340_REASONS,
      verifyOne: x.verifyOneBip340,
      verifyBatch: x.verifyBatchBip340,
    };
  } else if (options.scheme === 'ed25519') {
    const mode = options.mode ?? 'zip215';
    if (mode !== 'zip215' && mode !== 'strict') throw new Error(`createVerifier: unknown ed25519 mode ${String(mode)}`);
    const strict = mode === 'strict' ? 1 : 0;
    x.ed25519_reserve(2 * maxBatch + 1);
    x.ed25519_initBase();
    if (keyCache > 0) x.ed25519_keyCacheInit(keyCache, seed);
    kernels = {
      name: `ed25519 (${mode})`,
      reasons: ED25519_REASONS,
      verifyOne: (i) => x.verifyOneEd25519(i, strict),
      verifyBatch: (n) => x.verifyBatchEd25519(n, strict),
    };
  } else {
    throw new Error(`createVerifier: unknown scheme ${String((options as { scheme: unknown }).scheme)}`);
  }
  const driver = new BatchDriver(x, kernels, { maxBatch, arenaBytes });
  if (options.scheme === 'bip340') x.reserveBip340();
  else x.reserveEd25519();
  return {
    scheme: options.scheme,
    verify: (s, m, k) => driver.verify(s, m, k),
    verifyBatch: (items) => driver.verifyBatch(items),
    verifyBatchInto: (items, codes) => driver.verifyBatchInto(items, codes),
    reasonOf: (code) => driver.reasonOf(code),
    createBatch: (o) => driver.createBatch(o),
    verifyFixedBatch: (b, codes) => driver.verifyFixedBatch(b, codes),
    close: () => driver.close(),
  };
}
