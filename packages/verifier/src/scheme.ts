import { BIP340_REASONS } from './bip340.js';
import { ED25519_REASONS } from './ed25519.js';
import { randomValues } from './random.js';
import type { VerifyReason } from './result.js';
import type { SchemeKernels } from './verifier.js';
import { instantiateVerifierModule, type VerifierExports } from './wasm.js';

export type SchemeOptions =
  | { readonly scheme: 'bip340' }
  | { readonly scheme: 'ed25519'; readonly mode?: 'zip215' | 'strict' };

/** One curve's scratch for sums of a batch's 2·maxBatch + 1 points, its base table and its key cache. */
function prepareCurve(
  x: VerifierExports,
  curve: 'secp256k1' | 'ed25519',
  maxBatch: number,
  keyCache: number,
  seed: number,
): void {
  x[`${curve}_reserve`](2 * maxBatch + 1);
  x[`${curve}_initBase`]();
  if (keyCache > 0) x[`${curve}_keyCacheInit`](keyCache, seed);
}

/**
 * A fresh module instance ready for one scheme: scratch for batches of up to maxBatch items, the scheme's own
 * base table and key cache (nothing for the other curve), and its kernels.
 */
export async function openScheme(
  options: SchemeOptions,
  maxBatch: number,
  keyCache: number,
): Promise<{ x: VerifierExports; kernels: SchemeKernels }> {
  const x = await instantiateVerifierModule();
  const seed = randomValues(new Uint32Array(1))[0] as number;
  x.reserveLayout(maxBatch);
  if (options.scheme === 'bip340') {
    prepareCurve(x, 'secp256k1', maxBatch, keyCache, seed);
    x.reserveBip340();
    return {
      x,
      kernels: {
        name: 'bip340',
        reasons: BIP340_REASONS,
        verifyOne: x.verifyOneBip340,
        verifyBatch: x.verifyBatchBip340,
      },
    };
  }
  if (options.scheme === 'ed25519') {
    const mode = options.mode ?? 'zip215';
    if (mode !== 'zip215' && mode !== 'strict') throw new Error(`ed25519: unknown mode ${String(mode)}`);
    const strict = mode === 'strict' ? 1 : 0;
    prepareCurve(x, 'ed25519', maxBatch, keyCache, seed);
    x.reserveEd25519();
    return {
      x,
      kernels: {
        name: `ed25519 (${mode})`,
        reasons: ED25519_REASONS,
        verifyOne: (i) => x.verifyOneEd25519(i, strict),
        verifyBatch: (n) => x.verifyBatchEd25519(n, strict),
      },
    };
  }
  throw new Error(`unknown scheme ${String((options as { scheme: unknown }).scheme)}`);
}

/** The names of a scheme's status codes. */
export function reasonsOf(options: SchemeOptions): readonly (VerifyReason | undefined)[] {
  return options.scheme === 'bip340' ? BIP340_REASONS : ED25519_REASONS;
}
