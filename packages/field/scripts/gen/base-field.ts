// Base fields (pseudo-Mersenne): unrolled products (scalar and SIMD columns), folding reduction and the element
// operations.

import { Block, bits, type Expr, masked, prod, scaled, shr, sum } from './bounded.js';
import { commonTail } from './common.js';
import { pairCode } from './pair.js';
import {
  carryChain,
  hex,
  limbsOf,
  MASK,
  modInfo,
  N,
  type PseudoMersenne,
  pieces,
  R,
  range,
  storeLimbs,
  times,
  W,
} from './spec.js';

const LAZY_MAX = (1n << 30n) - 1n;

/**
 * Column sums Σ a_i·b_j (i + j = k) of two 9-limb operands with limbs ≤ inMax (b's ≤ bMax in the scalar
 * schoolbook): schoolbook for squares (45 products with doubled cross terms), SIMD schoolbook for products.
 */
export function productColumns(
  b: Block,
  square: boolean,
  inMax: bigint = LAZY_MAX,
  schoolbook = false,
  bMax: bigint = inMax,
): Expr[] {
  const ld = (p: string, i: number, max: bigint): Expr => b.input(`${p}${i}`, `<u64>load<u32>(${p}, ${4 * i})`, max);
  const a = range(N).map((i) => ld('a', i, inMax));
  if (!square && !schoolbook) return simdColumns(b, a, inMax, bMax);
  if (!square) {
    const bl = range(N).map((i) => ld('b', i, bMax));
    return range(2 * N - 1).map((k) =>
      b.set(
        `t${k}`,
        sum(...range(N).flatMap((i) => (k - i >= 0 && k - i < N ? [prod(a[i] as Expr, bl[k - i] as Expr)] : []))),
      ),
    );
  }
  const d = range(N - 1).map((i) => b.set(`d${i}`, scaled(a[i] as Expr, 2n), 'const'));
  const cols: Expr[][] = range(2 * N - 1).map(() => []);
  for (let i = 0; i < N; i++) {
    cols[2 * i]?.push(prod(a[i] as Expr, a[i] as Expr));
    for (let j = i + 1; j < N; j++) cols[i + j]?.push(prod(d[i] as Expr, a[j] as Expr));
  }
  return cols.map((terms, k) => b.set(`t${k}`, sum(...terms)));
}

/**
 * Schoolbook columns with WebAssembly SIMD: row i is a_i times b's limbs four at a time, i64x2.extmul of 32-bit
 * lanes giving two products per instruction (81 products in 45). Rows of even i land on column pairs (2m, 2m+1),
 * rows of odd i on (2m+1, 2m+2); one lane shift joins them. The products leave the scalar multiplier free,
 * which bounded the three-way Karatsuba this replaced (26 ns against 30 ns per product on the bench machine).
 */
function simdColumns(b: Block, a: Expr[], inMax: bigint, bMax: bigint): Expr[] {
  const L = b.lines;
  L.push('  const B0 = v128.load(b);', '  const B1 = v128.load(b, 16);', '  const B2 = v128.load32_zero(b, 32);');
  const seen = new Set<string>();
  for (let i = 0; i < N; i++) {
    L.push(`  const A${i} = i32x4.splat(<u32>${a[i]?.code});`);
    const parts = ['low_i32x4_u(A#, B0)', 'high_i32x4_u(A#, B0)', 'low_i32x4_u(A#, B1)', 'high_i32x4_u(A#, B1)'];
    parts.push('low_i32x4_u(A#, B2)');
    parts.forEach((part, k) => {
      const acc = i % 2 === 0 ? `E${i / 2 + k}` : `O${(i - 1) / 2 + k}`;
      const product = `i64x2.extmul_${part.replace('#', String(i))}`;
      L.push(seen.has(acc) ? `  ${acc} = i64x2.add(${acc}, ${product});` : `  let ${acc} = ${product};`);
      seen.add(acc);
    });
  }
  const lanes = '8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23';
  L.push('  const Z0 = v128.splat<i64>(0);');
  for (let m = 0; m < N; m++) {
    const lo = m === 0 ? 'Z0' : `O${m - 1}`;
    const hi = m === N - 1 ? 'Z0' : `O${m}`;
    L.push(`  const S${m} = i64x2.add(E${m}, i8x16.shuffle(${lo}, ${hi}, ${lanes}));`);
  }
  return range(2 * N - 1).map((k) => {
    const terms = range(N).filter((i) => k - i >= 0 && k - i < N).length;
    return b.set(`t${k}`, {
      code: `<u64>i64x2.extract_lane(S${k >> 1}, ${k & 1})`,
      max: BigInt(terms) * inMax * bMax,
    });
  });
}

/**
 * Reduces 17 product columns (each < 2^64) mod p into reduced form, with one serial carry chain:
 *  1. one parallel carry over columns 8..16, so the high columns h9..h17 are small enough to scale;
 *  2. fold h9..h17 into columns 0..8 with 2^261 ≡ Σ factor·2^(29·limb) (mod p);
 *  3. carry column 7 into column 8 once, and split column 8 at the fold bit: the bits above it (with the
 *     part of step 2 that landed at 2^261) are folded into columns 0 and 1 with 2^foldBit mod p;
 *  4. one serial carry 0 → 8. Column 7 is below 2^29 before the chain reaches it, so the carry into
 *     column 8 is a few bits at most and column 8 ends below 2^(topShift+1).
 * Every bound is tracked by Block and checked here at generation time.
 */
function reduceColumns(b: Block, cols: Expr[], f: PseudoMersenne, topShift: number, narrowHigh = false): void {
  const fold261 = pieces(R % f.modulus);
  const foldTop = pieces((1n << BigInt(f.foldBit)) % f.modulus);
  const t = (i: number) => b.v(`t${i}`);
  const c = range(N).map((k) => b.set(`c${k + 8}`, shr(cols[k + 8] as Expr, W), 'const'));
  b.set('t8', masked(t(8), MASK));
  const h: Expr[] = [];
  for (let k = 9; k <= 16; k++) h[k] = b.set(`t${k}`, sum(masked(t(k), MASK), c[k - 9] as Expr));
  h[17] = c[8] as Expr;
  if (narrowHigh) {
    // Pairs: one more parallel carry brings h9..h17 below 2^32, so the fold scales them with 32-bit products
    // (SIMD has no cheap 64-bit multiplication).
    const c2 = range(N - 1).map((k) => b.set(`e${k + 9}`, shr(h[k + 9] as Expr, W), 'const'));
    for (let k = 9; k <= 16; k++)
      h[k] = b.set(`t${k}`, k === 9 ? masked(h[k] as Expr, MASK) : sum(masked(h[k] as Expr, MASK), c2[k - 10] as Expr));
    h[17] = b.set('t17', sum(c[8] as Expr, c2[7] as Expr));
  }
  const fold: Expr[][] = range(N + 1).map((k) => (k < N ? [t(k)] : []));
  for (let j = 9; j <= 17; j++)
    for (const { limb, factor } of fold261) fold[j - 9 + limb]?.push(scaled(h[j] as Expr, factor));
  if (fold261.some(({ limb }) => limb > 1)) throw new Error(`${f.name}: 2^261 mod p spans more than two limbs`);
  for (let k = 0; k < N; k++) b.set(`t${k}`, sum(...(fold[k] as Expr[])));
  const x9 = (fold[N] as Expr[]).length > 0 ? b.set('x9', sum(...(fold[N] as Expr[])), 'const') : undefined;
  b.set('t8', sum(t(8), shr(t(7), W)));
  b.set('t7', masked(t(7), MASK));
  const topParts = [shr(t(8), topShift)];
  if (x9) topParts.push(scaled(x9, 1n << BigInt(W - topShift)));
  const top = b.set('top', sum(...topParts), 'const');
  b.set('t8', masked(t(8), (1n << BigInt(topShift)) - 1n));
  for (const { limb, factor } of foldTop) b.set(`t${limb}`, sum(t(limb), scaled(top, factor)));
  for (let i = 0; i < N - 1; i++) {
    b.set(`t${i + 1}`, sum(t(i + 1), shr(t(i), W)));
    b.set(`t${i}`, masked(t(i), MASK));
  }
  for (let i = 0; i < N - 1; i++) if (t(i).max > MASK) throw new Error(`${f.name}: limb ${i} not reduced`);
  if (t(8).max >= 1n << BigInt(topShift + 1)) throw new Error(`${f.name}: limb 8 bound 2^${bits(t(8).max)}`);
  b.lines.push(...storeLimbs('out', 't'));
}

export function pseudoMersenne(f: PseudoMersenne): string {
  const topShift = f.foldBit - W * (N - 1);
  const topMask = hex((1n << BigInt(topShift)) - 1n);
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
  // 32p, borrow-shifted by 16 per limb, covers b + m·c for reduced b, c and m ≤ 8 (subMul).
  const SUB_MUL_MAX = 8n;
  const k32 = limbsOf(32n * f.modulus);
  for (let i = 0; i < N - 1; i++) {
    k32[i] = (k32[i] as bigint) + (16n << BigInt(W));
    k32[i + 1] = (k32[i + 1] as bigint) - 16n;
  }
  const limbMax = (i: number) => (i < N - 1 ? MASK : (1n << BigInt(topShift + 1)) - 1n);
  // a + 4p − b without carries for reduced a, b (subLazy2): limbs up to this, which mul2 takes as a.
  let subLazyMax = 0n;
  for (const [i, k] of kLimbs.entries()) if (limbMax(i) + k > subLazyMax) subLazyMax = limbMax(i) + k;
  if (subLazyMax >= 1n << 31n) throw new Error(`${f.name}: a + 4p − b does not fit 31 bits`);
  if (subLazyMax < 3n * MASK) throw new Error(`${f.name}: mul2's first operand would not take a sum of three`);
  if (k32.some((x, i) => x < (1n + SUB_MUL_MAX) * limbMax(i)) || (k32[N - 1] as bigint) >= 1n << 40n)
    throw new Error(`${f.name}: 32p does not cover b + 8c`);

  // Input bounds (limbs 0..7, limb 8) each kernel's code was proven for: the checked build asserts them on entry.
  type Bound = readonly [bigint, bigint];
  const REDUCED: Bound = [MASK, limbMax(N - 1)];
  const LAZY: Bound = [LAZY_MAX, LAZY_MAX];
  const SUB_LAZY: Bound = [subLazyMax, subLazyMax];
  const check = (pair: boolean, ...inputs: [string, Bound][]): string =>
    inputs
      .map(([p, [max, max8]]) => `  if (CHECKED) checkLimbs${pair ? '2' : ''}(${p}, ${hex(max)}, ${hex(max8)});`)
      .join('\n');

  const foldTopInto = (v: string, top: string): string[] =>
    foldTop.map(({ limb, factor }) => `  ${v}${limb} += ${times(top, factor)};`);
  const reduceTail = (v: string): string[] => [
    `  const top = ${v}${N - 1} >> ${topShift};`,
    `  ${v}${N - 1} &= ${topMask};`,
    ...foldTopInto(v, 'top'),
    ...carryChain(v),
    ...storeLimbs('out', v),
  ];
  const kernel = (square: boolean, aMax = LAZY_MAX): string => {
    const b = new Block();
    reduceColumns(b, productColumns(b, square, aMax, false, LAZY_MAX), f, topShift);
    return b.lines.join('\n');
  };
  const pairKernel = (square: boolean, aMax = LAZY_MAX, bMax = LAZY_MAX): string => {
    const b = new Block();
    reduceColumns(b, productColumns(b, square, aMax, true, bMax), f, topShift, square);
    return pairCode(b);
  };
  const twoPowK = (1n << BigInt(f.foldBit)) - f.modulus;
  // Pairs (see pair.ts): limb i of both lanes as i64x2, the same constants and carry chain as the scalar code.
  // Every value the tail folds stays below 2^32 (t8 < 2^40 at most), so top·factor is a 32-bit product.
  const ld2 = (p: string, i: number) => `i64x2.extend_low_i32x4_u(v128.load64_zero(${p} + ${8 * i}))`;
  const mask2 = (v: string) => `v128.and(${v}, i64x2.splat(${hex(MASK)}))`;
  const pairCarry = () =>
    range(N - 1)
      .map((i) => `  t${i + 1} = i64x2.add(t${i + 1}, i64x2.shr_u(t${i}, ${W}));\n  t${i} = ${mask2(`t${i}`)};`)
      .join('\n');
  const narrow2 = (v: string) => `i8x16.shuffle(${v}, ${v}, 0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11)`;
  const pairTail = () =>
    [
      `  const top = i64x2.shr_u(t${N - 1}, ${topShift});`,
      `  t${N - 1} = v128.and(t${N - 1}, i64x2.splat(${topMask}));`,
      ...foldTop.map(({ limb, factor }) =>
        (factor & (factor - 1n)) === 0n
          ? `  t${limb} = i64x2.add(t${limb}, i64x2.shl(top, ${factor.toString(2).length - 1}));`
          : `  t${limb} = i64x2.add(t${limb}, i64x2.extmul_low_i32x4_u(${narrow2('top')}, i32x4.splat(${factor})));`,
      ),
      pairCarry(),
      ...range(N).map((i) => `  v128.store64_lane(out + ${8 * i}, ${narrow2(`t${i}`)}, 0);`),
    ].join('\n');

  return `// Generated by scripts/generate.ts from the field parameters there; do not edit.
// ${f.name}: p = ${hex(f.modulus)}
// Reduced form: limbs 0..7 < 2^29, limb 8 < 2^${topShift + 1} (value < 2^${f.foldBit + 1}, congruent, not
// necessarily < p). mul and sqr also accept limbs < 2^30 (the sum of two reduced elements).
import { SCRATCH_A, limbsToBytes, bytesToLimbs, limbsEqual, copy, cmov, checkLimbs, checkLimbs2 } from "../limbs";
import { CHECKED } from "./checked";
import { modInverse } from "../safegcd";

export const MODULUS: usize = memory.data<u32>([${limbsOf(f.modulus).join(', ')}]);
/** Bernstein–Yang inverse parameters: modulus in 30-bit limbs and its inverse mod 2^30. */
export const MODINFO: usize = memory.data<u32>([${modInfo(f.modulus).join(', ')}]);

/**
 * out = a·b; a a lazy sum, a subLazy difference or a carry-free sum of three reduced elements (limbs ≤
 * ${hex(subLazyMax)}), b a lazy sum (limbs < 2^30).
 */
export function mul(out: usize, a: usize, b: usize): void {
${check(false, ['a', SUB_LAZY], ['b', LAZY])}
${kernel(false, subLazyMax)}
}

/** out = a² (45 products instead of 81) */
export function sqr(out: usize, a: usize): void {
${check(false, ['a', LAZY])}
${kernel(true)}
}

/** out = a^(2^k) */
export function sqrN(out: usize, a: usize, k: i32): void {
  sqr(out, a);
  for (let i = 1; i < k; i++) sqr(out, out);
}

// Pairs: two elements x, y interleaved limb by limb (limb i of x at 8·i, of y at 8·i + 4; 72 bytes), computed
// one per SIMD lane — two independent chains (square roots, inversions by exponentiation) for little more than
// the price of one.

/** out = the pair (x, y). */
export function pairOf(out: usize, x: usize, y: usize): void {
${range(N)
  .map(
    (i) => `  store<u32>(out, load<u32>(x, ${4 * i}), ${8 * i});
  store<u32>(out, load<u32>(y, ${4 * i}), ${8 * i + 4});`,
  )
  .join('\n')}
}

/** x, y = the elements of pair p. */
export function unpair(x: usize, y: usize, p: usize): void {
${range(N)
  .map(
    (i) => `  store<u32>(x, load<u32>(p, ${8 * i}), ${4 * i});
  store<u32>(y, load<u32>(p, ${8 * i + 4}), ${4 * i});`,
  )
  .join('\n')}
}

/**
 * Pairs: out = a·b, lane by lane; a a lazy sum, a subLazy2 difference or a carry-free sum of three reduced
 * elements (limbs ≤ ${hex(subLazyMax)}), b a lazy sum (limbs < 2^30).
 */
export function mul2(out: usize, a: usize, b: usize): void {
${check(true, ['a', SUB_LAZY], ['b', LAZY])}
${pairKernel(false, subLazyMax)}
}

/** Pairs: out = a − b + 4p without carries, for reduced a and b: only as the first operand of mul2. */
export function subLazy2(out: usize, a: usize, b: usize): void {
${check(true, ['a', REDUCED], ['b', REDUCED])}
${range(4)
  .map((j) => {
    const k = (i: number) => hex(kLimbs[i] as bigint);
    return `  v128.store(out, i32x4.sub(i32x4.add(v128.load(a, ${16 * j}), i32x4(${k(2 * j)}, ${k(2 * j)}, ${k(2 * j + 1)}, ${k(2 * j + 1)})), v128.load(b, ${16 * j})), ${16 * j});`;
  })
  .join('\n')}
  v128.store64_lane(out + 64, i32x4.sub(i32x4.add(v128.load64_zero(a + 64), i32x4(${hex(kLimbs[N - 1] as bigint)}, ${hex(kLimbs[N - 1] as bigint)}, 0, 0)), v128.load64_zero(b + 64)), 0);
}

/** Pairs: out = a², lane by lane. */
export function sqr2(out: usize, a: usize): void {
${check(true, ['a', LAZY])}
${pairKernel(true)}
}

/** Pairs: out = a + b. */
export function add2(out: usize, a: usize, b: usize): void {
${check(true, ['a', REDUCED], ['b', REDUCED])}
${range(N)
  .map((i) => `  let t${i} = i64x2.add(${ld2('a', i)}, ${ld2('b', i)});`)
  .join('\n')}
${pairTail()}
}

/** Pairs: out = a + b without carries, for inputs with limbs < 2^30: only as an input to mul2 or sqr2, which bound the sum. */
export function addLazy2(out: usize, a: usize, b: usize): void {
${check(true, ['a', LAZY], ['b', LAZY])}
${range(4)
  .map((i) => `  v128.store(out, i32x4.add(v128.load(a, ${16 * i}), v128.load(b, ${16 * i})), ${16 * i});`)
  .join('\n')}
  v128.store64_lane(out + 64, i32x4.add(v128.load64_zero(a + 64), v128.load64_zero(b + 64)), 0);
}

/** Pairs: out = a − b for a reduced or a lazy sum (limbs < 2^30) and b reduced. */
export function sub2(out: usize, a: usize, b: usize): void {
${check(true, ['a', LAZY], ['b', REDUCED])}
${range(N)
  .map(
    (i) =>
      `  let t${i} = i64x2.sub(i64x2.add(${ld2('a', i)}, i64x2.splat(${hex(kLimbs[i] as bigint)})), ${ld2('b', i)});`,
  )
  .join('\n')}
${pairTail()}
}

/** Pairs: out = a − b − m·c (m ≤ ${SUB_MUL_MAX}). */
export function subMul2(out: usize, a: usize, b: usize, c: usize, m: u32): void {
${check(true, ['a', REDUCED], ['b', REDUCED], ['c', REDUCED])}
  if (CHECKED && m > ${SUB_MUL_MAX}) unreachable();
  const k = i32x4.splat(m);
${range(N)
  .map(
    (i) =>
      `  let t${i} = i64x2.sub(i64x2.sub(i64x2.add(${ld2('a', i)}, i64x2.splat(${hex(k32[i] as bigint)})), ${ld2('b', i)}), i64x2.extmul_low_i32x4_u(v128.load64_zero(c + ${8 * i}), k));`,
  )
  .join('\n')}
${pairTail()}
}

/** Pairs: out = a·k for a small constant k < 2^20. */
export function mulSmall2(out: usize, a: usize, k: u32): void {
${check(true, ['a', REDUCED])}
  if (CHECKED && k >= 1 << 20) unreachable();
  const kk = i32x4.splat(k);
${range(N)
  .map((i) => `  let t${i} = i64x2.extmul_low_i32x4_u(v128.load64_zero(a + ${8 * i}), kk);`)
  .join('\n')}
${pairCarry()}
${pairTail()}
}

/** Pairs: out = a^(2^k), lane by lane. */
export function sqrN2(out: usize, a: usize, k: i32): void {
  sqr2(out, a);
  for (let i = 1; i < k; i++) sqr2(out, out);
}

/** out = a + b */
export function add(out: usize, a: usize, b: usize): void {
${check(false, ['a', REDUCED], ['b', REDUCED])}
${range(N)
  .map((i) => `  let t${i}: u64 = <u64>load<u32>(a, ${4 * i}) + <u64>load<u32>(b, ${4 * i});`)
  .join('\n')}
${reduceTail('t').join('\n')}
}

/** out = a + b without carries, for inputs with limbs < 2^30: only as an input to mul or sqr, which bound the sum. */
export function addLazy(out: usize, a: usize, b: usize): void {
${check(false, ['a', LAZY], ['b', LAZY])}
${range(N)
  .map((i) => `  store<u32>(out, load<u32>(a, ${4 * i}) + load<u32>(b, ${4 * i}), ${4 * i});`)
  .join('\n')}
}

/** out = a − b + 4p without carries, for reduced a and b: only as the first operand of mul. */
export function subLazy(out: usize, a: usize, b: usize): void {
${check(false, ['a', REDUCED], ['b', REDUCED])}
${range(N)
  .map(
    (i) =>
      `  store<u32>(out, load<u32>(a, ${4 * i}) + ${hex(kLimbs[i] as bigint)} - load<u32>(b, ${4 * i}), ${4 * i});`,
  )
  .join('\n')}
}

/** out = a − b, computed as a + 4p − b, for a reduced or a lazy sum (limbs < 2^30) and b reduced */
export function sub(out: usize, a: usize, b: usize): void {
${check(false, ['a', LAZY], ['b', REDUCED])}
${range(N)
  .map(
    (i) =>
      `  let t${i}: u64 = <u64>load<u32>(a, ${4 * i}) + ${hex(kLimbs[i] as bigint)} - <u64>load<u32>(b, ${4 * i});`,
  )
  .join('\n')}
${reduceTail('t').join('\n')}
}

/**
 * out = a − b − m·c for reduced a, b, c and m ≤ ${SUB_MUL_MAX}, as a + 32p − b − m·c: one carry chain where
 * separate subtractions would run m + 1 (the curve formulas' X3 = r² − J − 2V and the like).
 */
export function subMul(out: usize, a: usize, b: usize, c: usize, m: u32): void {
${check(false, ['a', REDUCED], ['b', REDUCED], ['c', REDUCED])}
  if (CHECKED && m > ${SUB_MUL_MAX}) unreachable();
  const k: u64 = <u64>m;
${range(N)
  .map(
    (i) =>
      `  let t${i}: u64 = <u64>load<u32>(a, ${4 * i}) + ${hex(k32[i] as bigint)} - <u64>load<u32>(b, ${4 * i}) - k * <u64>load<u32>(c, ${4 * i});`,
  )
  .join('\n')}
${reduceTail('t').join('\n')}
}

/** out = −a */
export function neg(out: usize, a: usize): void {
${check(false, ['a', REDUCED])}
${range(N)
  .map((i) => `  let t${i}: u64 = ${hex(kLimbs[i] as bigint)} - <u64>load<u32>(a, ${4 * i});`)
  .join('\n')}
${reduceTail('t').join('\n')}
}

/** out = a·k for a small constant k < 2^20 */
export function mulSmall(out: usize, a: usize, k: u32): void {
${check(false, ['a', REDUCED])}
  if (CHECKED && k >= 1 << 20) unreachable();
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
${check(false, ['a', REDUCED])}
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
