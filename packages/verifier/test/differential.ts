// What the BIP340 and Ed25519 tests share: a differential corpus of valid and mutated items, verdicts compared one
// by one and in batches, and the pinpointing of one bad item anywhere in a batch.
import { expect } from 'vitest';
import type { BatchItem, Verifier, VerifyReason } from '../src/index.js';
import { flip, randomBytes } from './helpers.js';

/** What the tests use of a noble signature scheme (schnorr, ed25519). */
export interface NobleScheme {
  readonly utils: { randomSecretKey(): Uint8Array };
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  getPublicKey(secretKey: Uint8Array): Uint8Array;
}

/** Items signed by the scheme: with a random key and a random 32-byte message unless given. */
export const signedBy =
  (scheme: NobleScheme): ((message?: Uint8Array, sk?: Uint8Array) => BatchItem) =>
  (message = randomBytes(32), sk = scheme.utils.randomSecretKey()) => ({
    signature: scheme.sign(message, sk),
    message,
    publicKey: scheme.getPublicKey(sk),
  });

/**
 * At least `count` items, unshuffled: per round a valid item (messages of 32 bytes, none, 10 KiB and `short` bytes
 * in turn, keys from a pool of 24) twice, with a random bit flipped in each field, and the scheme's own `mutants`
 * of it (k: the items before them).
 */
export function mutatedCorpus(
  count: number,
  scheme: NobleScheme,
  short: number,
  mutants: (good: BatchItem, k: number) => BatchItem[],
): BatchItem[] {
  const signed = signedBy(scheme);
  const out: BatchItem[] = [];
  const keys = Array.from({ length: 24 }, () => scheme.utils.randomSecretKey());
  while (out.length < count) {
    const sk = keys[out.length % keys.length] as Uint8Array;
    const message = [randomBytes(32), new Uint8Array(0), randomBytes(10_240), randomBytes(short)][
      out.length % 4
    ] as Uint8Array;
    const good = signed(message, sk);
    out.push(
      good,
      good,
      flip(good, 'signature', Math.floor(Math.random() * 512)),
      flip(good, 'message', Math.floor(Math.random() * 256)),
      flip(good, 'publicKey', Math.floor(Math.random() * 256)),
      ...mutants(good, out.length),
    );
  }
  return out;
}

/**
 * v's verdicts equal `expected` (at least a tenth of them valid): one by one, and in batches of each size over the
 * first `chunks` batches of that size.
 */
export function expectVerdicts(
  v: Verifier,
  items: readonly BatchItem[],
  expected: readonly boolean[],
  sizes: readonly number[],
  chunks: number,
): void {
  expect(expected.filter(Boolean).length).toBeGreaterThan(items.length / 10);
  expect(items.map((it) => v.verify(it.signature, it.message, it.publicKey))).toEqual(expected);
  for (const size of sizes) {
    for (let at = 0; at < Math.min(items.length, chunks * size); at += size) {
      expect(v.verifyBatch(items.slice(at, at + size)).valid).toEqual(expected.slice(at, at + size));
    }
  }
}

/** `bad` at every position of batches of 1…64 items of `pool`: the only invalid one each time, for `reason` if given. */
export function expectPinpointed(v: Verifier, pool: readonly BatchItem[], bad: BatchItem, reason?: VerifyReason): void {
  for (let size = 1; size <= 64; size++) {
    for (let at = 0; at < size; at++) {
      const items = pool.slice(0, size);
      items[at] = bad;
      const r = v.verifyBatch(items);
      expect(r.invalid).toEqual([at]);
      if (reason !== undefined) expect(r.reasons[at]).toBe(reason);
    }
  }
}
