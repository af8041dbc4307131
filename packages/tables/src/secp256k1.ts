import { fail, ok, type Result } from '@tallyio/field';
import { Aff, Jac, SECP256K1_DECODE_REASONS, Secp256k1Decode } from './generated/spec.js';
import { CurvePoints } from './points.js';

export { SECP256K1_DECODE_REASONS };

/** Affine coordinates as 32-byte big-endian encodings. */
export interface AffinePoint {
  readonly x: Uint8Array;
  readonly y: Uint8Array;
}

/**
 * secp256k1 points in a tables module instance. Affine handles are 72 bytes (x, y), Jacobian 108 bytes; the
 * byte-level methods validate and return `Result`s, the handle methods trust their arguments.
 */
export class Secp256k1Points extends CurvePoints {
  readonly pointBytes: number = Aff.SIZE;
  readonly jacobianBytes: number = Jac.SIZE;

  /** Jacobian handle(s) for results. */
  allocJacobian(count = 1): number {
    return this.memory.alloc(count * this.jacobianBytes);
  }

  /** BIP340 lift_x of a 32-byte x-only key into affine h: 0 or a SECP256K1_DECODE_REASONS code. */
  liftXInto(h: number, bytes: Uint8Array): number {
    return this.exports.secp256k1_liftX(h, this.stage(bytes));
  }

  /** SEC1 compressed (33 bytes) into affine h: 0 or a SECP256K1_DECODE_REASONS code. */
  decodeCompressedInto(h: number, bytes: Uint8Array): number {
    return this.exports.secp256k1_decodeCompressed(h, this.stage(bytes));
  }

  /** Decodes a 32-byte x-only key (even y) or a 33-byte compressed point. */
  decode(bytes: Uint8Array): Result<AffinePoint> {
    const h = this.scratchPoint();
    const code = this.decodeAny(h, bytes);
    if (typeof code === 'string') return fail(code);
    if (code !== 0) return fail(SECP256K1_DECODE_REASONS[code] as string);
    return ok(this.affineOf(h));
  }

  /** 33-byte compressed encoding of affine h. */
  encodeCompressed(h: number): Uint8Array {
    this.exports.secp256k1_encodeCompressed(this.io, h);
    return this.readIo(33);
  }

  /** outAffine = jac; false when jac is the point at infinity. */
  toAffineInto(outAffine: number, jac: number): boolean {
    if (this.base.isZeroAt(jac + Jac.Z)) return false;
    this.exports.secp256k1_toAffine(outAffine, jac);
    return true;
  }

  loadScalarInto(h: number, bytes: Uint8Array): boolean {
    return this.scalars.reduceInto(h, bytes);
  }

  msmInto(out: number, points: number, scalars: number, n: number): void {
    this.exports.secp256k1_msm(out, points, scalars, n);
  }

  linearCombinationInto(out: number, g: number, points: number, scalars: number, n: number): void {
    this.exports.secp256k1_strausBase(out, points, scalars, n, g);
  }

  /**
   * Decodes a key (32-byte x-only or 33-byte compressed) into affine h through the per-key cache: the slot
   * (≥ 0) when cached, −1 when decoded but not cached, −1 − code for a SECP256K1_DECODE_REASONS code.
   */
  decodeCachedInto(h: number, key: Uint8Array): number {
    if (key.length !== 32 && key.length !== 33) return -1 - Secp256k1Decode.WRONG_LENGTH;
    return this.decodeThroughCache(h, key, 0, key.length === 32 ? this.#liftX : this.#compressed);
  }
  readonly #liftX = (h: number, io: number): number => this.exports.secp256k1_liftX(h, io);
  readonly #compressed = (h: number, io: number): number => this.exports.secp256k1_decodeCompressed(h, io);

  /** k·G for a 32-byte big-endian scalar of any value, SEC1-encoded (0x00 for infinity). */
  multiplyBase(scalar: Uint8Array): Result<Uint8Array> {
    if (!(scalar instanceof Uint8Array) || scalar.length !== 32)
      return fail('secp256k1.multiplyBase: scalar is not 32 bytes');
    const k = this.scalarScratch;
    this.loadScalarInto(k, scalar);
    const out = this.scratchJacobian();
    this.linearCombinationInto(out, k, 0, 0, 0);
    const affine = this.scratchPoint();
    return ok(this.toAffineInto(affine, out) ? this.encodeCompressed(affine) : new Uint8Array(1));
  }

  /**
   * Σ scalars[i]·points[i] for x-only (32-byte) or compressed (33-byte) points and 32-byte big-endian scalars of
   * any value. The result is SEC1: 33 bytes compressed, or the single byte 0x00 for the point at infinity.
   */
  msm(points: readonly Uint8Array[], scalars: readonly Uint8Array[]): Result<Uint8Array> {
    const n = points.length;
    if (scalars.length !== n) return fail('secp256k1.msm: points and scalars differ in length');
    if (n > this.maxPoints) return fail(`secp256k1.msm: more than ${this.maxPoints} points`);
    const pts = this.batchPoints();
    for (let i = 0; i < n; i++) {
      const code = this.decodeAny(pts + Aff.SIZE * i, points[i] as Uint8Array);
      if (code !== 0) {
        return fail(`secp256k1.msm: points[${i}]: ${typeof code === 'string' ? code : SECP256K1_DECODE_REASONS[code]}`);
      }
      const s = scalars[i] as Uint8Array;
      if (!(s instanceof Uint8Array) || s.length !== 32) return fail(`secp256k1.msm: scalars[${i}] is not 32 bytes`);
      this.loadScalarInto(this.scalarScratch + 36 * i, s);
    }
    const out = this.scratchJacobian();
    this.msmInto(out, pts, this.scalarScratch, n);
    const affine = this.scratchPoint();
    if (!this.toAffineInto(affine, out)) return ok(new Uint8Array(1));
    return ok(this.encodeCompressed(affine));
  }

  private decodeAny(h: number, bytes: Uint8Array): number | string {
    if (!(bytes instanceof Uint8Array)) return 'secp256k1: point is not a Uint8Array';
    if (bytes.length === 32) return this.liftXInto(h, bytes);
    if (bytes.length === 33) return this.decodeCompressedInto(h, bytes);
    return `secp256k1: point has ${bytes.length} bytes, expected 32 (x-only) or 33 (compressed)`;
  }

  private affineOf(h: number): AffinePoint {
    const x = new Uint8Array(32);
    const y = new Uint8Array(32);
    this.base.encodeInto(x, h);
    this.base.encodeInto(y, h + Aff.Y);
    return { x, y };
  }

  #scratchJacobian = 0;
  private scratchJacobian(): number {
    this.#scratchJacobian ||= this.allocJacobian();
    return this.#scratchJacobian;
  }
}
