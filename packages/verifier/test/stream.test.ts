// The streaming form: a FixedBatch in the verifier's memory that verifies itself when full ("transparent
// verification"), with verdicts equal to verifyBatch's for every item.
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { BATCH_BAD_LENGTH } from '@tallyio/batch';
import { describe, expect, it } from 'vitest';
import { type BatchItem, createVerifier } from '../src/index.js';
import { flip, randomBytes } from './helpers.js';

function corpus(scheme: 'bip340' | 'ed25519', n: number): BatchItem[] {
  return Array.from({ length: n }, (_, i) => {
    const message = randomBytes(i % 5 === 0 ? 300 : 32);
    const sk = scheme === 'bip340' ? schnorr.utils.randomSecretKey() : ed25519.utils.randomSecretKey();
    const item =
      scheme === 'bip340'
        ? { signature: schnorr.sign(message, sk), message, publicKey: schnorr.getPublicKey(sk) }
        : { signature: ed25519.sign(message, sk), message, publicKey: ed25519.getPublicKey(sk) };
    return i % 7 === 3 ? flip(item, 'message', i) : item;
  });
}

describe('streaming FixedBatch', () => {
  for (const scheme of ['bip340', 'ed25519'] as const) {
    it(`${scheme}: verifies when full, reports every row, and agrees with verifyBatch`, async () => {
      const v = await createVerifier({ scheme, maxBatch: 64 });
      const items = corpus(scheme, 100);
      const seen: number[] = [];
      const batch = v.createBatch({
        capacity: 16,
        messageBytes: 2048,
        onVerified: (codes, count) => {
          for (let r = 0; r < count; r++) seen.push(codes[r] as number);
        },
      });
      const fields: Uint8Array[] = [];
      for (const it of items) {
        fields[0] = it.signature;
        fields[1] = it.publicKey;
        expect(batch.add(fields, it.message)).toBeGreaterThanOrEqual(0);
      }
      expect(seen.length).toBe(96);
      const rest = new Uint8Array(batch.count);
      v.verifyFixedBatch(batch, rest);
      seen.push(...rest);
      expect(seen.map((c) => c === 0)).toEqual(v.verifyBatch(items).valid);
      expect(seen.filter((c) => c !== 0).map((c) => v.reasonOf(c))).toEqual(
        items.filter((_, i) => i % 7 === 3).map(() => 'bad-signature'),
      );
      expect(batch.add([new Uint8Array(63), new Uint8Array(32)], new Uint8Array(1))).toBe(BATCH_BAD_LENGTH);
      v.close();
    });
  }

  it('refuses a batch from another verifier', async () => {
    const a = await createVerifier({ scheme: 'bip340', maxBatch: 8 });
    const b = await createVerifier({ scheme: 'bip340', maxBatch: 8 });
    expect(() => a.verifyFixedBatch(b.createBatch(), new Uint8Array(8))).toThrow(/not this verifier's/);
  });
});
