// The hot path allocates no JS objects per signature: measured with the heap and GC counters, not assumed.
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { type BatchItem, createVerifier } from '../src/index.js';
import { randomBytes } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function items(scheme: 'bip340' | 'ed25519', n: number): BatchItem[] {
  return Array.from({ length: n }, () => {
    const message = randomBytes(32);
    if (scheme === 'bip340') {
      const sk = schnorr.utils.randomSecretKey();
      return { signature: schnorr.sign(message, sk), message, publicKey: schnorr.getPublicKey(sk) };
    }
    const sk = ed25519.utils.randomSecretKey();
    return { signature: ed25519.sign(message, sk), message, publicKey: ed25519.getPublicKey(sk) };
  });
}

describe('allocation in the steady state', () => {
  for (const scheme of ['bip340', 'ed25519'] as const) {
    it(`${scheme}: verifyBatchInto and verify allocate (next to) nothing per signature`, async () => {
      const v = await createVerifier({ scheme, maxBatch: 256 });
      const batch = items(scheme, 256);
      const codes = new Uint8Array(batch.length);
      const rounds = 20;
      // Warm-up: tiers of compilation, memory growth, caches; what they allocate is not per signature.
      for (let r = 0; r < 30; r++) expect(v.verifyBatchInto(batch, codes)).toBe(0);
      for (let r = 0; r < 4; r++)
        for (const it of batch) expect(v.verify(it.signature, it.message, it.publicKey)).toBe(true);
      // Five windows; a real per-signature allocation shows in every one, background compilation in a few.
      const perSignature: number[] = [];
      let gcs = 0;
      const obs = new PerformanceObserver((list) => {
        gcs += list.getEntries().length;
      });
      let invalid = 0;
      for (let window = 0; window < 5; window++) {
        gc();
        gcs = 0;
        obs.observe({ entryTypes: ['gc'] });
        const before = process.memoryUsage().heapUsed;
        for (let r = 0; r < rounds; r++) invalid += v.verifyBatchInto(batch, codes);
        for (const it of batch) if (!v.verify(it.signature, it.message, it.publicKey)) invalid++;
        const grown = process.memoryUsage().heapUsed - before;
        obs.disconnect();
        if (gcs === 0) perSignature.push(grown / (rounds * batch.length + batch.length));
      }
      expect(invalid).toBe(0);
      // The per-chunk view of the random region and what crypto.getRandomValues allocates (~0.6 KB a call,
      // 2 bytes per signature at 256) are the only allocations; a single object per signature would be ≥ 16.
      expect(perSignature.length).toBeGreaterThan(0);
      expect(Math.min(...perSignature)).toBeLessThan(8);
      v.close();
    });
  }
});
