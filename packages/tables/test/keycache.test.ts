// The secp256k1 per-key cache: admission on the second sighting, hits that skip decoding, eviction within a
// bounded capacity, and linear combinations over cached keys equal to noble's.
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import type { FieldMemory } from '@tallyio/field';
import { describe, expect, it } from 'vitest';
import { loadTables } from '../src/index.js';
import { bytesBE, hex, randomBelow } from './helpers.js';
import type { BaseCurve, NoblePoint } from './msm.js';

const P = secp256k1.Point;
const n = P.Fn.ORDER;

/** A curve for the key-cache test: decodeInto decodes a key through the cache (the slot, or −1 with the point at h). */
interface CachedCurve<Pt extends NoblePoint<Pt>> extends Omit<BaseCurve<Pt>, 'decodeInto'> {
  readonly zero: Pt;
  lift(key: Uint8Array): Pt;
  decodeInto(h: number, key: Uint8Array): number;
}

/**
 * 30 rounds of g·Base + Σ k_i·K_i over six keys `pick(round)` chose, each through the pinned cache: a cached
 * key's term goes in by its slot, any other's as a fresh point. Equal to noble.
 */
function expectCachedCombinations<Pt extends NoblePoint<Pt>>(
  c: CachedCurve<Pt>,
  memory: FieldMemory,
  out: number,
  pick: (round: number) => Uint8Array,
): void {
  const C = c.points;
  const slots = memory.alloc(4 * 8);
  const slotScalars = C.allocScalars(8);
  const fresh = C.allocPoints(6);
  const freshScalars = C.allocScalars(6);
  const g = C.allocScalars();
  const view = () => new Int32Array(memory.bytes.buffer, slots, 8);
  for (let round = 0; round < 30; round++) {
    const chosen = [0, 1, 2, 3, 4, 5].map(() => pick(round));
    let expected = c.zero;
    let m = 0;
    let f = 0;
    C.pinKeyCache(true);
    for (const key of chosen) {
      const k = randomBelow(c.order);
      expected = expected.add(c.lift(key).multiply(k));
      const slot = c.decodeInto(fresh + C.pointBytes * f, key);
      if (slot >= 0) {
        view()[m] = slot;
        C.loadScalarInto(slotScalars + 36 * m++, c.scalar(k));
      } else {
        expect(slot).toBe(-1);
        C.loadScalarInto(freshScalars + 36 * f++, c.scalar(k));
      }
    }
    C.pinKeyCache(false);
    const gk = randomBelow(c.order);
    C.loadScalarInto(g, c.scalar(gk));
    expected = expected.add(c.base.multiply(gk));
    C.linearCombinationKeysInto(out, g, fresh, freshScalars, f, slots, slotScalars, m);
    expect(c.encodeAt(out)).toBe(c.encode(expected));
  }
}

describe('secp256k1 key cache', async () => {
  const T = await loadTables({ maxPoints: 64, keyCacheCapacity: 4 });
  const C = T.secp256k1;
  // 48 keys through the smallest cache (one set of 16 slots): hits, misses and evictions.
  const keys = Array.from({ length: 48 }, () => schnorr.getPublicKey(schnorr.utils.randomSecretKey()));
  const h = C.allocPoints(8);

  it('admits a key on its second sighting and then hits', () => {
    const key = keys[0] as Uint8Array;
    expect(C.decodeCachedInto(h, key)).toBe(-1);
    const slot = C.decodeCachedInto(h, key);
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(C.decodeCachedInto(h + 72, key)).toBe(slot);
    const affine = schnorr.utils.lift_x(BigInt(`0x${hex(key)}`)).toAffine();
    const x = new Uint8Array(32);
    T.fields.secp256k1P.encodeInto(x, h + 72);
    expect(hex(x)).toBe(hex(bytesBE(affine.x)));
  });

  it('reports decoding failures as −1 − code', () => {
    expect(C.decodeCachedInto(h, bytesBE(P.Fp.ORDER))).toBe(-2);
    expect(C.decodeCachedInto(h, bytesBE(0n))).toBe(-3);
  });

  it('combinations over cached keys, fresh points and G equal noble, also after evictions', () => {
    const aff = C.allocPoints();
    expectCachedCombinations(
      {
        points: C,
        base: P.BASE,
        zero: P.ZERO,
        order: n,
        scalar: (k) => bytesBE(k),
        lift: (key) => schnorr.utils.lift_x(BigInt(`0x${hex(key)}`)),
        decodeInto: (at, key) => {
          // A miss is decoded again into its fresh handle (a second sighting, which the cache may admit).
          const slot = C.decodeCachedInto(h, key);
          if (slot === -1) expect(C.decodeCachedInto(at, key)).toBeGreaterThanOrEqual(-1);
          return slot;
        },
        encodeAt: (at) => {
          expect(C.toAffineInto(aff, at)).toBe(true);
          return hex(C.encodeCompressed(aff));
        },
        encode: (pt) => hex(pt.toBytes(true)),
      },
      T.fields.memory,
      C.allocJacobian(),
      // six keys from 48 through a 16-slot cache (each drawn from a window of 24 that moves): hits, misses,
      // evictions and pinned slots
      (round) => keys[(round + Math.floor(Math.random() * 24)) % keys.length] as Uint8Array,
    );
  });
});

describe('ed25519 key cache', async () => {
  const { ed25519 } = await import('@noble/curves/ed25519.js');
  const EP = ed25519.Point;
  const l = EP.Fn.ORDER;
  const T = await loadTables({ maxPoints: 64, keyCacheCapacity: 4 });
  const E = T.ed25519;
  const keys = Array.from({ length: 12 }, () => ed25519.getPublicKey(ed25519.utils.randomSecretKey()));
  const le = (k: bigint) => bytesBE(k).reverse();

  it('keys are cached per decoding mode', () => {
    const h = E.allocPoints();
    const key = keys[0] as Uint8Array;
    expect(E.decodeCachedInto(h, key, 'zip215')).toBe(-1);
    const slot = E.decodeCachedInto(h, key, 'zip215');
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(E.decodeCachedInto(h, key, 'strict')).toBe(-1);
    expect(hex(E.encode(h))).toBe(hex(key));
    const bad = new Uint8Array(32);
    bad[0] = 2;
    expect(E.decodeCachedInto(h, bad, 'zip215')).toBe(-3);
  });

  it('combinations over cached keys, fresh points and B equal noble, with pinning', () => {
    expectCachedCombinations(
      {
        points: E,
        base: EP.BASE,
        zero: EP.ZERO,
        order: l,
        scalar: le,
        lift: (key) => EP.fromBytes(key),
        decodeInto: (at, key) => E.decodeCachedInto(at, key, 'zip215'),
        encodeAt: (at) => hex(E.encode(at)),
        encode: (pt) => hex(pt.toBytes()),
      },
      T.fields.memory,
      E.allocPoints(),
      () => keys[Math.floor(Math.random() * keys.length)] as Uint8Array,
    );
  });
});
