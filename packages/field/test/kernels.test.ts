// The base-field kernels on raw limbs at the edges of their documented input bounds: reduced elements (limbs
// 0..7 < 2^29, limb 8 below the fold bit + 1) for every operation, and limbs < 2^30 (a lazy sum) for mul and sqr.
// Outputs must be congruent and back in reduced form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PrimeField } from '../src/index.js';
import { fields, limbsValue, mod, modInv, RUNS, readLimbs, writeLimbs } from './helpers.js';

const MAX29 = 2 ** 29 - 1;
const MAX30 = 2 ** 30 - 1;

function limbVector(max: number, topMax: number): fc.Arbitrary<number[]> {
  const limb = (hi: number) =>
    fc.oneof(fc.constant(hi), fc.constant(0), fc.integer({ min: 0, max: hi }), fc.integer({ min: hi - 1000, max: hi }));
  return fc.tuple(fc.array(limb(max), { minLength: 8, maxLength: 8 }), limb(topMax)).map(([lo, top]) => [...lo, top]);
}

function checkReduced(f: PrimeField, h: number, topBits: number): bigint {
  const limbs = readLimbs(f, h);
  for (const l of limbs.slice(0, 8)) expect(l).toBeLessThan(2 ** 29);
  expect(limbs[8]).toBeLessThan(2 ** topBits);
  return limbsValue(limbs);
}

const cases: [PrimeField, number][] = [
  [fields.secp256k1P, 25],
  [fields.ed25519P, 24],
];

for (const [f, topBits] of cases) {
  const p = f.modulus;
  const [a, b, out] = [f.alloc(), f.alloc(), f.alloc()];
  const reduced = limbVector(MAX29, 2 ** topBits - 1);
  const lazy = limbVector(MAX30, MAX30);
  // The module's kernels by name (pairs and the carry-free ones have no wrapper) and its allocator.
  const X = f.memory.exports as unknown as Record<string, (...args: number[]) => number>;
  const fn = (k: string) => X[`${f.name}_${k}`] as (...args: number[]) => void;
  const alloc = X.alloc as (bytes: number) => number;

  describe(`${f.name} kernels at their bounds`, () => {
    it('saturated reduced elements', () => {
      writeLimbs(f, a, [MAX29, MAX29, MAX29, MAX29, MAX29, MAX29, MAX29, MAX29, 2 ** topBits - 1]);
      const x = limbsValue(readLimbs(f, a));
      f.mulInto(out, a, a);
      expect(mod(checkReduced(f, out, topBits), p)).toBe((x * x) % p);
      f.sqrInto(out, a);
      expect(mod(checkReduced(f, out, topBits), p)).toBe((x * x) % p);
      f.addInto(out, a, a);
      expect(mod(checkReduced(f, out, topBits), p)).toBe((2n * x) % p);
      f.subInto(out, b, a);
      expect(mod(checkReduced(f, out, topBits), p)).toBe(mod(-x, p));
    });

    it('mul, sqr on lazy sums (limbs < 2^30)', () => {
      fc.assert(
        fc.property(lazy, lazy, (x, y) => {
          writeLimbs(f, a, x);
          writeLimbs(f, b, y);
          const [vx, vy] = [limbsValue(x), limbsValue(y)];
          f.mulInto(out, a, b);
          expect(mod(checkReduced(f, out, topBits), p)).toBe((vx * vy) % p);
          f.sqrInto(out, a);
          expect(mod(checkReduced(f, out, topBits), p)).toBe((vx * vx) % p);
        }),
        { numRuns: RUNS },
      );
    });

    it('pairs: mul2, sqr2 lane by lane on lazy sums, equal to mul and sqr', () => {
      const [pa, pb, po] = [alloc(72), alloc(72), alloc(72)];
      const [c, d, out2] = [f.alloc(), f.alloc(), f.alloc()];
      fc.assert(
        fc.property(lazy, lazy, lazy, lazy, (x, y, u, v) => {
          writeLimbs(f, a, x);
          writeLimbs(f, b, y);
          writeLimbs(f, c, u);
          writeLimbs(f, d, v);
          fn('pairOf')(pa, a, c);
          fn('pairOf')(pb, b, d);
          fn('mul2')(po, pa, pb);
          fn('unpair')(out, out2, po);
          const [vx, vy, vu, vv] = [x, y, u, v].map(limbsValue) as [bigint, bigint, bigint, bigint];
          expect(mod(checkReduced(f, out, topBits), p)).toBe((vx * vy) % p);
          expect(mod(checkReduced(f, out2, topBits), p)).toBe((vu * vv) % p);
          fn('sqr2')(po, pa);
          fn('unpair')(out, out2, po);
          expect(mod(checkReduced(f, out, topBits), p)).toBe((vx * vx) % p);
          expect(mod(checkReduced(f, out2, topBits), p)).toBe((vu * vu) % p);
        }),
        { numRuns: RUNS },
      );
    });

    it('subLazy on reduced elements, then mul of the difference by a lazy sum; sub of a lazy sum', () => {
      const [c, d] = [f.alloc(), f.alloc()];
      fc.assert(
        fc.property(reduced, reduced, lazy, (x, y, z) => {
          writeLimbs(f, a, x);
          writeLimbs(f, b, y);
          writeLimbs(f, c, z);
          const [vx, vy, vz] = [x, y, z].map(limbsValue) as [bigint, bigint, bigint];
          fn('subLazy')(d, a, b);
          for (const l of readLimbs(f, d)) expect(l).toBeLessThan(2 ** 31);
          expect(mod(limbsValue(readLimbs(f, d)), p)).toBe(mod(vx - vy, p));
          fn('mul')(out, d, c);
          expect(mod(checkReduced(f, out, topBits), p)).toBe(mod((vx - vy) * vz, p));
          fn('sub')(out, c, b);
          expect(mod(checkReduced(f, out, topBits), p)).toBe(mod(vz - vy, p));
        }),
        { numRuns: RUNS },
      );
    });

    it('pairs: sub2 of a lazy sum (limbs < 2^30) minus a reduced element, lane by lane', () => {
      const [pa, pb, po] = [alloc(72), alloc(72), alloc(72)];
      const h = Array.from({ length: 4 }, () => f.alloc());
      const [o1, o2] = [f.alloc(), f.alloc()];
      fc.assert(
        fc.property(lazy, reduced, lazy, reduced, (x, y, u, w) => {
          for (const [i, v] of [x, y, u, w].entries()) writeLimbs(f, h[i] as number, v);
          fn('pairOf')(pa, h[0] as number, h[2] as number);
          fn('pairOf')(pb, h[1] as number, h[3] as number);
          fn('sub2')(po, pa, pb);
          fn('unpair')(o1, o2, po);
          const [vx, vy, vu, vw] = [x, y, u, w].map(limbsValue) as [bigint, bigint, bigint, bigint];
          expect(mod(checkReduced(f, o1, topBits), p)).toBe(mod(vx - vy, p));
          expect(mod(checkReduced(f, o2, topBits), p)).toBe(mod(vu - vw, p));
        }),
        { numRuns: RUNS },
      );
    });

    it('pairs: subLazy2 on reduced elements, then mul2 of the difference by a lazy sum, lane by lane', () => {
      const [pa, pb, pc, pd, po] = [alloc(72), alloc(72), alloc(72), alloc(72), alloc(72)];
      const h = Array.from({ length: 6 }, () => f.alloc());
      const [o1, o2] = [f.alloc(), f.alloc()];
      fc.assert(
        fc.property(fc.array(reduced, { minLength: 4, maxLength: 4 }), lazy, lazy, (rs, l1, l2) => {
          const xs = [rs[0], rs[1], l1, rs[2], rs[3], l2] as number[][];
          for (const [i, x] of xs.entries()) writeLimbs(f, h[i] as number, x);
          const [x, y, z, u, w, t] = xs.map(limbsValue) as [bigint, bigint, bigint, bigint, bigint, bigint];
          fn('pairOf')(pa, h[0] as number, h[3] as number);
          fn('pairOf')(pb, h[1] as number, h[4] as number);
          fn('pairOf')(pc, h[2] as number, h[5] as number);
          fn('subLazy2')(pd, pa, pb);
          fn('unpair')(o1, o2, pd);
          // Carry-free: every limb below 2^31, the values congruent to the differences.
          for (const o of [o1, o2]) for (const l of readLimbs(f, o)) expect(l).toBeLessThan(2 ** 31);
          expect(mod(limbsValue(readLimbs(f, o1)), p)).toBe(mod(x - y, p));
          expect(mod(limbsValue(readLimbs(f, o2)), p)).toBe(mod(u - w, p));
          fn('mul2')(po, pd, pc);
          fn('unpair')(o1, o2, po);
          expect(mod(checkReduced(f, o1, topBits), p)).toBe(mod((x - y) * z, p));
          expect(mod(checkReduced(f, o2, topBits), p)).toBe(mod((u - w) * t, p));
        }),
        { numRuns: RUNS },
      );
    });

    it('pairs: add2, addLazy2, sub2, subMul2, mulSmall2 lane by lane on reduced elements', () => {
      const [pa, pb, pc, po] = [alloc(72), alloc(72), alloc(72), alloc(72)];
      const h = Array.from({ length: 6 }, () => f.alloc());
      const [o1, o2] = [f.alloc(), f.alloc()];
      fc.assert(
        fc.property(
          fc.array(reduced, { minLength: 6, maxLength: 6 }),
          fc.integer({ min: 0, max: 8 }),
          fc.integer({ min: 0, max: 2 ** 20 - 1 }),
          (xs, m, k) => {
            for (const [i, x] of xs.entries()) writeLimbs(f, h[i] as number, x);
            const v = xs.map(limbsValue);
            const [x, y, z, u, w, t] = v as [bigint, bigint, bigint, bigint, bigint, bigint];
            fn('pairOf')(pa, h[0] as number, h[3] as number);
            fn('pairOf')(pb, h[1] as number, h[4] as number);
            fn('pairOf')(pc, h[2] as number, h[5] as number);
            const lanes = (want: [bigint, bigint], lazy = false) => {
              fn('unpair')(o1, o2, po);
              if (lazy) {
                expect(limbsValue(readLimbs(f, o1))).toBe(want[0]);
                expect(limbsValue(readLimbs(f, o2))).toBe(want[1]);
                return;
              }
              expect(mod(checkReduced(f, o1, topBits), p)).toBe(mod(want[0], p));
              expect(mod(checkReduced(f, o2, topBits), p)).toBe(mod(want[1], p));
            };
            fn('add2')(po, pa, pb);
            lanes([x + y, u + w]);
            fn('addLazy2')(po, pa, pb);
            lanes([x + y, u + w], true);
            fn('sub2')(po, pa, pb);
            lanes([x - y, u - w]);
            fn('subMul2')(po, pa, pb, pc, m);
            lanes([x - y - BigInt(m) * z, u - w - BigInt(m) * t]);
            fn('mulSmall2')(po, pa, k);
            lanes([x * BigInt(k), u * BigInt(k)]);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('add, sub, neg, mulSmall, canonical, eq, isZero, inv on reduced elements', () => {
      fc.assert(
        fc.property(reduced, reduced, fc.integer({ min: 0, max: 2 ** 20 - 1 }), (x, y, k) => {
          writeLimbs(f, a, x);
          writeLimbs(f, b, y);
          const [vx, vy] = [limbsValue(x), limbsValue(y)];
          f.addInto(out, a, b);
          expect(mod(checkReduced(f, out, topBits), p)).toBe((vx + vy) % p);
          f.subInto(out, a, b);
          expect(mod(checkReduced(f, out, topBits), p)).toBe(mod(vx - vy, p));
          f.negInto(out, a);
          expect(mod(checkReduced(f, out, topBits), p)).toBe(mod(-vx, p));
          (f as PrimeField & { mulSmallInto(o: number, a: number, k: number): void }).mulSmallInto(out, a, k);
          expect(mod(checkReduced(f, out, topBits), p)).toBe((vx * BigInt(k)) % p);
          f.kernels.canonical(out, a);
          expect(limbsValue(readLimbs(f, out))).toBe(vx % p);
          expect(f.equalsAt(a, b)).toBe(vx % p === vy % p);
          expect(f.isZeroAt(a)).toBe(vx % p === 0n);
          expect(f.invInto(out, a)).toBe(vx % p !== 0n);
          expect(limbsValue(readLimbs(f, out))).toBe(vx % p === 0n ? 0n : modInv(vx % p, p));
        }),
        { numRuns: RUNS },
      );
    });

    it('non-canonical representations of 0 and p−1 (p + k stored as limbs)', () => {
      for (const v of [p, p + 1n, 2n * p - 1n, 2n * p]) {
        const limbs = Array.from({ length: 9 }, (_, i) => Number((v >> BigInt(29 * i)) & 0x1fffffffn));
        writeLimbs(f, a, limbs);
        expect(f.isZeroAt(a)).toBe(v % p === 0n);
        const enc = new Uint8Array(32);
        f.encodeInto(enc, a);
        const expected = f.encode(v % p);
        expect(expected.ok && Buffer.from(enc).equals(Buffer.from(expected.value))).toBe(true);
      }
    });
  });
}

// Scalar-field mul and sqr fold the 522-bit product with 2^261 mod m and 2^B mod m (small for n and l) and end
// in (−m, 2m) before one correction. Products near 0 and near m (a·a⁻¹·k, −a·a⁻¹·k) reach the corrections.
for (const f of [fields.secp256k1N, fields.ed25519L]) {
  const m = f.modulus;
  const [a, b, out] = [f.alloc(), f.alloc(), f.alloc()];
  const canon = (h: number): bigint => {
    const limbs = readLimbs(f, h);
    for (const l of limbs) expect(l).toBeLessThan(2 ** 29);
    const v = limbsValue(limbs);
    expect(v < m).toBe(true);
    return v;
  };
  const limbsOfValue = (v: bigint) => Array.from({ length: 9 }, (_, i) => Number((v >> BigInt(29 * i)) & 0x1fffffffn));
  const edge = fc.oneof(
    fc.bigInt({ min: 0n, max: m - 1n }),
    fc.bigInt({ min: 0n, max: 2n ** 20n }).map((k) => m - 1n - k),
    fc.bigInt({ min: 0n, max: 2n ** 20n }),
    fc.integer({ min: 0, max: 251 }).map((k) => 2n ** BigInt(k) % m),
    fc.integer({ min: 0, max: 251 }).map((k) => m - 2n ** BigInt(k)),
  );

  describe(`${f.name} mul and sqr at their corrections`, () => {
    it('canonical results near 0 and near m', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 1n, max: m - 1n }), fc.bigInt({ min: -(2n ** 20n), max: 2n ** 20n }), (x, k) => {
          const y = mod(modInv(x, m) * k, m);
          writeLimbs(f, a, limbsOfValue(x));
          writeLimbs(f, b, limbsOfValue(y));
          f.mulInto(out, a, b);
          expect(canon(out)).toBe(mod(k, m));
        }),
        { numRuns: RUNS },
      );
    });

    it('edge operands', () => {
      fc.assert(
        fc.property(edge, edge, (x, y) => {
          writeLimbs(f, a, limbsOfValue(x));
          writeLimbs(f, b, limbsOfValue(y));
          f.mulInto(out, a, b);
          expect(canon(out)).toBe((x * y) % m);
          f.sqrInto(out, a);
          expect(canon(out)).toBe((x * x) % m);
        }),
        { numRuns: RUNS },
      );
    });
  });
}
