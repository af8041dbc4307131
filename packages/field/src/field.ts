import { fail, ok, type Result } from './result.js';
import { type FieldKernels, type FieldModuleExports, type FieldName, kernelsOf } from './wasm.js';

/** Bytes one element occupies in WebAssembly memory (9 limbs × 4 bytes); handles are spaced by this. */
export const ELEMENT_BYTES = 36;
/** Bytes of a field element's encoding. */
export const ENCODED_BYTES = 32;

/** Memory shared by the fields of one module instance: the view is refreshed only when memory grows. */
export class FieldMemory {
  readonly exports: FieldModuleExports;
  /** A 64-byte region for moving encodings across the boundary. Overwritten by the next call. */
  readonly io: number;
  #view: Uint8Array;

  constructor(exports: FieldModuleExports) {
    this.exports = exports;
    this.io = exports.alloc(64);
    this.#view = new Uint8Array(exports.memory.buffer);
  }

  /** A byte view of the whole memory; valid until the next allocation. */
  get bytes(): Uint8Array {
    if (this.#view.buffer !== this.exports.memory.buffer) this.#view = new Uint8Array(this.exports.memory.buffer);
    return this.#view;
  }

  alloc(bytes: number): number {
    return this.exports.alloc(bytes);
  }
}

/**
 * One prime field over a WebAssembly instance: a byte-level API that validates everything and returns
 * `Result`s, and a zero-allocation handle API (`…Into`) over element handles that trusts its arguments.
 */
export class PrimeField {
  readonly name: FieldName;
  readonly modulus: bigint;
  readonly littleEndian: boolean;
  /** The raw kernels: pointers into `memory`, no validation. */
  readonly kernels: FieldKernels;
  readonly memory: FieldMemory;
  /** Scratch handles for the byte-level API. */
  protected readonly tmp: readonly [number, number, number];

  constructor(memory: FieldMemory, name: FieldName, modulus: bigint, littleEndian: boolean) {
    this.memory = memory;
    this.name = name;
    this.modulus = modulus;
    this.littleEndian = littleEndian;
    this.kernels = kernelsOf(memory.exports, name);
    const t = memory.alloc(3 * ELEMENT_BYTES);
    this.tmp = [t, t + ELEMENT_BYTES, t + 2 * ELEMENT_BYTES];
  }

  // ---- handle API ----

  /** Handle of `count` consecutive zero elements, ELEMENT_BYTES apart. Never freed. */
  alloc(count = 1): number {
    return this.memory.alloc(count * ELEMENT_BYTES);
  }

  /** Decodes a canonical 32-byte encoding into h; false (h unspecified) on a wrong length or value ≥ modulus. */
  decodeInto(h: number, bytes: Uint8Array): boolean {
    if (bytes.length !== ENCODED_BYTES) return false;
    const io = this.memory.io;
    this.memory.bytes.set(bytes, io);
    return this.kernels.fromBytes(h, io) === 1;
  }

  /** Writes the canonical encoding of h into out[offset … offset+32). */
  encodeInto(out: Uint8Array, h: number, offset = 0): void {
    const io = this.memory.io;
    this.kernels.toBytes(io, h);
    out.set(this.memory.bytes.subarray(io, io + ENCODED_BYTES), offset);
  }

  mulInto(out: number, a: number, b: number): void {
    this.kernels.mul(out, a, b);
  }
  sqrInto(out: number, a: number): void {
    this.kernels.sqr(out, a);
  }
  addInto(out: number, a: number, b: number): void {
    this.kernels.add(out, a, b);
  }
  subInto(out: number, a: number, b: number): void {
    this.kernels.sub(out, a, b);
  }
  negInto(out: number, a: number): void {
    this.kernels.neg(out, a);
  }
  condNegInto(out: number, a: number, negate: boolean): void {
    this.kernels.cneg(out, a, negate ? 1 : 0);
  }
  /** out = a⁻¹; false (out = 0) when a = 0. */
  invInto(out: number, a: number): boolean {
    return this.kernels.inv(out, a) === 1;
  }
  /** Inverts n consecutive elements at a into out (may alias) with one inversion; zeros stay zero. */
  batchInvInto(out: number, a: number, n: number, scratch: number): void {
    this.kernels.batchInv(out, a, n, scratch);
  }
  equalsAt(a: number, b: number): boolean {
    return this.kernels.eq(a, b) === 1;
  }
  isZeroAt(a: number): boolean {
    return this.kernels.isZero(a) === 1;
  }

  // ---- byte-level API ----

  /** The canonical encoding of x, which must lie in [0, modulus). */
  encode(x: bigint): Result<Uint8Array> {
    if (x < 0n || x >= this.modulus) return fail(`${this.name}.encode: value outside [0, modulus)`);
    const out = new Uint8Array(ENCODED_BYTES);
    for (let i = 0; i < ENCODED_BYTES; i++) {
      out[this.littleEndian ? i : ENCODED_BYTES - 1 - i] = Number((x >> BigInt(8 * i)) & 0xffn);
    }
    return ok(out);
  }

  /** The value of a canonical encoding. */
  decode(bytes: Uint8Array): Result<bigint> {
    const bad = this.load(this.tmp[0], bytes, 'decode', 'a');
    if (bad) return fail(bad);
    let x = 0n;
    for (let i = 0; i < ENCODED_BYTES; i++) {
      x = (x << 8n) | BigInt(bytes[this.littleEndian ? ENCODED_BYTES - 1 - i : i] as number);
    }
    return ok(x);
  }

  mul(a: Uint8Array, b: Uint8Array): Result<Uint8Array> {
    return this.binary('mul', a, b, this.kernels.mul);
  }
  add(a: Uint8Array, b: Uint8Array): Result<Uint8Array> {
    return this.binary('add', a, b, this.kernels.add);
  }
  sub(a: Uint8Array, b: Uint8Array): Result<Uint8Array> {
    return this.binary('sub', a, b, this.kernels.sub);
  }
  sqr(a: Uint8Array): Result<Uint8Array> {
    return this.unary('sqr', a, this.kernels.sqr);
  }
  neg(a: Uint8Array): Result<Uint8Array> {
    return this.unary('neg', a, this.kernels.neg);
  }
  condNeg(a: Uint8Array, negate: boolean): Result<Uint8Array> {
    return this.unary('condNeg', a, (out, x) => this.kernels.cneg(out, x, negate ? 1 : 0));
  }
  inv(a: Uint8Array): Result<Uint8Array> {
    const [x, out] = this.tmp;
    const bad = this.load(x, a, 'inv', 'a');
    if (bad) return fail(bad);
    if (!this.invInto(out, x)) return fail(`${this.name}.inv: zero has no inverse`);
    return ok(this.read(out));
  }

  /** Inverses of all elements with one field inversion; zeros map to zero. */
  batchInv(values: readonly Uint8Array[]): Result<Uint8Array[]> {
    const n = values.length;
    if (n === 0) return ok([]);
    const region = this.batchRegion(2 * n);
    for (let i = 0; i < n; i++) {
      const bad = this.load(region + i * ELEMENT_BYTES, values[i] as Uint8Array, 'batchInv', `values[${i}]`);
      if (bad) return fail(bad);
    }
    this.batchInvInto(region, region, n, region + n * ELEMENT_BYTES);
    return ok(Array.from({ length: n }, (_, i) => this.read(region + i * ELEMENT_BYTES)));
  }

  eq(a: Uint8Array, b: Uint8Array): Result<boolean> {
    const [x, y] = this.tmp;
    const bad = this.load(x, a, 'eq', 'a') ?? this.load(y, b, 'eq', 'b');
    return bad ? fail(bad) : ok(this.equalsAt(x, y));
  }

  isZero(a: Uint8Array): Result<boolean> {
    const [x] = this.tmp;
    const bad = this.load(x, a, 'isZero', 'a');
    return bad ? fail(bad) : ok(this.isZeroAt(x));
  }

  /** A scratch region of at least `count` elements for the byte-level batch API, grown by doubling. */
  protected batchRegion(count: number): number {
    if (count > this.#batchCapacity) {
      this.#batchCapacity = Math.max(count, 2 * this.#batchCapacity);
      this.#batch = this.alloc(this.#batchCapacity);
    }
    return this.#batch;
  }
  #batch = 0;
  #batchCapacity = 0;

  /** Loads bytes into h, or names what is wrong with them. */
  protected load(h: number, bytes: Uint8Array, fn: string, arg: string): string | undefined {
    if (!(bytes instanceof Uint8Array)) return `${this.name}.${fn}: ${arg} is not a Uint8Array`;
    if (bytes.length !== ENCODED_BYTES) {
      return `${this.name}.${fn}: ${arg} has ${bytes.length} bytes, expected ${ENCODED_BYTES}`;
    }
    if (!this.decodeInto(h, bytes)) return `${this.name}.${fn}: ${arg} is not below the modulus`;
    return undefined;
  }

  protected read(h: number): Uint8Array {
    const out = new Uint8Array(ENCODED_BYTES);
    this.encodeInto(out, h);
    return out;
  }

  protected unary(fn: string, a: Uint8Array, op: (out: number, a: number) => void): Result<Uint8Array> {
    const [x, , out] = this.tmp;
    const bad = this.load(x, a, fn, 'a');
    if (bad) return fail(bad);
    op(out, x);
    return ok(this.read(out));
  }

  protected binary(
    fn: string,
    a: Uint8Array,
    b: Uint8Array,
    op: (out: number, a: number, b: number) => void,
  ): Result<Uint8Array> {
    const [x, y, out] = this.tmp;
    const bad = this.load(x, a, fn, 'a') ?? this.load(y, b, fn, 'b');
    if (bad) return fail(bad);
    op(out, x, y);
    return ok(this.read(out));
  }
}
