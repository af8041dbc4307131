// Verification per signature against every peer in one run: @noble/curves, tiny-secp256k1 (libsecp256k1 in
// WebAssembly), node:crypto Ed25519 and sodium-native (native libsodium), for batch sizes 1…4096.
// Key reuse is part of every case's name:
// - "cold keys": each call takes the next items of a pool of POOL distinct keys, the same items in the same order
//   for every implementation, so a key comes back only after POOL items, long after it left our key cache
//   (256 entries): every key is decoded as the peers decode it, on every call. node:crypto builds its KeyObject
//   from the key's bytes in the call. These are the headline rows.
// - "warm keys": our verifier on the same items again and again, every key in its cache (no peer caches keys;
//   a second verifier per scheme with room for 4096 keys, so that the rows of 1024 and 4096 are warm too);
//   "16 keys" and "one key": nostr-like reuse inside a batch.
import { verify as nodeVerify } from 'node:crypto';
import { createRequire } from 'node:module';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { type BatchItem, createVerifier, type Verifier } from '@tallyio/verifier';
import * as tiny from 'tiny-secp256k1';
import { type BenchOptions, type CaseResult, measureCase } from '../harness.js';

const require = createRequire(import.meta.url);
const sodium = require('sodium-native') as {
  crypto_sign_verify_detached(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean;
};

const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** n items with random 32-byte messages, signed in turn by `keys` distinct keys. */
function signedCorpus(
  n: number,
  keys: number,
  secretKey: () => Uint8Array,
  publicKey: (sk: Uint8Array) => Uint8Array,
  sign: (message: Uint8Array, sk: Uint8Array) => Uint8Array,
): BatchItem[] {
  const sks = Array.from({ length: Math.min(keys, n) }, () => secretKey());
  const pks = sks.map(publicKey);
  return Array.from({ length: n }, (_, i) => {
    const message = rnd(32);
    const k = i % sks.length;
    return { signature: sign(message, sks[k] as Uint8Array), message, publicKey: pks[k] as Uint8Array };
  });
}

/** n BIP340 items signed by `keys` distinct keys (tiny-secp256k1 signs fast). */
export function bip340Corpus(n: number, keys: number): BatchItem[] {
  return signedCorpus(
    n,
    keys,
    () => schnorr.utils.randomSecretKey(),
    (sk) => tiny.xOnlyPointFromScalar(sk),
    (message, sk) => tiny.signSchnorr(message, sk, rnd(32)),
  );
}

/** n Ed25519 items signed by `keys` distinct keys. */
export function ed25519Corpus(n: number, keys: number): BatchItem[] {
  return signedCorpus(
    n,
    keys,
    () => ed25519.utils.randomSecretKey(),
    (sk) => ed25519.getPublicKey(sk),
    (message, sk) => ed25519.sign(message, sk),
  );
}

/** Distinct keys every cold case rotates through: 32× the key cache and twice the largest batch (--quick: 8×). */
const POOL = 8192;
const QUICK_POOL = 2048;

/** A call that verifies the next window of n items each time it runs, cycling through the pool. */
function rotating<T>(pool: readonly T[], n: number, verify: (window: readonly T[]) => unknown): () => unknown {
  const windows = Array.from({ length: Math.floor(pool.length / n) }, (_, k) => pool.slice(k * n, (k + 1) * n));
  let k = 0;
  return () => verify(windows[k++ % windows.length] as readonly T[]);
}

const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');

export async function verifierSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const sizes = opts.quick ? [1, 64, 1024] : [1, 4, 16, 64, 256, 1024, 4096];
  const max = sizes[sizes.length - 1] as number;
  const pool = opts.quick ? QUICK_POOL : POOL;
  const bip = await createVerifier({ scheme: 'bip340', maxBatch: 4096 });
  const ed = await createVerifier({ scheme: 'ed25519', maxBatch: 4096 });
  // The cold rows' verifiers keep the default 256 keys (a larger doorkeeper would admit the pool's keys on their
  // second pass and build tables for them); the warm rows' hold every key of the largest batch.
  const bipWarmV = await createVerifier({ scheme: 'bip340', maxBatch: 4096, keyCacheCapacity: max });
  const edWarmV = await createVerifier({ scheme: 'ed25519', maxBatch: 4096, keyCacheCapacity: max });
  const measure = async (group: string, impl: string, fn: () => unknown, n: number) =>
    cases.push(await measureCase(group, impl, fn, n, opts));
  const ours = (v: Verifier) => (w: readonly BatchItem[]) =>
    w.length === 1
      ? v.verify(w[0]?.signature as Uint8Array, w[0]?.message as Uint8Array, w[0]?.publicKey as Uint8Array)
      : v.verifyBatch(w);

  const bipPool = bip340Corpus(pool, pool);
  const edPool = ed25519Corpus(pool, pool);
  if (!bip.verifyBatch(bipPool).allValid || !ed.verifyBatch(edPool).allValid)
    throw new Error('bench pool does not verify');
  const e0 = edPool[0] as BatchItem;
  if (!sodium.crypto_sign_verify_detached(e0.signature, e0.message, e0.publicKey)) {
    throw new Error('sodium-native binding did not verify');
  }
  for (const n of sizes) {
    const g = (scheme: string, reuse: string) => `${scheme} n=${n} ${reuse} (per signature)`;
    const bipCold = g('bip340', 'cold keys');
    await measure(bipCold, 'tallyio', rotating(bipPool, n, ours(bip)), n);
    await measure(
      bipCold,
      'tiny-secp256k1',
      rotating(bipPool, n, (w) => w.every((it) => tiny.verifySchnorr(it.message, it.publicKey, it.signature))),
      n,
    );
    if (n <= 64)
      await measure(
        bipCold,
        'noble',
        rotating(bipPool, n, (w) => w.every((it) => schnorr.verify(it.signature, it.message, it.publicKey))),
        n,
      );
    const edCold = g('ed25519', 'cold keys');
    await measure(edCold, 'tallyio', rotating(edPool, n, ours(ed)), n);
    await measure(
      edCold,
      'sodium-native',
      rotating(edPool, n, (w) =>
        w.every((it) => sodium.crypto_sign_verify_detached(it.signature, it.message, it.publicKey)),
      ),
      n,
    );
    await measure(
      edCold,
      'node:crypto',
      rotating(edPool, n, (w) =>
        w.every((it) =>
          nodeVerify(
            null,
            it.message,
            { key: Buffer.concat([ED25519_SPKI, it.publicKey]), format: 'der', type: 'spki' },
            it.signature,
          ),
        ),
      ),
      n,
    );
    if (n <= 64)
      await measure(
        edCold,
        'noble',
        rotating(edPool, n, (w) => w.every((it) => ed25519.verify(it.signature, it.message, it.publicKey))),
        n,
      );
    // The same first window again and again: every key in our cache.
    const [bipWarm, edWarm] = [bipPool.slice(0, n), edPool.slice(0, n)];
    const [oursBip, oursEd] = [ours(bipWarmV), ours(edWarmV)];
    await measure(g('bip340', 'warm keys'), 'tallyio', () => oursBip(bipWarm), n);
    await measure(g('ed25519', 'warm keys'), 'tallyio', () => oursEd(edWarm), n);
  }
  for (const [reuse, keyCount] of [
    ['16 keys', 16],
    ['one key', 1],
  ] as const) {
    const bc = bip340Corpus(max, keyCount);
    const ec = ed25519Corpus(max, keyCount);
    for (const n of sizes.filter((x) => x > 1)) {
      const [b, e] = [bc.slice(0, n), ec.slice(0, n)];
      await measure(`bip340 n=${n} ${reuse} (per signature)`, 'tallyio', () => bip.verifyBatch(b), n);
      await measure(`ed25519 n=${n} ${reuse} (per signature)`, 'tallyio', () => ed.verifyBatch(e), n);
    }
  }
  bip.close();
  ed.close();
  return cases;
}
