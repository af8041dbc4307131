// Functions emitted identically for every field.
import { type FieldSpec, N } from './spec.js';

/** Limb 0 (29 bits) of 0, m, 2m and 3m: the only values limb 0 of a reduced zero can take. */
function zeroLimbs(f: FieldSpec): string[] {
  return [...new Set([0n, 1n, 2n, 3n].map((k) => ((k * f.modulus) & 0x1fffffffn).toString()))];
}

/** Functions with the same body in every field: bytes, equality, inversion, batch inversion. */
export function commonTail(f: FieldSpec): string {
  const be = f.bigEndian ? 'true' : 'false';
  return `
/** Decodes 32 ${f.bigEndian ? 'big' : 'little'}-endian bytes; false (out holds the value mod 2^256) when ≥ the modulus. */
export function fromBytes(out: usize, src: usize): bool {
  bytesToLimbs(out, src, ${be});
  return isCanonical(out);
}

/** Writes the canonical 32-byte ${f.bigEndian ? 'big' : 'little'}-endian encoding. */
export function toBytes(dst: usize, a: usize): void {
  canonical(SCRATCH_A, a);
  limbsToBytes(dst, SCRATCH_A, ${be});
}

/** Whether a ≡ 0 (a reduced). A reduced zero is a small multiple of the modulus, so limb 0 rules most out. */
export function isZero(a: usize): bool {
  const low = load<u32>(a);
  if (${zeroLimbs(f)
    .map((x) => `low != ${x}`)
    .join(' && ')}) return false;
  canonical(SCRATCH_A, a);
  let acc: u32 = 0;
  for (let i: usize = 0; i < ${N}; i++) acc |= load<u32>(SCRATCH_A + 4 * i);
  return acc == 0;
}

/** out = flag ? −a : a */
export function cneg(out: usize, a: usize, flag: bool): void {
  neg(SCRATCH_NEG, a);
  copy(out, a);
  cmov(out, SCRATCH_NEG, flag);
}
const SCRATCH_NEG: usize = memory.data(${4 * N});

export function eq(a: usize, b: usize): bool {
  sub(SCRATCH_A, a, b);
  return isZero(SCRATCH_A);
}

/** out = a⁻¹ (Bernstein–Yang safegcd); false and out = 0 when a ≡ 0. */
export function inv(out: usize, a: usize): bool {
  canonical(out, a);
  return modInverse(out, out, MODINFO);
}

/**
 * Montgomery's trick: out[i] = a[i]⁻¹ for n elements with one inversion and 3(n−1) multiplications.
 * Zero inputs give zero outputs and do not spoil the others. scratch holds n elements; out may alias a.
 */
export function batchInv(out: usize, a: usize, n: i32, scratch: usize): void {
  if (n <= 0) return;
  const E: usize = ${4 * N};
  // scratch[i] = product of the non-zero a[0..i]
  const acc = SCRATCH_ACC;
  store<u32>(acc, 1);
  for (let i: usize = 1; i < ${N}; i++) store<u32>(acc + 4 * i, 0);
  for (let i = 0; i < n; i++) {
    const ai = a + E * <usize>i;
    copy(scratch + E * <usize>i, acc);
    if (!isZero(ai)) mul(acc, acc, ai);
  }
  inv(acc, acc);
  for (let i = n - 1; i >= 0; i--) {
    const ai = a + E * <usize>i;
    if (isZero(ai)) {
      for (let k: usize = 0; k < ${N}; k++) store<u32>(out + E * <usize>i + 4 * k, 0);
      continue;
    }
    // acc = (a[0]…a[i])⁻¹ → out[i] = acc·(a[0]…a[i−1]); acc ← acc·a[i]
    copy(SCRATCH_T, ai);
    mul(out + E * <usize>i, acc, scratch + E * <usize>i);
    mul(acc, acc, SCRATCH_T);
  }
}
const SCRATCH_ACC: usize = memory.data(${4 * N});
const SCRATCH_T: usize = memory.data(${4 * N});

/** Benchmark loops: n dependent operations without leaving WebAssembly. */
export function mulLoop(out: usize, a: usize, b: usize, n: i32): void {
  mul(out, a, b);
  for (let i = 1; i < n; i++) mul(out, out, b);
}
export function sqrLoop(out: usize, a: usize, n: i32): void {
  sqr(out, a);
  for (let i = 1; i < n; i++) sqr(out, out);
}
export function invLoop(out: usize, a: usize, n: i32): void {
  for (let i = 0; i < n; i++) inv(out, a);
}
`;
}
