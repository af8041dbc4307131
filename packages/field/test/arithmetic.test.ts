// Every operation of the four fields against BigInt, through the byte-level API (fast-check, ≥ 10^4 cases each).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL, dec, element, enc, mod, modInv, RUNS, value } from './helpers.js';

for (const f of ALL) {
  const m = f.modulus;
  const el = element(m);
  const params = { numRuns: RUNS };

  describe(`${f.name} arithmetic`, () => {
    it('mul', () => {
      fc.assert(
        fc.property(el, el, (a, b) => dec(f, value(f.mul(enc(f, a), enc(f, b)))) === (a * b) % m),
        params,
      );
    });
    it('sqr', () => {
      fc.assert(
        fc.property(el, (a) => dec(f, value(f.sqr(enc(f, a)))) === (a * a) % m),
        params,
      );
    });
    it('add', () => {
      fc.assert(
        fc.property(el, el, (a, b) => dec(f, value(f.add(enc(f, a), enc(f, b)))) === (a + b) % m),
        params,
      );
    });
    it('sub', () => {
      fc.assert(
        fc.property(el, el, (a, b) => dec(f, value(f.sub(enc(f, a), enc(f, b)))) === mod(a - b, m)),
        params,
      );
    });
    it('neg and condNeg', () => {
      fc.assert(
        fc.property(el, fc.boolean(), (a, flag) => {
          expect(dec(f, value(f.neg(enc(f, a))))).toBe(mod(-a, m));
          expect(dec(f, value(f.condNeg(enc(f, a), flag)))).toBe(flag ? mod(-a, m) : a);
        }),
        params,
      );
    });
    it('inv: a·a⁻¹ = 1, and zero is refused', () => {
      fc.assert(
        fc.property(el, (a) => {
          const r = f.inv(enc(f, a));
          if (a === 0n) return !r.ok && r.reason === `${f.name}.inv: zero has no inverse`;
          return r.ok && dec(f, r.value) === modInv(a, m) && (dec(f, r.value) * a) % m === 1n;
        }),
        params,
      );
    });
    it('eq and isZero', () => {
      fc.assert(
        fc.property(el, el, (a, b) => {
          expect(value(f.eq(enc(f, a), enc(f, b)))).toBe(a === b);
          expect(value(f.eq(enc(f, a), enc(f, a)))).toBe(true);
          expect(value(f.isZero(enc(f, a)))).toBe(a === 0n);
        }),
        params,
      );
    });
    it('batch inversion equals one-by-one inversion, zeros stay zero', () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(el, fc.constant(0n)), { maxLength: 40 }), (xs) => {
          const got = value(f.batchInv(xs.map((x) => enc(f, x)))).map((b) => dec(f, b));
          expect(got).toEqual(xs.map((x) => (x === 0n ? 0n : modInv(x, m))));
        }),
        { numRuns: RUNS / 20 },
      );
    });
  });
}
