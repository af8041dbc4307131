/**
 * Emits the unrolled AssemblyScript kernels of the four fields into `assembly/generated/`.
 *
 * Every element is 9 limbs of 29 bits (u32 in memory, u64 in registers): a 29×29-bit product is 58 bits, so a
 * column of nine products plus carries stays below 2^64 without intermediate carrying. Unrolled straight-line
 * code is what V8's WebAssembly compiler turns into the fewest instructions; loops over limbs cost ~2× here.
 *
 * Base fields (pseudo-Mersenne, p = 2^k − c with small c) reduce by folding the high half with c.
 * Scalar fields (n, l have no such shape) use Montgomery multiplication with R = 2^261.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const N = 9;
const W = 29;
const MASK = (1n << BigInt(W)) - 1n;
const R = 1n << BigInt(N * W);

interface PseudoMersenne {
  readonly kind: 'pseudo-mersenne';
  readonly name: string;
  readonly modulus: bigint;
  /** Reduced elements are below 2^(foldBit+1); bits from foldBit up are folded with 2^foldBit mod p. */
  readonly foldBit: number;
  readonly bigEndian: boolean;
}

interface Montgomery {
  readonly kind: 'montgomery';
  readonly name: string;
  readonly modulus: bigint;
  readonly bigEndian: boolean;
}

type FieldSpec = PseudoMersenne | Montgomery;

const FIELDS: readonly FieldSpec[] = [
  {
    kind: 'pseudo-mersenne',
    name: 'secp256k1_p',
    modulus: 2n ** 256n - 2n ** 32n - 977n,
    foldBit: 256,
    bigEndian: true,
  },
  {
    kind: 'montgomery',
    name: 'secp256k1_n',
    modulus: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
    bigEndian: true,
  },
  { kind: 'pseudo-mersenne', name: 'ed25519_p', modulus: 2n ** 255n - 19n, foldBit: 255, bigEndian: false },
  {
    kind: 'montgomery',
    name: 'ed25519_l',
    modulus: 2n ** 252n + 27742317777372353535851937790883648493n,
    bigEndian: false,
  },
];

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const limbsOf = (x: bigint): bigint[] => range(N).map((i) => (x >> BigInt(W * i)) & MASK);
const hex = (x: bigint): string => `0x${x.toString(16)}`;

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let x = b % m;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}

/** Splits a constant into (limb index, factor) pieces; a factor that is a power of two becomes a shift. */
function pieces(c: bigint): { limb: number; factor: bigint }[] {
  return limbsOf(c)
    .map((factor, limb) => ({ limb, factor }))
    .filter((x) => x.factor !== 0n);
}

function times(v: string, factor: bigint): string {
  if (factor === 1n) return v;
  if ((factor & (factor - 1n)) === 0n) return `(${v} << ${factor.toString(2).length - 1})`;
  return `${v} * ${factor}`;
}

const loadLimbs = (p: string, ptr: string): string[] =>
  range(N).map((i) => `  const ${p}${i} = <u64>load<u32>(${ptr}, ${4 * i});`);
const storeLimbs = (ptr: string, v: string): string[] =>
  range(N).map((i) => `  store<u32>(${ptr}, <u32>${v}${i}, ${4 * i});`);
/** t(i+1) += t(i) >> 29; t(i) &= MASK — a serial carry from limb `from` to limb 8. */
const carryChain = (v: string, from = 0): string[] =>
  range(N - 1 - from).map((k) => {
    const i = k + from;
    return `  ${v}${i + 1} += ${v}${i} >> ${W}; ${v}${i} &= ${hex(MASK)};`;
  });

function productColumns(square: boolean): string[] {
  const cols: string[][] = range(2 * N - 1).map(() => []);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      if (!square) cols[i + j]?.push(`a${i} * b${j}`);
      else if (i === j) cols[i + j]?.push(`a${i} * a${i}`);
      else if (i < j) cols[i + j]?.push(`d${i} * a${j}`);
    }
  }
  return cols.map((terms, k) => `  let t${k}: u64 = ${terms.join(' + ')};`);
}

function pseudoMersenne(f: PseudoMersenne): string {
  const topShift = f.foldBit - W * (N - 1);
  const topMask = hex((1n << BigInt(topShift)) - 1n);
  const fold261 = pieces(R % f.modulus);
  const foldTop = pieces((1n << BigInt(f.foldBit)) % f.modulus);
  const bound = 1n << BigInt(f.foldBit + 1);
  // 4p in a borrow-shifted form whose limbs exceed every reduced limb, so a + 4p − b never goes negative.
  const kp = 4n * f.modulus;
  const kLimbs = limbsOf(kp);
  for (let i = 0; i < N - 1; i++) {
    kLimbs[i] = (kLimbs[i] as bigint) + (1n << BigInt(W));
    kLimbs[i + 1] = (kLimbs[i + 1] as bigint) - 1n;
  }
  if (kp <= bound || kLimbs.slice(0, N - 1).some((x) => x < MASK) || (kLimbs[N - 1] as bigint) < bound >> 232n)
    throw new Error(`${f.name}: 4p does not cover reduced elements`);

  const foldTopInto = (v: string, top: string): string[] =>
    foldTop.map(({ limb, factor }) => `  ${v}${limb} += ${times(top, factor)};`);
  const reduceTail = (v: string): string[] => [
    `  const top = ${v}${N - 1} >> ${topShift};`,
    `  ${v}${N - 1} &= ${topMask};`,
    ...foldTopInto(v, 'top'),
    ...carryChain(v),
    ...storeLimbs('out', v),
  ];
  // Columns 0..16 (< 2^63.2 for limbs < 2^30) → one parallel carry over 8..16 → fold 9..17 at 2^261 → serial
  // carry → fold bits ≥ foldBit → serial carry. Output limb 8 < 2^(topShift) + 2.
  const wideReduce = (): string[] => [
    ...range(N).map((k) => `  const c${k + 8} = t${k + 8} >> ${W};`),
    `  t8 &= ${hex(MASK)};`,
    ...range(N - 1).map((k) => `  t${k + 9} = (t${k + 9} & ${hex(MASK)}) + c${k + 8};`),
    '  const t17 = c16;',
    '  let h9: u64 = 0;',
    ...range(N).flatMap((j) =>
      fold261.map(({ limb, factor }) =>
        j + limb < N ? `  t${j + limb} += ${times(`t${j + 9}`, factor)};` : `  h9 += ${times(`t${j + 9}`, factor)};`,
      ),
    ),
    ...carryChain('t'),
    `  h9 += t8 >> ${W}; t8 &= ${hex(MASK)};`,
    `  const top = (t8 >> ${topShift}) + (h9 << ${W - topShift});`,
    `  t8 &= ${topMask};`,
    ...foldTopInto('t', 'top'),
    ...carryChain('t'),
    ...storeLimbs('out', 't'),
  ];
  const twoPowK = (1n << BigInt(f.foldBit)) - f.modulus;

  return `// Generated by scripts/generate.ts from the field parameters there; do not edit.
// ${f.name}: p = ${hex(f.modulus)}
// Reduced form: limbs 0..7 < 2^29, limb 8 < 2^${topShift + 1} (value < 2^${f.foldBit + 1}, congruent, not
// necessarily < p). mul and sqr also accept limbs < 2^30 (the sum of two reduced elements).
import { SCRATCH_A, limbsToBytes, bytesToLimbs, limbsEqual, copy, cmov } from "../limbs";
import { modInverse } from "../safegcd";

export const MODULUS: usize = memory.data<u32>([${limbsOf(f.modulus).join(', ')}]);
/** Bernstein–Yang inverse parameters: modulus in 30-bit limbs and its inverse mod 2^30. */
export const MODINFO: usize = memory.data<u32>([${modInfo(f.modulus).join(', ')}]);

/** out = a·b */
export function mul(out: usize, a: usize, b: usize): void {
${loadLimbs('a', 'a').join('\n')}
${loadLimbs('b', 'b').join('\n')}
${productColumns(false).join('\n')}
${wideReduce().join('\n')}
}

/** out = a² (45 products instead of 81) */
export function sqr(out: usize, a: usize): void {
${loadLimbs('a', 'a').join('\n')}
${range(N - 1)
  .map((i) => `  const d${i} = a${i} << 1;`)
  .join('\n')}
${productColumns(true).join('\n')}
${wideReduce().join('\n')}
}

/** out = a^(2^k) */
export function sqrN(out: usize, a: usize, k: i32): void {
  sqr(out, a);
  for (let i = 1; i < k; i++) sqr(out, out);
}

/** out = a + b */
export function add(out: usize, a: usize, b: usize): void {
${range(N)
  .map((i) => `  let t${i}: u64 = <u64>load<u32>(a, ${4 * i}) + <u64>load<u32>(b, ${4 * i});`)
  .join('\n')}
${reduceTail('t').join('\n')}
}

/** out = a − b, computed as a + 4p − b */
export function sub(out: usize, a: usize, b: usize): void {
${range(N)
  .map(
    (i) =>
      `  let t${i}: u64 = <u64>load<u32>(a, ${4 * i}) + ${hex(kLimbs[i] as bigint)} - <u64>load<u32>(b, ${4 * i});`,
  )
  .join('\n')}
${reduceTail('t').join('\n')}
}

/** out = −a */
export function neg(out: usize, a: usize): void {
${range(N)
  .map((i) => `  let t${i}: u64 = ${hex(kLimbs[i] as bigint)} - <u64>load<u32>(a, ${4 * i});`)
  .join('\n')}
${reduceTail('t').join('\n')}
}

/** out = a·k for a small constant k < 2^20 */
export function mulSmall(out: usize, a: usize, k: u32): void {
${range(N)
  .map((i) => `  let t${i}: u64 = <u64>load<u32>(a, ${4 * i}) * <u64>k;`)
  .join('\n')}
${carryChain('t').join('\n')}
${reduceTail('t').join('\n')}
}

/** Whether the limbs of a (each < 2^29) already hold a value below p. */
function isCanonical(a: usize): bool {
  canonical(SCRATCH_A, a);
  return limbsEqual(SCRATCH_A, a);
}

/** out = a mod p, the unique representative below p */
export function canonical(out: usize, a: usize): void {
${range(N)
  .map((i) => `  let t${i}: u64 = <u64>load<u32>(a, ${4 * i});`)
  .join('\n')}
  for (let round = 0; round < 2; round++) {
    const top = t${N - 1} >> ${topShift};
    t${N - 1} &= ${topMask};
${foldTopInto('t', 'top')
  .map((l) => `  ${l}`)
  .join('\n')}
${carryChain('t')
  .map((l) => `  ${l}`)
  .join('\n')}
  }
  // Now t < 2^${f.foldBit}; t ≥ p exactly when t + (2^${f.foldBit} − p) reaches 2^${f.foldBit}.
${range(N)
  .map(
    (i) =>
      `  let s${i}: u64 = t${i}${(limbsOf(twoPowK)[i] as bigint) ? ` + ${hex(limbsOf(twoPowK)[i] as bigint)}` : ''};`,
  )
  .join('\n')}
${carryChain('s').join('\n')}
  if (s${N - 1} >> ${topShift}) {
    s${N - 1} &= ${topMask};
${storeLimbs('out', 's')
  .map((l) => `  ${l}`)
  .join('\n')}
  } else {
${storeLimbs('out', 't')
  .map((l) => `  ${l}`)
  .join('\n')}
  }
}
${commonTail(f)}`;
}

function montgomery(f: Montgomery): string {
  const m = limbsOf(f.modulus);
  const minv = (MASK + 1n - modPow(f.modulus, (1n << BigInt(W - 1)) - 1n, MASK + 1n)) & MASK;
  if (((f.modulus * minv + 1n) & MASK) !== 0n) throw new Error(`${f.name}: bad Montgomery constant`);
  const body: string[] = [
    ...loadLimbs('b', 'b'),
    ...range(N).map((i) => `  let t${i}: u64 = 0;`),
    '  let ai: u64, s: u64, q: u64;',
  ];
  for (let i = 0; i < N; i++) {
    body.push(
      `  ai = <u64>load<u32>(a, ${4 * i});`,
      '  s = t0 + ai * b0;',
      `  q = ((s & ${hex(MASK)}) * ${hex(minv)}) & ${hex(MASK)};`,
      `  s += q * ${hex(m[0] as bigint)};`,
    );
    for (let j = 1; j < N; j++) {
      const carry = j === 1 ? ` + (s >> ${W})` : '';
      const prev = j < N - 1 ? `t${j} + ` : '';
      body.push(`  t${j - 1} = ${prev}ai * b${j} + q * ${hex(m[j] as bigint)}${carry};`);
    }
  }
  body.push(...carryChain('t'), '  condSub(out, t0, t1, t2, t3, t4, t5, t6, t7, t8);');
  const params = range(N)
    .map((i) => `r${i}: u64`)
    .join(', ');

  return `// Generated by scripts/generate.ts from the field parameters there; do not edit.
// ${f.name}: m = ${hex(f.modulus)}
// Elements are always canonical (< m), limbs < 2^29. Multiplication is Montgomery's with R = 2^261.
import { SCRATCH_A, limbsToBytes, bytesToLimbs, limbsEqual, copy, cmov } from "../limbs";
import { modInverse } from "../safegcd";

export const MODULUS: usize = memory.data<u32>([${m.join(', ')}]);
export const MODINFO: usize = memory.data<u32>([${modInfo(f.modulus).join(', ')}]);
/** R² mod m and R³ mod m: into and across the Montgomery domain. */
export const R2: usize = memory.data<u32>([${limbsOf(R ** 2n % f.modulus).join(', ')}]);
export const R3: usize = memory.data<u32>([${limbsOf(R ** 3n % f.modulus).join(', ')}]);
export const ONE: usize = memory.data<u32>([1, 0, 0, 0, 0, 0, 0, 0, 0]);

/** Stores r − m when r ≥ m, else r (r < 2m, limbs < 2^29). */
@inline
function condSub(out: usize, ${params}): void {
${range(N)
  .map((i) => `  let x${i}: i64 = <i64>r${i} - ${hex(m[i] as bigint)}${i > 0 ? ` + (x${i - 1} >> ${W})` : ''};`)
  .join('\n')}
  if (x${N - 1} < 0) {
${range(N)
  .map((i) => `    store<u32>(out, <u32>r${i}, ${4 * i});`)
  .join('\n')}
  } else {
${range(N)
  .map((i) => `    store<u32>(out, <u32>x${i} & ${hex(MASK)}, ${4 * i});`)
  .join('\n')}
  }
}

/** out = a·b·R⁻¹ mod m, for a < R and b < m */
export function montMul(out: usize, a: usize, b: usize): void {
${body.join('\n')}
}

/** out = a·b mod m */
export function mul(out: usize, a: usize, b: usize): void {
  montMul(out, a, b);
  montMul(out, out, R2);
}

/** out = a² mod m */
export function sqr(out: usize, a: usize): void {
  mul(out, a, a);
}

/** out = a + b mod m */
export function add(out: usize, a: usize, b: usize): void {
${range(N)
  .map((i) => `  let t${i}: u64 = <u64>load<u32>(a, ${4 * i}) + <u64>load<u32>(b, ${4 * i});`)
  .join('\n')}
${carryChain('t').join('\n')}
  condSub(out, ${range(N)
    .map((i) => `t${i}`)
    .join(', ')});
}

/** out = a − b mod m */
export function sub(out: usize, a: usize, b: usize): void {
${range(N)
  .map(
    (i) =>
      `  let x${i}: i64 = <i64>load<u32>(a, ${4 * i}) - <i64>load<u32>(b, ${4 * i})${i > 0 ? ` + (x${i - 1} >> ${W})` : ''};`,
  )
  .join('\n')}
  // A borrow out of the top limb means a < b: add m back.
  const fix: i64 = x${N - 1} >> 63;
${range(N)
  .map(
    (i) =>
      `  const y${i}: i64 = (x${i} & ${hex(MASK)}) + (fix & ${hex(m[i] as bigint)})${i > 0 ? ` + (y${i - 1} >> ${W})` : ''};`,
  )
  .join('\n')}
${range(N)
  .map((i) => `  store<u32>(out, <u32>y${i} & ${hex(MASK)}, ${4 * i});`)
  .join('\n')}
}

/** out = −a mod m */
export function neg(out: usize, a: usize): void {
  sub(out, ZERO, a);
}
const ZERO: usize = memory.data<u32>([0, 0, 0, 0, 0, 0, 0, 0, 0]);

/** Whether the limbs of a (each < 2^29) hold a value below m: a − m borrows. */
function isCanonical(a: usize): bool {
  let x: i64 = 0;
  for (let i: usize = 0; i < ${N}; i++) x = (<i64>load<u32>(a + 4 * i) - <i64>load<u32>(MODULUS + 4 * i) + x) >> ${W};
  return x < 0;
}

/** out = a (already canonical) */
export function canonical(out: usize, a: usize): void {
  copy(out, a);
}

/** out = x mod m for any x < 2^261 given as limbs */
export function reduceLimbs(out: usize, x: usize): void {
  montMul(out, x, R2);
  montMul(out, out, ONE);
}

/** out = the ${f.bigEndian ? 'big' : 'little'}-endian ${f.bigEndian ? 32 : 64}-byte integer at src, mod m */
export function reduceBytes(out: usize, src: usize): void {
${
  f.bigEndian
    ? `  bytesToLimbs(SCRATCH_A, src, true);
  reduceLimbs(out, SCRATCH_A);`
    : `  // x = lo + hi·2^261 → x·R = lo·R + hi·R² (mod m), computed as montMul(lo, R²) + montMul(hi, R³).
  wideToLimbs(SCRATCH_A, SCRATCH_HI, src);
  montMul(out, SCRATCH_A, R2);
  montMul(SCRATCH_HI, SCRATCH_HI, R3);
  add(out, out, SCRATCH_HI);
  montMul(out, out, ONE);`
}
}
${f.bigEndian ? '' : wideToLimbsSource()}
${commonTail(f)}`;
}

/** Splits 64 little-endian bytes into the low 261 bits and the high 251 bits, both as 9×29-bit limbs. */
function wideToLimbsSource(): string {
  return `
const SCRATCH_HI: usize = memory.data(${4 * N});

function wideToLimbs(lo: usize, hi: usize, src: usize): void {
  for (let i: usize = 0; i < 18; i++) {
    const bit: usize = i * ${W};
    const byte = bit >> 3;
    // Up to 8 bytes from byte; bytes past 64 read as zero.
    let w: u64 = 0;
    for (let k: usize = 0; k < 8 && byte + k < 64; k++) w |= (<u64>load<u8>(src + byte + k)) << (8 * k);
    const limb = <u32>((w >> (bit & 7)) & ${hex(MASK)});
    store<u32>(i < ${N} ? lo + 4 * i : hi + 4 * (i - ${N}), limb);
  }
}
`;
}

/** Functions with the same body in every field: bytes, equality, inversion, batch inversion. */
function commonTail(f: FieldSpec): string {
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

export function isZero(a: usize): bool {
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

/** Modulus as nine signed 30-bit limbs followed by m⁻¹ mod 2^30, for safegcd. */
function modInfo(m: bigint): bigint[] {
  const b30 = (1n << 30n) - 1n;
  const limbs = range(N).map((i) => (m >> BigInt(30 * i)) & b30);
  const inv30 = modPow(m, (1n << 29n) - 1n, 1n << 30n);
  if (((m * inv30) & b30) !== 1n) throw new Error('bad 30-bit inverse');
  return [...limbs, inv30];
}

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'assembly', 'generated');
mkdirSync(outDir, { recursive: true });
const COMMON = ['mul', 'sqr', 'add', 'sub', 'neg', 'cneg', 'inv', 'batchInv', 'eq', 'isZero', 'canonical'];
const EXTRA = ['fromBytes', 'toBytes', 'mulLoop', 'sqrLoop', 'invLoop'];
const exportLines: string[] = [];
for (const f of FIELDS) {
  writeFileSync(join(outDir, `${f.name}.ts`), f.kind === 'montgomery' ? montgomery(f) : pseudoMersenne(f));
  const names = [...COMMON, ...EXTRA, ...(f.kind === 'montgomery' ? ['reduceBytes'] : ['mulSmall'])];
  exportLines.push(`export { ${names.map((n) => `${n} as ${f.name}_${n}`).join(', ')} } from "./${f.name}";`);
}
writeFileSync(
  join(outDir, 'exports.ts'),
  `// Generated by scripts/generate.ts; do not edit. The module's exports, one prefix per field.\n${exportLines.join('\n')}\n`,
);
