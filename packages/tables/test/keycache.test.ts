// The secp256k1 per-key cache: admission on the second sighting, hits that skip decoding, eviction within a
// bounded capacity, and linear combinations over cached keys equal to noble's.
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { loadTables } from '../src/index.js';
import { bytesBE, hex, randomBelow } from './helpers.js';

const P = secp256k1.Point;
const n = P.Fn.ORDER;

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
    const slots = T.fields.memory.alloc(4 * 8);
    const slotScalars = C.allocScalars(8);
    const fresh = C.allocPoints(6);
    const freshScalars = C.allocScalars(6);
    const g = C.allocScalars();
    const out = C.allocJacobian();
    const aff = C.allocPoints();
    const view = () => new Int32Array(T.fields.memory.bytes.buffer, slots, 8);
    for (let round = 0; round < 30; round++) {
      // six keys from 48 through a 16-slot cache (each drawn from a window of 24 that moves): hits, misses,
      // evictions and pinned slots
      const chosen = [0, 1, 2, 3, 4, 5].map(
        () => keys[(round + Math.floor(Math.random() * 24)) % keys.length] as Uint8Array,
      );
      let expected = P.ZERO;
      C.pinKeyCache(true);
      let m = 0;
      let f = 0;
      for (const key of chosen) {
        const k = randomBelow(n);
        expected = expected.add(schnorr.utils.lift_x(BigInt(`0x${hex(key)}`)).multiply(k));
        const slot = C.decodeCachedInto(h, key);
        if (slot >= 0) {
          view()[m] = slot;
          C.loadScalarInto(slotScalars + 36 * m++, bytesBE(k));
        } else {
          expect(slot).toBe(-1);
          expect(C.decodeCachedInto(fresh + 72 * f, key)).toBeGreaterThanOrEqual(-1);
          C.loadScalarInto(freshScalars + 36 * f++, bytesBE(k));
        }
      }
      C.pinKeyCache(false);
      const gk = randomBelow(n);
      C.loadScalarInto(g, bytesBE(gk));
      expected = expected.add(P.BASE.multiply(gk));
      C.linearCombinationKeysInto(out, g, fresh, freshScalars, f, slots, slotScalars, m);
      expect(C.toAffineInto(aff, out)).toBe(true);
      expect(hex(C.encodeCompressed(aff))).toBe(hex(expected.toBytes(true)));
    }
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
    const slots = T.fields.memory.alloc(4 * 8);
    const slotScalars = E.allocScalars(8);
    const fresh = E.allocPoints(6);
    const freshScalars = E.allocScalars(6);
    const g = E.allocScalars();
    const out = E.allocPoints();
    const view = () => new Int32Array(T.fields.memory.bytes.buffer, slots, 8);
    for (let round = 0; round < 30; round++) {
      const chosen = [0, 1, 2, 3, 4, 5].map(() => keys[Math.floor(Math.random() * keys.length)] as Uint8Array);
      let expected = EP.ZERO;
      let m = 0;
      let f = 0;
      E.pinKeyCache(true);
      for (const key of chosen) {
        const k = randomBelow(l);
        expected = expected.add(EP.fromBytes(key).multiply(k));
        const slot = E.decodeCachedInto(fresh + 144 * f, key, 'zip215');
        if (slot >= 0) {
          view()[m] = slot;
          E.loadScalarInto(slotScalars + 36 * m++, le(k));
        } else {
          expect(slot).toBe(-1);
          E.loadScalarInto(freshScalars + 36 * f++, le(k));
        }
      }
      E.pinKeyCache(false);
      const gk = randomBelow(l);
      E.loadScalarInto(g, le(gk));
      expected = expected.add(EP.BASE.multiply(gk));
      E.linearCombinationKeysInto(out, g, fresh, freshScalars, f, slots, slotScalars, m);
      expect(hex(E.encode(out))).toBe(hex(expected.toBytes()));
    }
  });
});
