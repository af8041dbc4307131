// Half-size scalars (assembly/halfsize.ts) against BigInt: ρ ≡ τ·h (mod M), ρ < 2^stop, 0 < |τ| < M / 2^stop,
// for both scalar moduli, on random, small, large and structured h.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fields, limbsOf, limbsValue, mod, RUNS, readLimbs, writeLimbs } from './helpers.js';

const f = fields.ed25519L;
const X = f.memory.exports as unknown as {
  halfSize(rho: number, tau: number, h: number, modulus: number, stop: number): number;
};
const [rho, tau, h, m] = [f.alloc(), f.alloc(), f.alloc(), f.alloc()];

function split(modulus: bigint, value: bigint, stop: number): { r: bigint; t: bigint } {
  writeLimbs(f, h, limbsOf(value));
  writeLimbs(f, m, limbsOf(modulus));
  const negative = X.halfSize(rho, tau, h, m, stop) === 1;
  const r = limbsValue(readLimbs(f, rho));
  const t = limbsValue(readLimbs(f, tau));
  return { r, t: negative ? -t : t };
}

const moduli: [string, bigint, number][] = [
  ['ed25519 l', fields.ed25519L.modulus, 127],
  ['secp256k1 n', fields.secp256k1N.modulus, 128],
];

for (const [name, modulus, stop] of moduli) {
  const check = (value: bigint) => {
    const { r, t } = split(modulus, value, stop);
    expect(r >= 0n && r < 1n << BigInt(stop)).toBe(true);
    expect(t !== 0n).toBe(true);
    expect((t < 0n ? -t : t) * (1n << BigInt(stop)) < modulus).toBe(true);
    expect(mod(t * value - r, modulus)).toBe(0n);
  };
  describe(`halfSize mod ${name}`, () => {
    it('edges: 0, 1, small, 2^stop ± 1, M − 1, M / 2, powers of two', () => {
      const edges = [0n, 1n, 2n, 3n, (1n << BigInt(stop)) - 1n, 1n << BigInt(stop), (1n << BigInt(stop)) + 1n];
      edges.push(modulus - 1n, modulus - 2n, modulus / 2n, modulus / 3n, (modulus + 1n) / 2n);
      for (let k = 0n; k < 253n; k += 7n) edges.push((1n << k) % modulus);
      for (const e of edges) check(e);
    });
    it('random h below M', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: modulus - 1n }), (value) => check(value)),
        { numRuns: Math.min(RUNS, 5000) },
      );
    });
    it('quotients of 2^30 and more (the shifted-subtraction path)', () => {
      // h = M / q for large q makes the first quotient q.
      fc.assert(
        fc.property(fc.bigInt({ min: 1n << 30n, max: 1n << 200n }), (q) => check(modulus / q)),
        { numRuns: Math.min(RUNS, 2000) },
      );
    });
  });
}
