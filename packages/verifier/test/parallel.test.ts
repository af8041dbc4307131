// Worker threads: verdicts identical to the single-threaded verifier on random mixes of valid and invalid items
// for both schemes, and every item answered exactly once when a worker is terminated mid-batch. The pool runs
// from dist/ (built before tests), since worker threads load compiled JavaScript.
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { createParallelVerifier } from '../dist/parallel/pool.js';
import { type BatchItem, createVerifier } from '../src/index.js';
import { flip, randomBytes } from './helpers.js';

function corpus(scheme: 'bip340' | 'ed25519', n: number): BatchItem[] {
  const keys = Array.from({ length: 40 }, () =>
    scheme === 'bip340' ? schnorr.utils.randomSecretKey() : ed25519.utils.randomSecretKey(),
  );
  return Array.from({ length: n }, (_, i) => {
    const message = randomBytes(i % 9 === 0 ? 500 : 32);
    const sk = keys[i % keys.length] as Uint8Array;
    const item =
      scheme === 'bip340'
        ? { signature: schnorr.sign(message, sk), message, publicKey: schnorr.getPublicKey(sk) }
        : { signature: ed25519.sign(message, sk), message, publicKey: ed25519.getPublicKey(sk) };
    if (i % 13 === 4) return flip(item, 'signature', i);
    if (i % 17 === 6) return { ...item, publicKey: new Uint8Array(31) };
    return item;
  });
}

describe('parallel verifier', () => {
  for (const scheme of ['bip340', 'ed25519'] as const) {
    it(`${scheme}: verdicts and reasons equal the single-threaded verifier's`, async () => {
      const items = corpus(scheme, 1500);
      const single = await createVerifier({ scheme });
      const expected = single.verifyBatch(items);
      const pool = await createParallelVerifier({ scheme, threads: 2, chunk: 128 });
      const [a, b] = await Promise.all([pool.verifyBatch(items), pool.verifyBatch(items.slice(0, 300))]);
      expect(a).toEqual(expected);
      expect(b.valid).toEqual(expected.valid.slice(0, 300));
      expect((await pool.verifyBatch([])).allValid).toBe(true);
      await pool.close();
      await expect(pool.verifyBatch(items)).rejects.toThrow(/after close/);
    });
  }

  it('a worker terminated mid-batch: every item still gets exactly one result', async () => {
    const items = corpus('bip340', 1200);
    const expected = (await createVerifier({ scheme: 'bip340' })).verifyBatch(items);
    const pool = await createParallelVerifier({ scheme: 'bip340', threads: 2, chunk: 64 });
    const running = pool.verifyBatch(items);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await pool.workers[0]?.terminate();
    const r = await running;
    expect(r.valid).toEqual(expected.valid);
    expect(r.reasons).toEqual(expected.reasons);
    // and the pool keeps working with the replacement thread
    expect((await pool.verifyBatch(items.slice(0, 100))).valid).toEqual(expected.valid.slice(0, 100));
    await pool.close();
  });
});

describe('parallel verifier close()', () => {
  it('lets calls under way finish, then rejects new ones', async () => {
    const items = corpus('ed25519', 600);
    const pool = await createParallelVerifier({ scheme: 'ed25519', threads: 2, chunk: 64 });
    const running = [pool.verifyBatch(items), pool.verifyBatch(items.slice(0, 200))];
    const closing = pool.close();
    const [a, b] = await Promise.all(running);
    await closing;
    expect(a?.valid).toHaveLength(600);
    expect(b?.valid).toEqual(a?.valid.slice(0, 200));
    await expect(pool.verifyBatch(items)).rejects.toThrow(/after close/);
  });
});
