import type { FixedBatch } from '@tallyio/batch';
import type { BatchItem, VerificationResult, VerifyReason } from './result.js';
import { openScheme, type SchemeOptions } from './scheme.js';
import { BatchDriver, type StreamOptions } from './verifier.js';

export { BIP340_REASONS, type Bip340Reason } from './bip340.js';
export { ED25519_REASONS, type Ed25519Reason } from './ed25519.js';
export {
  createFrostVerifier,
  type FrostResult,
  type FrostSession,
  type FrostSuite,
  type FrostVerifier,
  type FrostVerifierOptions,
  type Identifier,
  type RawFrostSession,
} from './frost.js';
export { ITEM_REASONS, type ItemReason } from './generated/spec.js';
export type { BatchItem, VerificationResult, VerifyReason } from './result.js';
export type { SchemeOptions } from './scheme.js';
export type { StreamOptions } from './verifier.js';
export { initWasm } from './wasm.js';

export type VerifierOptions = SchemeOptions & {
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
  reasonOf(code: number): VerifyReason | undefined;
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

const hex = (h: string) => Uint8Array.from(h.match(/../g) as string[], (b) => Number.parseInt(b, 16));
/** Two valid keys per scheme (the generator and its double: x-only G and 2G, B and 2B) for the warm-up below. */
const WARM_KEYS = {
  bip340: [
    '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
    'c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5',
  ],
  ed25519: [
    '5866666666666666666666666666666666666666666666666666666666666666',
    'c9a3f86aae465f0e56513864510f3997561fa2c9e85ea21dc2292309f3cd6022',
  ],
} as const;

/**
 * Three verifications when the verifier is made, of well-formed items that fail (R = the key's point, s = 1), so
 * that the first call a user makes costs about what later ones do: two with keys seen for the first time (the
 * path a new key takes, twice: the second run still cost about twice a later one), then the first key again,
 * which the key cache admits on this second sighting (the path of a cached key). In a fresh Node process the
 * first call took 1.25 ms against 0.17 ms for the second (lazily compiled JavaScript, WebAssembly's first runs).
 */
function warmUp(driver: BatchDriver, scheme: VerifierOptions['scheme']): void {
  const [first, second] = WARM_KEYS[scheme];
  for (const k of [first, second, first]) {
    const key = hex(k);
    const signature = new Uint8Array(64);
    signature.set(key);
    signature[scheme === 'bip340' ? 63 : 32] = 1;
    driver.verify(signature, new Uint8Array(32), key);
  }
}

/** A verifier with its own WebAssembly instance, precomputed tables and key cache. */
export async function createVerifier(options: VerifierOptions): Promise<Verifier> {
  const maxBatch = options.maxBatch ?? 1024;
  const arenaBytes = options.arenaBytes ?? 1 << 20;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('createVerifier: maxBatch must be ≥ 1');
  if (!Number.isInteger(arenaBytes) || arenaBytes < 1) throw new RangeError('createVerifier: arenaBytes must be ≥ 1');
  const { x, kernels } = await openScheme(options, maxBatch, options.keyCacheCapacity ?? 256);
  const driver = new BatchDriver(x, kernels, { maxBatch, arenaBytes });
  warmUp(driver, options.scheme);
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
