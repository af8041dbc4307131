// Ed25519 in both modes: the RFC 8032 vectors (vectors/rfc8032), a differential run against
// @noble/curves' ed25519.verify with zip215 true and false on random and mutated items (small-order and
// non-canonical points, keys with a torsion component, s + l, keys off the curve), single and batched, and
// pinpointing of every bad item.
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BatchItem, createVerifier, type Verifier } from '../src/index.js';
import { expectPinpointed, expectVerdicts, mutatedCorpus, signedBy } from './differential.js';
import { DIFF_ITEMS, flip, hexBytes, randomBytes, readVector, shuffled } from './helpers.js';

const P = ed25519.Point;
const l = P.Fn.ORDER;
const p = P.Fp.ORDER;
const le = (x: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));
const leToBig = (b: Uint8Array) => [...b].reverse().reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
const torsion = ED25519_TORSION_SUBGROUP.map((h) => hexBytes(h));

const verifiers: Record<'zip215' | 'strict', Verifier> = {} as Record<'zip215' | 'strict', Verifier>;
beforeAll(async () => {
  verifiers.zip215 = await createVerifier({ scheme: 'ed25519' });
  verifiers.strict = await createVerifier({ scheme: 'ed25519', mode: 'strict' });
});

const noble = (it: BatchItem, zip215: boolean): boolean => {
  try {
    return ed25519.verify(it.signature, it.message, it.publicKey, { zip215 });
  } catch {
    return false;
  }
};

const signed = signedBy(ed25519);

/** y + p as a 255-bit encoding when it fits: the same point, non-canonically. */
function nonCanonical(enc: Uint8Array): Uint8Array | undefined {
  const y = leToBig(enc) & ((1n << 255n) - 1n);
  if (y + p >= 1n << 255n) return undefined;
  const out = le(y + p);
  out[31] = (out[31] as number) | ((enc[31] as number) & 0x80);
  return out;
}

describe('RFC 8032 vectors', () => {
  const vectors: { name: string; message: string; publicKey: string; signature: string }[] = JSON.parse(
    readVector('rfc8032/ed25519.json'),
  );
  const items = vectors.map((x) => ({
    signature: hexBytes(x.signature),
    message: hexBytes(x.message),
    publicKey: hexBytes(x.publicKey),
  }));
  for (const mode of ['zip215', 'strict'] as const) {
    it(`${mode}: all verify, singly and in batches with random valid items`, () => {
      const v = verifiers[mode];
      expect(items.length).toBeGreaterThanOrEqual(5);
      for (const it of items) expect(v.verify(it.signature, it.message, it.publicKey)).toBe(true);
      const filler = Array.from({ length: 30 }, () => signed());
      const mixed = shuffled([...filler, ...items, ...items.map((x) => flip(x, 'signature', 9))]);
      expect(v.verifyBatch(mixed).valid).toEqual(mixed.map((x) => items.includes(x) || filler.includes(x)));
    });
  }
});

describe('differential against noble ed25519.verify', () => {
  function corpus(count: number): BatchItem[] {
    const out = mutatedCorpus(count, ed25519, 3, (good, k) => {
      const r = good.signature.subarray(0, 32);
      const s = leToBig(good.signature.subarray(32));
      const sig = (rr: Uint8Array, ss: bigint) => Uint8Array.from([...rr, ...le(ss)]);
      const t = torsion[1 + (k % 7)] as Uint8Array;
      const dirtyKey = P.fromBytes(good.publicKey).add(P.fromBytes(t)).toBytes();
      const ncKey = nonCanonical(good.publicKey);
      const ncR = nonCanonical(r);
      return [
        { ...good, signature: sig(r, s + l) },
        { ...good, publicKey: t },
        { ...good, signature: sig(t, s) },
        { ...good, publicKey: dirtyKey },
        { ...good, publicKey: le(2n) },
        ...(ncKey ? [{ ...good, publicKey: ncKey }] : []),
        ...(ncR ? [{ ...good, signature: sig(ncR, s) }] : []),
        { ...good, signature: good.signature.subarray(1) },
      ];
    });
    // Signatures that are valid only through the cofactor or only under ZIP 215.
    const sk = ed25519.utils.randomSecretKey();
    const pk = P.fromBytes(ed25519.getPublicKey(sk));
    for (const t of torsion) {
      const message = randomBytes(8);
      const base = ed25519.sign(message, sk);
      const rDirty = P.fromBytes(base.subarray(0, 32)).add(P.fromBytes(t)).toBytes();
      out.push({ signature: Uint8Array.from([...rDirty, ...base.subarray(32)]), message, publicKey: pk.toBytes() });
    }
    return shuffled(out);
  }

  for (const mode of ['zip215', 'strict'] as const) {
    it(`${mode}: ${DIFF_ITEMS} items, every single and batch verdict equals noble's`, () => {
      const v = verifiers[mode];
      const items = corpus(DIFF_ITEMS);
      const expected = items.map((it) => noble(it, mode === 'zip215'));
      expectVerdicts(v, items, expected, [2, 9, 64, 300, 1024, 3000], 3);
    });
  }
});

describe('pinpointing and soundness', () => {
  const pool = Array.from({ length: 64 }, () => signed());

  it('two invalid signatures whose errors cancel without random weights are both rejected', () => {
    const [a, b] = [signed(), signed()] as [BatchItem, BatchItem];
    const shift = (it: BatchItem, d: bigint) => {
      const s = (leToBig(it.signature.subarray(32)) + d + l) % l;
      return { ...it, signature: Uint8Array.from([...it.signature.subarray(0, 32), ...le(s)]) };
    };
    const r = verifiers.zip215.verifyBatch([...pool.slice(0, 9), shift(a, 999n), shift(b, -999n)]);
    expect(r.invalid).toEqual([9, 10]);
  });

  it('every single invalid item at every position of batches of 1…64 is pinpointed', () => {
    expectPinpointed(verifiers.zip215, pool, flip(pool[0] as BatchItem, 'message', 2));
  });

  it('reasons per mode', () => {
    const good = pool[1] as BatchItem;
    const s = leToBig(good.signature.subarray(32));
    const items = [
      { ...good, signature: Uint8Array.from([...good.signature.subarray(0, 32), ...le(s + l)]) },
      { ...good, publicKey: torsion[2] as Uint8Array },
      { ...good, publicKey: le(2n) },
      { ...good, publicKey: le(p) },
      good,
    ];
    expect(verifiers.strict.verifyBatch(items).reasons).toEqual([
      's>=l',
      'pubkey-small-order',
      'pubkey-not-on-curve',
      'pubkey-non-canonical',
      undefined,
    ]);
    expect(verifiers.zip215.verifyBatch(items).reasons.slice(0, 3)).toEqual([
      's>=l',
      'bad-signature',
      'pubkey-not-on-curve',
    ]);
  });
});
