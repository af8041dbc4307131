import { ELEMENT_BYTES, FieldMemory, PrimeField } from './field.js';
import { fail, ok, type Result } from './result.js';
import { type FieldModuleExports, instantiateFieldModule } from './wasm.js';

/** secp256k1 base field, p = 2^256 − 2^32 − 977; encodings are big-endian. */
export class Secp256k1BaseField extends PrimeField {
  constructor(memory: FieldMemory) {
    super(memory, 'secp256k1_p', 2n ** 256n - 2n ** 32n - 977n, false);
  }

  /** out = √a; false when a is not a square. */
  sqrtInto(out: number, a: number): boolean {
    return this.memory.exports.secp256k1_p_sqrt(out, a) === 1;
  }

  /** out = a·k for 0 ≤ k < 2^20 (curve constants such as 7 and 21). */
  mulSmallInto(out: number, a: number, k: number): void {
    this.memory.exports.secp256k1_p_mulSmall(out, a, k);
  }

  /** A square root of a (p ≡ 3 mod 4: a^((p+1)/4)), or `not a square`. */
  sqrt(a: Uint8Array): Result<Uint8Array> {
    const [x, , out] = this.tmp;
    const bad = this.load(x, a, 'sqrt', 'a');
    if (bad) return fail(bad);
    if (!this.sqrtInto(out, x)) return fail(`${this.name}.sqrt: a is not a square`);
    return ok(this.read(out));
  }

  isSquare(a: Uint8Array): Result<boolean> {
    const [x] = this.tmp;
    const bad = this.load(x, a, 'isSquare', 'a');
    return bad ? fail(bad) : ok(this.memory.exports.secp256k1_p_isSquare(x) === 1);
  }
}

/** Ed25519 base field, p = 2^255 − 19; encodings are little-endian. */
export class Ed25519BaseField extends PrimeField {
  constructor(memory: FieldMemory) {
    super(memory, 'ed25519_p', 2n ** 255n - 19n, true);
  }

  /** out = √(u/v), the even root (RFC 8032 §5.1.3); false when u/v is not a square or v = 0 ≠ u. */
  sqrtRatioInto(out: number, u: number, v: number): boolean {
    return this.memory.exports.ed25519_p_sqrtRatio(out, u, v) === 1;
  }

  mulSmallInto(out: number, a: number, k: number): void {
    this.memory.exports.ed25519_p_mulSmall(out, a, k);
  }

  /** √(u/v) with an even encoding, as Ed25519 point decoding needs it, or `not a square`. */
  sqrtRatio(u: Uint8Array, v: Uint8Array): Result<Uint8Array> {
    const [x, y, out] = this.tmp;
    const bad = this.load(x, u, 'sqrtRatio', 'u') ?? this.load(y, v, 'sqrtRatio', 'v');
    if (bad) return fail(bad);
    if (!this.sqrtRatioInto(out, x, y)) return fail(`${this.name}.sqrtRatio: u/v is not a square`);
    return ok(this.read(out));
  }
}

/** A group-order field: canonical elements only, plus reduction of hash outputs. */
export class ScalarField extends PrimeField {
  /** Bytes `reduce` takes: 32 (BIP340 challenge, big-endian) or 64 (SHA-512 output, little-endian). */
  readonly wideBytes: number;
  readonly #reduce: (out: number, src: number) => void;

  constructor(memory: FieldMemory, curve: 'secp256k1' | 'ed25519') {
    const secp = curve === 'secp256k1';
    super(
      memory,
      secp ? 'secp256k1_n' : 'ed25519_l',
      secp
        ? 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
        : 2n ** 252n + 27742317777372353535851937790883648493n,
      !secp,
    );
    this.wideBytes = secp ? 32 : 64;
    this.#reduce = secp ? memory.exports.secp256k1_n_reduceBytes : memory.exports.ed25519_l_reduceBytes;
  }

  /** out = the integer in bytes (wideBytes long, the field's byte order) mod the group order. */
  reduceInto(out: number, bytes: Uint8Array): boolean {
    if (bytes.length !== this.wideBytes) return false;
    this.memory.bytes.set(bytes, this.memory.io);
    this.#reduce(out, this.memory.io);
    return true;
  }

  /** Hash output reduced mod the group order, e.g. BIP340's e = int(hash) mod n or RFC 8032's SHA-512 mod l. */
  reduce(bytes: Uint8Array): Result<Uint8Array> {
    const [, , out] = this.tmp;
    if (!(bytes instanceof Uint8Array) || bytes.length !== this.wideBytes) {
      return fail(`${this.name}.reduce: expected ${this.wideBytes} bytes`);
    }
    this.reduceInto(out, bytes);
    return ok(this.read(out));
  }
}

/** The four fields, sharing one WebAssembly instance (and so one memory). */
export interface Fields {
  readonly secp256k1P: Secp256k1BaseField;
  readonly secp256k1N: ScalarField;
  readonly ed25519P: Ed25519BaseField;
  readonly ed25519L: ScalarField;
  readonly memory: FieldMemory;
}

/** The four fields over any module instance that links the field kernels (this package's, or a higher one's). */
export function fieldsOver(exports: FieldModuleExports): Fields {
  const memory = new FieldMemory(exports);
  return {
    secp256k1P: new Secp256k1BaseField(memory),
    secp256k1N: new ScalarField(memory, 'secp256k1'),
    ed25519P: new Ed25519BaseField(memory),
    ed25519L: new ScalarField(memory, 'ed25519'),
    memory,
  };
}

/** Instantiates the field module (compiled once per realm) and wraps its four fields. */
export async function loadFields(): Promise<Fields> {
  return fieldsOver(await instantiateFieldModule());
}

export { ELEMENT_BYTES };
