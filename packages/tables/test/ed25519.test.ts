// Ed25519 points against @noble/curves: decoding in zip215 and strict modes (every small-order and
// non-canonical encoding we can construct, random bytes, real keys), subgroup checks, and MSM equal to noble.
import { pippenger } from '@noble/curves/abstract/curve.js';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { bytesLE, hex, RUNS, randomBelow, randomBytes, tables } from './helpers.js';
import { edgeSums, expectBaseCombinations, randomSums } from './msm.js';

const P = ed25519.Point;
const l = P.Fn.ORDER;
const p = P.Fp.ORDER;
const E = tables.ed25519;

function noble(bytes: Uint8Array, zip215: boolean): string | undefined {
  try {
    return hex(P.fromBytes(bytes, zip215).toBytes());
  } catch {
    return undefined;
  }
}

/** Encodings of y with the sign bit set or not. */
const withSign = (y: bigint, sign: boolean): Uint8Array => {
  const b = bytesLE(y);
  if (sign) b[31] = (b[31] as number) | 0x80;
  return b;
};

const torsion = ED25519_TORSION_SUBGROUP.map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
// Non-canonical: y ≥ p (y = p + k for k < 19 fits in 255 bits), both signs; x = 0 with the sign bit.
const nonCanonical = [
  ...Array.from({ length: 19 }, (_, k) => [withSign(p + BigInt(k), false), withSign(p + BigInt(k), true)]).flat(),
  withSign(1n, true),
  withSign(p - 1n, true),
];
const torsionVariants = torsion.flatMap((t) => {
  const y = BigInt(`0x${hex(Uint8Array.from(t).reverse())}`) & ((1n << 255n) - 1n);
  const sign = ((t[31] as number) & 0x80) !== 0;
  return [t, withSign(y, !sign), ...(y + p < 2n ** 255n ? [withSign(y + p, sign), withSign(y + p, !sign)] : [])];
});

describe('ed25519 decoding matches noble Point.fromBytes', () => {
  const samples = [
    ...torsionVariants,
    ...nonCanonical,
    ...Array.from({ length: RUNS }, () => randomBytes(32)),
    ...Array.from({ length: RUNS }, () => ed25519.getPublicKey(ed25519.utils.randomSecretKey())),
  ];
  for (const mode of ['zip215', 'strict'] as const) {
    it(`${mode}: accept/reject and the decoded point`, () => {
      let accepted = 0;
      for (const bytes of samples) {
        const ours = E.decode(bytes, mode);
        const theirs = noble(bytes, mode === 'zip215');
        expect(ours.ok ? hex(ours.value) : undefined).toBe(theirs);
        if (ours.ok) accepted++;
      }
      expect(accepted).toBeGreaterThan(RUNS);
    });
  }

  it('decode2 (two encodings, square roots in two SIMD lanes) equals two single decodings', () => {
    const [src1, src2] = [E.memory.alloc(32), E.memory.alloc(32)];
    const [a1, a2, b1, b2] = [E.allocPoints(), E.allocPoints(), E.allocPoints(), E.allocPoints()];
    const point = (h: number) => hex(E.memory.bytes.slice(h, h + E.pointBytes));
    const pick = () => samples[Math.floor(Math.random() * samples.length)] as Uint8Array;
    for (const strict of [0, 1]) {
      for (let i = 0; i < 4 * RUNS; i++) {
        const [x, y] = [pick(), pick()];
        E.memory.bytes.set(x, src1);
        E.memory.bytes.set(y, src2);
        const c1 = tables.exports.ed25519_decode(a1, src1, strict);
        const c2 = tables.exports.ed25519_decode(a2, src2, strict);
        expect(tables.exports.ed25519_decode2(b1, src1, b2, src2, strict)).toBe(c1 | (c2 << 8));
        if (c1 === 0) expect(point(b1)).toBe(point(a1));
        if (c2 === 0) expect(point(b2)).toBe(point(a2));
      }
    }
  });

  it('names why an encoding is refused', () => {
    expect(E.decode(withSign(p, false), 'strict')).toEqual({
      ok: false,
      reason: 'ed25519: y is not below p (non-canonical encoding)',
    });
    expect(E.decode(withSign(1n, true), 'strict')).toEqual({
      ok: false,
      reason: 'ed25519: x is 0 but the sign bit is set',
    });
    expect(E.decode(withSign(2n, false), 'zip215')).toEqual({ ok: false, reason: 'ed25519: y is not on the curve' });
    expect(E.decode(new Uint8Array(31)).ok).toBe(false);
  });

  it('small order and subgroup membership', () => {
    const h = E.allocPoints();
    for (const t of torsion) {
      expect(E.decodeInto(h, t, 'zip215')).toBe(0);
      expect(E.isSmallOrderAt(h)).toBe(true);
      expect(E.isTorsionFreeAt(h)).toBe(hex(t) === hex(P.ZERO.toBytes()));
    }
    const key = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
    expect(E.decodeInto(h, key, 'strict')).toBe(0);
    expect(E.isSmallOrderAt(h)).toBe(false);
    expect(E.isTorsionFreeAt(h)).toBe(true);
    // key + a torsion point of order 8: neither small order nor in the subgroup
    const mixed = P.fromBytes(key)
      .add(P.fromBytes(torsion[1] as Uint8Array))
      .toBytes();
    expect(E.decodeInto(h, mixed, 'strict')).toBe(0);
    expect(E.isSmallOrderAt(h)).toBe(false);
    expect(E.isTorsionFreeAt(h)).toBe(false);
    const out = E.allocPoints();
    E.mulByCofactorInto(out, h);
    expect(hex(E.encode(out))).toBe(hex(P.fromBytes(mixed).clearCofactor().toBytes()));
    // Random keys plus each of the eight torsion points (orders 1, 2, 4 and 8): equal to noble's isTorsionFree.
    for (let round = 0; round < 8; round++) {
      const k = P.fromBytes(ed25519.getPublicKey(ed25519.utils.randomSecretKey()));
      for (const t of torsion) {
        const q = k.add(P.fromBytes(t));
        expect(E.decodeInto(h, q.toBytes(), 'zip215')).toBe(0);
        expect(E.isTorsionFreeAt(h)).toBe(q.isTorsionFree());
      }
    }
  });
});

describe('ed25519 MSM equals noble pippenger', () => {
  const pool = [
    ...Array.from({ length: 60 }, () => P.BASE.multiply(randomBelow(l - 1n) + 1n)),
    P.ZERO,
    ...torsion.slice(1, 4).map((t) => P.fromBytes(t)),
  ];
  const encoded = pool.map((pt) => pt.toBytes());
  const check = (idx: number[], scalars: bigint[]) => {
    const expected = pippenger(
      P,
      idx.map((i) => pool[i] as typeof P.BASE),
      scalars.map((s) => s % l),
    );
    const r = E.msm(
      idx.map((i) => encoded[i] as Uint8Array),
      scalars.map((s) => bytesLE(s)),
    );
    expect(r.ok && hex(r.value)).toBe(hex(expected.toBytes()));
  };
  randomSums(
    'n = %i: random points (identity and torsion among them) and scalars',
    [
      0, 1, 2, 3, 4, 7, 8, 16, 31, 32, 63, 64, 79, 80, 81, 111, 112, 127, 193, 256, 287, 288, 639, 640, 1024, 1535,
      1536, 2048,
    ],
    pool.length,
    l,
    check,
  );

  it('edge scalars: zero, one, l−1, ≥ l, 2^256−1, cancelling pairs', () => {
    edgeSums(check, [1, 8, 40, 200], 6, [0n, 1n, l - 1n, l, l + 3n, 2n ** 256n - 1n, 2n ** 252n]);
    check([2, 2], [999n, l - 999n]);
    // One point with one scalar throughout: every bucket addition of a window hits the same bucket.
    for (const size of [100, 300, 700])
      check(
        Array.from({ length: size }, () => 9),
        Array.from({ length: size }, () => 3n),
      );
    check(
      Array.from({ length: 700 }, () => 11),
      Array.from({ length: 700 }, (_, i) => (i % 2 ? 2n ** 252n + 12345n : l - 1n)),
    );
  });
});

describe('ed25519 with the base-point table', () => {
  it('k·B and g·B + Σ k_i·P_i equal noble', () => {
    for (const k of [0n, 1n, 2n, l - 1n, l, randomBelow(l)]) {
      expect(E.multiplyBase(bytesLE(k))).toEqual({ ok: true, value: P.BASE.multiplyUnsafe(k % l).toBytes() });
    }
    expectBaseCombinations(
      {
        points: E,
        base: P.BASE,
        order: l,
        scalar: (k) => bytesLE(k),
        decodeInto: (h, pt) => E.decodeInto(h, pt.toBytes(), 'strict'),
        encodeAt: (h) => hex(E.encode(h)),
        encode: (pt) => hex(pt.toBytes()),
      },
      E.allocPoints(),
    );
  });
});
