// Square roots: secp256k1 √a (p ≡ 3 mod 4) with its "is it a square" answer, and Ed25519 sqrt_ratio(u, v)
// as RFC 8032 §5.1.3 point decoding uses it, checked against BigInt and @noble/curves' decoded points.
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dec,
  element,
  enc,
  fields,
  limbsValue,
  modInv,
  modPow,
  RUNS,
  readLimbs,
  value,
  writeLimbs,
} from './helpers.js';

const euler = (a: bigint, p: bigint): bigint => modPow(a, (p - 1n) / 2n, p);

describe('secp256k1 p: sqrt and isSquare', () => {
  const F = fields.secp256k1P;
  const p = F.modulus;

  it('squares have a root whose square is the input', () => {
    fc.assert(
      fc.property(element(p), (x) => {
        const a = (x * x) % p;
        const r = dec(F, value(F.sqrt(enc(F, a))));
        expect(r === x || r === (p - x) % p).toBe(true);
        expect(value(F.isSquare(enc(F, a)))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('non-squares are reported as such', () => {
    fc.assert(
      fc.property(element(p), (a) => {
        const square = a === 0n || euler(a, p) === 1n;
        expect(value(F.isSquare(enc(F, a)))).toBe(square);
        expect(F.sqrt(enc(F, a)).ok).toBe(square);
        if (!square) expect(F.sqrt(enc(F, a))).toEqual({ ok: false, reason: 'secp256k1_p.sqrt: a is not a square' });
      }),
      { numRuns: RUNS },
    );
    // 7 = x³ + 7 at x = 0 is not a square: x = 0 is not on the curve.
    expect(value(F.isSquare(enc(F, 7n)))).toBe(false);
    expect(value(F.isSquare(enc(F, p - 1n)))).toBe(false);
  });
});

describe('secp256k1 p: sqrt2 (two roots, one per SIMD lane)', () => {
  const F = fields.secp256k1P;
  const p = F.modulus;
  const [a, b, ra, rb] = [F.alloc(), F.alloc(), F.alloc(), F.alloc()];
  const limbs = (v: bigint) => Array.from({ length: 9 }, (_, i) => Number((v >> BigInt(29 * i)) & 0x1fffffffn));

  it('agrees with sqrt on squares and non-squares in either lane', () => {
    fc.assert(
      fc.property(element(p), element(p), fc.boolean(), fc.boolean(), (x, y, sx, sy) => {
        const u = sx ? (x * x) % p : x;
        const v = sy ? (y * y) % p : y;
        writeLimbs(F, a, limbs(u));
        writeLimbs(F, b, limbs(v));
        const bits = F.memory.exports.secp256k1_p_sqrt2(ra, rb, a, b);
        const squareU = u === 0n || euler(u, p) === 1n;
        const squareV = v === 0n || euler(v, p) === 1n;
        expect(bits).toBe((squareU ? 1 : 0) | (squareV ? 2 : 0));
        const [r, s] = [limbsValue(readLimbs(F, ra)) % p, limbsValue(readLimbs(F, rb)) % p];
        if (squareU) expect((r * r) % p).toBe(u);
        if (squareV) expect((s * s) % p).toBe(v);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('ed25519 p: sqrt_ratio', () => {
  const F = fields.ed25519P;
  const p = F.modulus;
  const d = (-121665n * modInv(121666n, p)) % p;
  const dd = (d + p) % p;

  it('matches the definition on random u, v (even root, v·x² = u)', () => {
    fc.assert(
      fc.property(element(p), element(p), (u, v) => {
        const r = F.sqrtRatio(enc(F, u), enc(F, v));
        if (v === 0n) {
          expect(r.ok).toBe(u === 0n);
          if (r.ok) expect(dec(F, r.value)).toBe(0n);
          return;
        }
        const ratio = (u * modInv(v, p)) % p;
        const square = ratio === 0n || euler(ratio, p) === 1n;
        expect(r.ok).toBe(square);
        if (r.ok) {
          const x = dec(F, r.value);
          expect((v * x * x) % p).toBe(u);
          expect(x & 1n).toBe(0n);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('v = 0 and u = 0 edges', () => {
    expect(dec(F, value(F.sqrtRatio(enc(F, 0n), enc(F, 0n))))).toBe(0n);
    expect(F.sqrtRatio(enc(F, 1n), enc(F, 0n)).ok).toBe(false);
    expect(dec(F, value(F.sqrtRatio(enc(F, 0n), enc(F, 5n))))).toBe(0n);
  });

  it('recovers x of RFC 8032 public keys as @noble/curves decodes them (vectors/rfc8032)', () => {
    const vectors: { publicKey: string }[] = JSON.parse(
      readFileSync(new URL('../../../vectors/rfc8032/ed25519.json', import.meta.url), 'utf8'),
    );
    expect(vectors.length).toBeGreaterThanOrEqual(5);
    const keys = [...vectors.map((v) => Buffer.from(v.publicKey, 'hex'))];
    for (let i = 0; i < 50; i++) keys.push(Buffer.from(ed25519.getPublicKey(ed25519.utils.randomSecretKey())));
    for (const key of keys) {
      const bytes = new Uint8Array(key);
      const sign = (bytes[31] as number) >> 7;
      bytes[31] = (bytes[31] as number) & 0x7f;
      const y = dec(F, bytes);
      const u = (y * y - 1n + p) % p;
      const v = (dd * y * y + 1n) % p;
      const x = dec(F, value(F.sqrtRatio(enc(F, u), enc(F, v))));
      const expected = ed25519.Point.fromBytes(new Uint8Array(key)).toAffine().x;
      expect(sign ? (p - x) % p : x).toBe(expected);
    }
  });
});
