// Shared vocabulary of the field generator: limb layout, field descriptions and code-emitting helpers.
export const N = 9;
export const W = 29;
export const MASK: bigint = (1n << BigInt(W)) - 1n;
export const R: bigint = 1n << BigInt(N * W);

export interface PseudoMersenne {
  readonly kind: 'pseudo-mersenne';
  readonly name: string;
  readonly modulus: bigint;
  /** Reduced elements are below 2^(foldBit+1); bits from foldBit up are folded with 2^foldBit mod p. */
  readonly foldBit: number;
  readonly bigEndian: boolean;
}

/** A scalar field (n, l): products folded with small constants, Montgomery products for reducing hashes. */
export interface ScalarField {
  readonly kind: 'scalar';
  readonly name: string;
  readonly modulus: bigint;
  readonly bigEndian: boolean;
}

export type FieldSpec = PseudoMersenne | ScalarField;

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
export const limbsOf = (x: bigint): bigint[] => range(N).map((i) => (x >> BigInt(W * i)) & MASK);
export const hex = (x: bigint): string => `0x${x.toString(16)}`;

/** b^e mod m, for any integer b (the field tests use it too). */
export function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let x = ((b % m) + m) % m;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}

/** Splits a constant into (limb index, factor) pieces; a factor that is a power of two becomes a shift. */
export function pieces(c: bigint): { limb: number; factor: bigint }[] {
  return limbsOf(c)
    .map((factor, limb) => ({ limb, factor }))
    .filter((x) => x.factor !== 0n);
}

export function times(v: string, factor: bigint): string {
  if (factor === 1n) return v;
  if ((factor & (factor - 1n)) === 0n) return `(${v} << ${factor.toString(2).length - 1})`;
  return `${v} * ${factor}`;
}

export const loadLimbs = (p: string, ptr: string): string[] =>
  range(N).map((i) => `  const ${p}${i} = <u64>load<u32>(${ptr}, ${4 * i});`);
export const storeLimbs = (ptr: string, v: string): string[] =>
  range(N).map((i) => `  store<u32>(${ptr}, <u32>${v}${i}, ${4 * i});`);
/** t(i+1) += t(i) >> 29; t(i) &= MASK — a serial carry from limb `from` to limb 8. */
export const carryChain = (v: string, from = 0): string[] =>
  range(N - 1 - from).map((k) => {
    const i = k + from;
    return `  ${v}${i + 1} += ${v}${i} >> ${W}; ${v}${i} &= ${hex(MASK)};`;
  });

/** Modulus as nine signed 30-bit limbs followed by m⁻¹ mod 2^30, for safegcd. */
export function modInfo(m: bigint): bigint[] {
  const b30 = (1n << 30n) - 1n;
  const limbs = range(N).map((i) => (m >> BigInt(30 * i)) & b30);
  const inv30 = modPow(m, (1n << 29n) - 1n, 1n << 30n);
  if (((m * inv30) & b30) !== 1n) throw new Error('bad 30-bit inverse');
  return [...limbs, inv30];
}
