// secp256k1 points against @noble/curves: lift_x and SEC1 decoding, GLV splitting, and MSM (Straus and
// Pippenger) equal to noble's pippenger for many sizes and edge scalars.
import { pippenger } from '@noble/curves/abstract/curve.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesBE, hex, RUNS, randomBelow, randomBytes, tables } from './helpers.js';
import { edgeSums, expectBaseCombinations, randomPicks, randomSums } from './msm.js';

const P = secp256k1.Point;
const n = P.Fn.ORDER;
const p = P.Fp.ORDER;
const S = tables.secp256k1;

function nobleLiftX(x: Uint8Array): string | undefined {
  try {
    const pt = schnorr.utils.lift_x(BigInt(`0x${hex(x)}`)).toAffine();
    return hex(bytesBE(pt.x)) + hex(bytesBE(pt.y));
  } catch {
    return undefined;
  }
}

describe('secp256k1 decoding', () => {
  it('lift_x accepts and decodes exactly as noble (random x, valid keys, edges)', () => {
    const samples = [
      ...Array.from({ length: RUNS }, () => randomBytes(32)),
      ...Array.from({ length: RUNS }, () => schnorr.getPublicKey(schnorr.utils.randomSecretKey())),
      bytesBE(0n),
      bytesBE(p - 1n),
      bytesBE(p),
      bytesBE(p + 1n),
      bytesBE(2n ** 256n - 1n),
      bytesBE(P.BASE.toAffine().x),
    ];
    for (const x of samples) {
      const ours = S.decode(x);
      const theirs = nobleLiftX(x);
      expect(ours.ok ? hex(ours.value.x) + hex(ours.value.y) : undefined).toBe(theirs);
    }
    expect(S.decode(bytesBE(p))).toEqual({ ok: false, reason: 'secp256k1: x is not below p' });
    expect(S.decode(bytesBE(0n))).toEqual({ ok: false, reason: 'secp256k1: x is not on the curve' });
  });

  it('SEC1 compressed points decode and re-encode as noble', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
      const ours = S.decode(key);
      expect(ours.ok).toBe(true);
      const pt = P.fromBytes(key).toAffine();
      if (ours.ok) expect(hex(ours.value.y)).toBe(hex(bytesBE(pt.y)));
      const h = S.allocPoints();
      expect(S.decodeCompressedInto(h, key)).toBe(0);
      expect(hex(S.encodeCompressed(h))).toBe(hex(key));
    }
    const bad = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
    bad[0] = 4;
    expect(S.decode(bad)).toEqual({ ok: false, reason: 'secp256k1: prefix is not 0x02 or 0x03' });
    expect(S.decode(new Uint8Array(31)).ok).toBe(false);
  });
});

describe('secp256k1 decoding in pairs (square roots in two SIMD lanes)', () => {
  const [src1, src2] = [S.memory.alloc(33), S.memory.alloc(33)];
  const [a1, a2, b1, b2] = [S.allocPoints(), S.allocPoints(), S.allocPoints(), S.allocPoints()];
  const point = (h: number) => hex(S.memory.bytes.slice(h, h + 72));
  const key = () => secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
  const xOnly = () => schnorr.getPublicKey(schnorr.utils.randomSecretKey());
  // Valid points, random bytes (x off the curve about half the time), x ≥ p, bad prefixes.
  const sample = (compressed: boolean): Uint8Array => {
    const r = Math.random();
    const x = r < 0.4 ? (compressed ? key() : xOnly()) : r < 0.8 ? randomBytes(compressed ? 33 : 32) : undefined;
    if (x) {
      if (compressed && r >= 0.4 && r < 0.7) x[0] = 2 + ((x[0] as number) % 2);
      return x;
    }
    const big = bytesBE(p + randomBelow(2n ** 32n));
    return compressed ? Uint8Array.of(2, ...big) : big;
  };

  for (const compressed of [true, false]) {
    it(`${compressed ? 'decodeCompressed2' : 'liftX2'} equals two single decodings, codes and points`, () => {
      for (let i = 0; i < RUNS; i++) {
        const [x, y] = [sample(compressed), sample(compressed)];
        S.memory.bytes.set(x, src1);
        S.memory.bytes.set(y, src2);
        const single = compressed ? tables.exports.secp256k1_decodeCompressed : tables.exports.secp256k1_liftX;
        const pair = compressed ? tables.exports.secp256k1_decodeCompressed2 : tables.exports.secp256k1_liftX2;
        const c1 = single(a1, src1);
        const c2 = single(a2, src2);
        expect(pair(b1, src1, b2, src2)).toBe(c1 | (c2 << 8));
        if (c1 === 0) expect(point(b1)).toBe(point(a1));
        if (c2 === 0) expect(point(b2)).toBe(point(a2));
      }
    });
  }
});

describe('GLV split', () => {
  const lambda = 0x5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72n;
  const [k, k1, k2] = [S.allocScalars(), S.allocScalars(), S.allocScalars()];
  const read = (h: number) => {
    const b = new Uint8Array(32);
    tables.fields.secp256k1N.encodeInto(b, h);
    return BigInt(`0x${hex(b)}`);
  };
  it('k = ±k1 ± k2·λ with both halves below 2^128; k below 2^129 kept whole', () => {
    const edge = fc.constantFrom(
      0n,
      1n,
      n - 1n,
      n / 2n,
      2n ** 128n - 1n,
      2n ** 128n,
      2n ** 129n - 1n,
      2n ** 129n,
      lambda,
      n - lambda,
    );
    const scalar = fc.oneof(edge, fc.bigInt({ min: 0n, max: n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 130n }));
    fc.assert(
      fc.property(scalar, (kv) => {
        S.loadScalarInto(k, bytesBE(kv));
        const signs = tables.exports.secp256k1_split(k1, k2, k);
        const a = read(k1);
        const b = read(k2);
        if (kv < 2n ** 129n) expect([a, b, signs]).toEqual([kv, 0n, 0]);
        else expect(a < 2n ** 128n && b < 2n ** 128n).toBe(true);
        const sa = signs & 1 ? n - a : a;
        const sb = signs & 2 ? n - b : b;
        expect((sa + sb * lambda) % n).toBe(kv);
      }),
      { numRuns: RUNS * 10 },
    );
  });
});

describe('secp256k1 MSM equals noble pippenger', () => {
  const pool = Array.from({ length: 64 }, () => P.BASE.multiply(randomBelow(n - 1n) + 1n));
  const compressed = pool.map((pt) => pt.toBytes(true));
  const expected = (idx: number[], scalars: bigint[]) => {
    const r = pippenger(
      P,
      idx.map((i) => pool[i] as typeof P.BASE),
      scalars.map((s) => s % n),
    );
    return r.is0() ? '00' : hex(r.toBytes(true));
  };
  const check = (idx: number[], scalars: bigint[]) => {
    const r = S.msm(
      idx.map((i) => compressed[i] as Uint8Array),
      scalars.map((s) => bytesBE(s)),
    );
    expect(r.ok && hex(r.value)).toBe(expected(idx, scalars));
  };
  randomSums(
    'n = %i: random points and scalars, with repeats',
    [
      0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 31, 32, 63, 64, 79, 80, 81, 127, 191, 192, 255, 256, 383, 384, 1024, 1535, 1536,
      2048,
    ],
    pool.length,
    n,
    check,
  );

  it('edge scalars: zero, one, n−1, ≥ n, 2^256−1, and cancelling pairs', () => {
    const edges = [0n, 1n, n - 1n, n, n + 5n, 2n ** 256n - 1n, 2n ** 128n, 2n ** 128n - 1n, 2n ** 129n - 1n];
    edgeSums(check, [1, 8, 64, 200], 5, edges);
    // k·P + (n−k)·P = identity, and 2·(P) via the same point twice (doubling inside buckets)
    check([3, 3], [12345n, n - 12345n]);
    check([3, 3], [777n, 777n]);
    check(
      Array.from({ length: 100 }, () => 7),
      Array.from({ length: 100 }, (_, i) => BigInt(i + 1)),
    );
    check(
      Array.from({ length: 100 }, () => 7),
      Array.from({ length: 100 }, () => 5n),
    );
  });

  it('Straus in two lanes: doublings and cancellations inside a lane, sums that vanish', () => {
    for (const size of [5, 6, 9, 20, 41]) {
      // The same point and scalar everywhere: each lane adds an entry to itself (the doubling case).
      check(
        Array.from({ length: size }, () => 4),
        Array.from({ length: size }, () => 0xdeadbeefn),
      );
      // k and n − k on one point: lanes meet ±entry (cancellations), and the whole sum is the identity when
      // the count is even.
      check(
        Array.from({ length: size }, () => 9),
        Array.from({ length: size }, (_, i) => (i % 2 ? n - 31337n : 31337n)),
      );
      check(
        Array.from({ length: size }, (_, i) => i % 3),
        Array.from({ length: size }, (_, i) => (i % 2 ? n - 1n : 1n)),
      );
    }
  });

  it('scalars just below 2^129 (kept whole by the split) at every Pippenger window', () => {
    for (const size of [64, 150, 300, 1000, 1600]) {
      const idx = randomPicks(size, pool.length);
      check(
        idx,
        idx.map((_, i) => (i % 2 ? 2n ** 129n - 1n - randomBelow(2n ** 20n) : randomBelow(2n ** 129n))),
      );
    }
  });

  it('all-zero scalars give the point at infinity', () => {
    for (const size of [10, 64]) {
      const r = S.msm(
        compressed.slice(0, size),
        Array.from({ length: size }, () => new Uint8Array(32)),
      );
      expect(r).toEqual({ ok: true, value: new Uint8Array(1) });
    }
  });

  it('refuses malformed input with a reason', () => {
    expect(S.msm([new Uint8Array(33)], [new Uint8Array(32)])).toEqual({
      ok: false,
      reason: 'secp256k1.msm: points[0]: secp256k1: prefix is not 0x02 or 0x03',
    });
    expect(S.msm([compressed[0] as Uint8Array], [])).toEqual({
      ok: false,
      reason: 'secp256k1.msm: points and scalars differ in length',
    });
    expect(S.msm([compressed[0] as Uint8Array], [new Uint8Array(31)]).ok).toBe(false);
  });
});

describe('secp256k1 with the generator table', () => {
  it('k·G and g·G + Σ k_i·P_i equal noble', () => {
    const C = tables.secp256k1;
    for (const k of [1n, 2n, n - 1n, randomBelow(n), 2n ** 128n + 7n]) {
      expect(C.multiplyBase(bytesBE(k))).toEqual({ ok: true, value: P.BASE.multiply(k).toBytes(true) });
    }
    expect(C.multiplyBase(bytesBE(n))).toEqual({ ok: true, value: new Uint8Array(1) });
    const aff = C.allocPoints();
    expectBaseCombinations(
      {
        points: C,
        base: P.BASE,
        order: n,
        scalar: (k) => bytesBE(k),
        decodeInto: (h, pt) => C.decodeCompressedInto(h, pt.toBytes(true)),
        encodeAt: (h) => {
          expect(C.toAffineInto(aff, h)).toBe(true);
          return hex(C.encodeCompressed(aff));
        },
        encode: (pt) => hex(pt.toBytes(true)),
      },
      C.allocJacobian(),
    );
  });
});
