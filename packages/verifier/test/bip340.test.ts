// BIP340: the 19 BIP vectors (vectors/bip340, bitcoin/bips), the BIP341 key-path spends
// (vectors/bip341), a differential run against @noble/curves' schnorr.verify on random and mutated
// items (single and batched verdicts), batch soundness and the pinpointing of every bad item.
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BatchItem, createVerifier, type Verifier } from '../src/index.js';
import { expectPinpointed, expectVerdicts, mutatedCorpus, signedBy } from './differential.js';
import {
  bigToBytesBE,
  bytesToBigBE,
  DIFF_ITEMS,
  flip,
  hexBytes,
  randomBytes,
  readVector,
  shuffled,
} from './helpers.js';

const n = secp256k1.Point.Fn.ORDER;
const p = secp256k1.Point.Fp.ORDER;
let v: Verifier;
beforeAll(async () => {
  v = await createVerifier({ scheme: 'bip340' });
});

const noble = (it: BatchItem): boolean => {
  try {
    return schnorr.verify(it.signature, it.message, it.publicKey);
  } catch {
    return false;
  }
};

const signed = signedBy(schnorr);

const vectors = readVector('bip340/test-vectors.csv')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [index, , key, , message, signature, result, comment] = line.split(',');
    return {
      index: Number(index),
      item: { signature: hexBytes(signature ?? ''), message: hexBytes(message ?? ''), publicKey: hexBytes(key ?? '') },
      expected: result === 'TRUE',
      comment,
    };
  });

describe('BIP340 test vectors', () => {
  it('has all 19', () => expect(vectors).toHaveLength(19));

  it.each(vectors)('vector $index single: $expected $comment', ({ item, expected }) => {
    expect(v.verify(item.signature, item.message, item.publicKey)).toBe(expected);
  });

  it('every vector inside batches of random valid items, at random positions', () => {
    const filler = Array.from({ length: 40 }, () => signed());
    for (let round = 0; round < 5; round++) {
      const items = shuffled([...filler, ...vectors.map((x) => x.item)]);
      const r = v.verifyBatch(items);
      expect(r.valid).toEqual(items.map((it) => vectors.find((x) => x.item === it)?.expected ?? true));
    }
  });

  it('names the reasons', () => {
    const r = v.verifyBatch(vectors.map((x) => x.item));
    expect(r.reasons[5]).toBe('pubkey-not-on-curve');
    expect(r.reasons[12]).toBe('r>=p');
    expect(r.reasons[13]).toBe('s>=n');
    expect(r.reasons[14]).toBe('pubkey>=p');
    expect(r.reasons[6]).toBe('bad-signature');
  });

  it('one item alone (verified without lifting R) gets the reason it gets in a batch', () => {
    const batch = v.verifyBatch(vectors.map((x) => x.item)).reasons;
    expect(batch[11]).toBe('r-not-on-curve');
    expect(vectors.map((x) => v.verifyBatch([x.item]).reasons[0])).toEqual(batch);
    // r not an x-coordinate on a valid key and signature otherwise
    const good = signed();
    for (let tries = 0, found = 0; found < 3 && tries < 100; tries++) {
      const sig = Uint8Array.from(good.signature);
      sig.set(randomBytes(32), 0);
      const x = bytesToBigBE(sig.subarray(0, 32));
      if (x >= p) continue;
      const lifts = (() => {
        try {
          secp256k1.Point.fromHex(`02${x.toString(16).padStart(64, '0')}`);
          return true;
        } catch {
          return false;
        }
      })();
      const item = { ...good, signature: sig };
      expect(v.verifyBatch([item]).reasons[0]).toBe(lifts ? 'bad-signature' : 'r-not-on-curve');
      if (!lifts) found++;
    }
  });
});

describe('BIP341 key-path spends (vectors/bip341)', () => {
  const data = JSON.parse(readVector('bip341/wallet-test-vectors.json'));
  const utxos: { scriptPubKey: string }[] = data.keyPathSpending[0].given.utxosSpent;
  const inputs = data.keyPathSpending[0].inputSpending as {
    given: { txinIndex: number };
    intermediary: { sigHash: string };
    expected: { witness: string[] };
  }[];
  const items = inputs.map((x) => ({
    signature: hexBytes(x.expected.witness[0] ?? '').subarray(0, 64),
    message: hexBytes(x.intermediary.sigHash),
    publicKey: hexBytes(utxos[x.given.txinIndex]?.scriptPubKey.slice(4) ?? ''),
  }));

  it('all seven verify, singly and together', () => {
    expect(items).toHaveLength(7);
    for (const it of items) expect(v.verify(it.signature, it.message, it.publicKey)).toBe(true);
    expect(v.verifyBatch([...items, ...items.map((x) => flip(x, 'message', 3))]).valid).toEqual([
      ...items.map(() => true),
      ...items.map(() => false),
    ]);
  });
});

describe('differential against noble schnorr.verify', () => {
  /** Valid items and every kind of mutation the issue lists. */
  function corpus(count: number): BatchItem[] {
    const out = mutatedCorpus(count, schnorr, 1, (good) => {
      const s = bytesToBigBE(good.signature.subarray(32));
      const r = good.signature.subarray(0, 32);
      const withS = (x: bigint) => ({ ...good, signature: Uint8Array.from([...r, ...bigToBytesBE(x)]) });
      const withR = (x: bigint) => ({
        ...good,
        signature: Uint8Array.from([...bigToBytesBE(x), ...good.signature.subarray(32)]),
      });
      return [
        withS(s + n),
        withS(0n),
        withR(p),
        withR(0n),
        { ...good, publicKey: bigToBytesBE(p + 1n) },
        { ...good, publicKey: bigToBytesBE(5n) },
        { ...good, signature: good.signature.subarray(0, 63) },
      ];
    });
    return shuffled(out).slice(0, count);
  }

  it(`${DIFF_ITEMS} items: every single and batch verdict equals noble's`, () => {
    const items = corpus(DIFF_ITEMS);
    expectVerdicts(v, items, items.map(noble), [2, 7, 64, 333, 1024, 2500], 4);
  });
});

describe('batch soundness and pinpointing', () => {
  const pool = Array.from({ length: 64 }, () => signed());

  it('two invalid signatures whose errors cancel without random weights are both rejected', () => {
    const [a, b] = [signed(), signed()] as [BatchItem, BatchItem];
    const delta = 12345678901234567890n;
    const shift = (it: BatchItem, d: bigint) => {
      const s = (bytesToBigBE(it.signature.subarray(32)) + d + n) % n;
      return { ...it, signature: Uint8Array.from([...it.signature.subarray(0, 32), ...bigToBytesBE(s)]) };
    };
    // Unweighted, s_a + δ and s_b − δ cancel in Σ (s_i·G − e_i·P_i − R_i).
    const r = v.verifyBatch([shift(a, delta), shift(b, -delta), ...pool.slice(0, 10)]);
    expect(r.invalid).toEqual([0, 1]);
  });

  it('every single invalid item at every position of batches of 1…64 is pinpointed', () => {
    expectPinpointed(v, pool, flip(pool[0] as BatchItem, 'message', 5), 'bad-signature');
  });

  it('0, 1, half and all invalid; the empty batch', () => {
    expect(v.verifyBatch([])).toEqual({ allValid: true, valid: [], invalid: [], reasons: [] });
    for (const badCount of [0, 1, 32, 64]) {
      const bad = new Set(shuffled(pool.map((_, i) => i)).slice(0, badCount));
      const items = pool.map((it, i) => (bad.has(i) ? flip(it, 'signature', 300) : it));
      const r = v.verifyBatch(items);
      expect(r.invalid).toEqual([...bad].sort((x, y) => x - y));
      expect(r.allValid).toBe(badCount === 0);
    }
  });

  it('malformed items get a reason and never throw', () => {
    const good = pool[0] as BatchItem;
    const items = [
      { ...good, signature: new Uint8Array(65) },
      { ...good, publicKey: new Uint8Array(33) },
      { ...good, message: 'hello' as unknown as Uint8Array },
      null as unknown as BatchItem,
      good,
    ];
    const r = v.verifyBatch(items);
    expect(r.valid).toEqual([false, false, false, false, true]);
    expect(r.reasons).toEqual(['bad-length', 'bad-length', 'bad-type', 'bad-item', undefined]);
    expect(v.verify(new Uint8Array(3), good.message, good.publicKey)).toBe(false);
  });

  it('batches larger than maxBatch and messages larger than the arena run in chunks', async () => {
    const small = await createVerifier({ scheme: 'bip340', maxBatch: 8, arenaBytes: 64 });
    const items = [...pool.slice(0, 20), signed(randomBytes(1000)), flip(pool[3] as BatchItem, 'message', 1)];
    const r = small.verifyBatch(items);
    expect(r.invalid).toEqual([21]);
    small.close();
    expect(() => small.verifyBatch(items)).toThrow(/after close/);
  });
});
