import { fail, ok, type Result } from '@tallyio/field';
import { ED25519_DECODE_REASONS, Ed25519Decode, Ext } from './generated/spec.js';
import { CurvePoints } from './points.js';

export { ED25519_DECODE_REASONS };

/** zip215: any y below 2^255 and x = 0 with the sign bit (ZIP 215, Zebra); strict: canonical only (RFC 8032). */
export type Ed25519Mode = 'zip215' | 'strict';

/** Ed25519 points in a tables module instance: extended-coordinate handles of 144 bytes. */
export class Ed25519Points extends CurvePoints {
  readonly pointBytes: number = Ext.SIZE;

  /** Decodes 32 bytes into h: 0 or an ED25519_DECODE_REASONS code. */
  decodeInto(h: number, bytes: Uint8Array, mode: Ed25519Mode): number {
    return this.exports.ed25519_decode(h, this.stage(bytes), mode === 'strict' ? 1 : 0);
  }

  /**
   * Decodes 32 bytes into h through the per-key cache (keyed by the bytes and the mode): the slot (≥ 0) when
   * cached, −1 when decoded but not cached, −1 − code for an ED25519_DECODE_REASONS code.
   */
  decodeCachedInto(h: number, key: Uint8Array, mode: Ed25519Mode): number {
    if (key.length !== 32) return -1 - Ed25519Decode.WRONG_LENGTH;
    return this.decodeThroughCache(h, key, mode === 'strict' ? 1 : 0, mode === 'strict' ? this.#strict : this.#zip215);
  }
  readonly #strict = (h: number, io: number): number => this.exports.ed25519_decode(h, io, 1);
  readonly #zip215 = (h: number, io: number): number => this.exports.ed25519_decode(h, io, 0);

  /** Decodes a 32-byte encoding; the value is its canonical re-encoding. */
  decode(bytes: Uint8Array, mode: Ed25519Mode = 'zip215'): Result<Uint8Array> {
    if (!(bytes instanceof Uint8Array) || bytes.length !== 32) return fail('ed25519: point is not 32 bytes');
    const h = this.scratchPoint();
    const code = this.decodeInto(h, bytes, mode);
    return code === 0 ? ok(this.encode(h)) : fail(ED25519_DECODE_REASONS[code] as string);
  }

  encode(h: number): Uint8Array {
    this.exports.ed25519_encode(this.io, h);
    return this.readIo(32);
  }

  isSmallOrderAt(h: number): boolean {
    return this.exports.ed25519_isSmallOrder(h) === 1;
  }

  /** Whether h lies in the prime-order subgroup (l·h is the identity). */
  isTorsionFreeAt(h: number): boolean {
    return this.exports.ed25519_isTorsionFree(h) === 1;
  }

  isIdentityAt(h: number): boolean {
    return this.exports.ed25519_isIdentity(h) === 1;
  }

  mulByCofactorInto(out: number, h: number): void {
    this.exports.ed25519_mulByCofactor(out, h);
  }

  /** A 32-byte little-endian scalar of any value, reduced mod l. */
  loadScalarInto(h: number, bytes: Uint8Array): boolean {
    if (bytes.length !== 32) return false;
    const wide = this.#wide;
    wide.set(bytes);
    return this.scalars.reduceInto(h, wide);
  }
  readonly #wide = new Uint8Array(64);

  msmInto(out: number, points: number, scalars: number, n: number): void {
    this.exports.ed25519_msm(out, points, scalars, n);
  }

  linearCombinationInto(out: number, g: number, points: number, scalars: number, n: number): void {
    this.exports.ed25519_strausBase(out, points, scalars, n, g);
  }

  /** k·B for a 32-byte little-endian scalar of any value, encoded. */
  multiplyBase(scalar: Uint8Array): Result<Uint8Array> {
    const k = this.scalarScratch;
    if (!(scalar instanceof Uint8Array) || !this.loadScalarInto(k, scalar)) {
      return fail('ed25519.multiplyBase: scalar is not 32 bytes');
    }
    const out = this.scratchPoint();
    this.linearCombinationInto(out, k, 0, 0, 0);
    return ok(this.encode(out));
  }

  /** Σ scalars[i]·points[i] for 32-byte encodings and 32-byte little-endian scalars of any value. */
  msm(points: readonly Uint8Array[], scalars: readonly Uint8Array[], mode: Ed25519Mode = 'zip215'): Result<Uint8Array> {
    const n = points.length;
    if (scalars.length !== n) return fail('ed25519.msm: points and scalars differ in length');
    if (n > this.maxPoints) return fail(`ed25519.msm: more than ${this.maxPoints} points`);
    const pts = this.batchPoints();
    for (let i = 0; i < n; i++) {
      const p = points[i] as Uint8Array;
      if (!(p instanceof Uint8Array) || p.length !== 32) return fail(`ed25519.msm: points[${i}] is not 32 bytes`);
      const code = this.decodeInto(pts + Ext.SIZE * i, p, mode);
      if (code !== 0) return fail(`ed25519.msm: points[${i}]: ${ED25519_DECODE_REASONS[code]}`);
      const s = scalars[i] as Uint8Array;
      if (!(s instanceof Uint8Array) || !this.loadScalarInto(this.scalarScratch + 36 * i, s)) {
        return fail(`ed25519.msm: scalars[${i}] is not 32 bytes`);
      }
    }
    const out = this.scratchPoint();
    this.msmInto(out, pts, this.scalarScratch, n);
    return ok(this.encode(out));
  }
}
