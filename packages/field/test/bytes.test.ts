// Encodings: canonical 32-byte values in each field's byte order, non-canonical input refused with a reason,
// and reduction of hash outputs (BIP340: 32 bytes big-endian mod n; RFC 8032: 64 bytes little-endian mod l).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL, dec, enc, fields, RUNS, value } from './helpers.js';

const bytesToBig = (b: Uint8Array, littleEndian: boolean): bigint =>
  (littleEndian ? [...b].reverse() : [...b]).reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
const bigToBytes = (x: bigint, littleEndian: boolean): Uint8Array => {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) b[littleEndian ? i : 31 - i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return b;
};

describe('encode and decode', () => {
  for (const f of ALL) {
    it(`${f.name}: round trip, byte order, and refusal of values ≥ modulus`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
          const x = bytesToBig(bytes, f.littleEndian);
          const r = f.decode(bytes);
          if (x < f.modulus) {
            expect(r).toEqual({ ok: true, value: x });
            expect(enc(f, x)).toEqual(bytes);
          } else {
            expect(r).toEqual({ ok: false, reason: `${f.name}.decode: a is not below the modulus` });
          }
        }),
        { numRuns: RUNS },
      );
      for (const x of [f.modulus, f.modulus + 1n, 2n ** 256n - 1n]) {
        const bytes = bigToBytes(x, f.littleEndian);
        expect(f.decode(bytes).ok).toBe(false);
        expect(f.mul(bytes, enc(f, 1n))).toEqual({
          ok: false,
          reason: `${f.name}.mul: a is not below the modulus`,
        });
        expect(f.decodeInto(f.alloc(), bytes)).toBe(false);
      }
      expect(dec(f, enc(f, f.modulus - 1n))).toBe(f.modulus - 1n);
    });

    it(`${f.name}: wrong lengths and types are error values, not throws`, () => {
      expect(f.mul(new Uint8Array(31), enc(f, 1n))).toEqual({
        ok: false,
        reason: `${f.name}.mul: a has 31 bytes, expected 32`,
      });
      expect(f.add(enc(f, 1n), new Uint8Array(33))).toEqual({
        ok: false,
        reason: `${f.name}.add: b has 33 bytes, expected 32`,
      });
      expect(f.sqr([1, 2] as unknown as Uint8Array).ok).toBe(false);
      expect(f.encode(-1n).ok).toBe(false);
      expect(f.encode(f.modulus).ok).toBe(false);
      expect(f.decodeInto(f.alloc(), new Uint8Array(0))).toBe(false);
    });
  }
});

describe('hash reduction', () => {
  const n = fields.secp256k1N.modulus;
  const cases = [
    {
      title: 'secp256k1 n: 32 big-endian bytes mod n (BIP340 challenge)',
      f: fields.secp256k1N,
      length: 32,
      littleEndian: false,
      edges: [0n, n - 1n, n, n + 1n, 2n ** 256n - 1n].map((x) => bigToBytes(x, false)),
      wrongLength: 64,
    },
    {
      title: 'ed25519 l: 64 little-endian bytes mod l (SHA-512 output)',
      f: fields.ed25519L,
      length: 64,
      littleEndian: true,
      edges: [0, 0xff, 0x80].map((fill) => new Uint8Array(64).fill(fill)),
      wrongLength: 32,
    },
  ];
  for (const { title, f, length, littleEndian, edges, wrongLength } of cases) {
    it(title, () => {
      const reduced = (bytes: Uint8Array) => dec(f, value(f.reduce(bytes)));
      for (const bytes of edges) expect(reduced(bytes)).toBe(bytesToBig(bytes, littleEndian) % f.modulus);
      fc.assert(
        fc.property(fc.uint8Array({ minLength: length, maxLength: length }), (bytes) => {
          expect(reduced(bytes)).toBe(bytesToBig(bytes, littleEndian) % f.modulus);
        }),
        { numRuns: RUNS },
      );
      expect(f.reduce(new Uint8Array(wrongLength)).ok).toBe(false);
    });
  }
});
