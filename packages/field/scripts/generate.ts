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

/** An expression of u64 code together with a proven inclusive upper bound of its value. */
interface Expr {
  readonly code: string;
  readonly max: bigint;
}
const U64_MAX = (1n << 64n) - 1n;
const fits = (e: Expr, what: string): Expr => {
  if (e.max > U64_MAX) throw new Error(`${what}: bound 2^${bits(e.max)} overflows u64`);
  return e;
};
const bits = (x: bigint): string => (Math.log2(Number(x) + 1) || 0).toFixed(2);
const sum = (...xs: Expr[]): Expr =>
  fits({ code: xs.map((x) => x.code).join(' + '), max: xs.reduce((a, x) => a + x.max, 0n) }, 'sum');
const prod = (x: Expr, y: Expr): Expr => fits({ code: `${x.code} * ${y.code}`, max: x.max * y.max }, 'product');
const shr = (x: Expr, k: number): Expr => ({ code: `(${x.code} >> ${k})`, max: x.max >> BigInt(k) });
const masked = (x: Expr, m: bigint): Expr => ({ code: `(${x.code} & ${hex(m)})`, max: x.max < m ? x.max : m });
/** x·c for a constant c, written as a shift when c is a power of two. */
const scaled = (x: Expr, c: bigint): Expr => fits({ code: times(x.code, c), max: x.max * c }, `scaled by ${c}`);

/** Straight-line code over u64 locals, keeping each local's bound. */
class Block {
  readonly lines: string[] = [];
  readonly #max = new Map<string, bigint>();
  v(name: string): Expr {
    const max = this.#max.get(name);
    if (max === undefined) throw new Error(`unknown local ${name}`);
    return { code: name, max };
  }
  /** Declares (first time) or assigns a local. */
  set(name: string, e: Expr, decl: 'let' | 'const' = 'let'): Expr {
    fits(e, name);
    this.lines.push(this.#max.has(name) ? `  ${name} = ${e.code};` : `  ${decl} ${name}: u64 = ${e.code};`);
    this.#max.set(name, e.max);
    return this.v(name);
  }
  input(name: string, code: string, max: bigint): Expr {
    return this.set(name, { code, max }, 'const');
  }
  comment(text: string): void {
    this.lines.push(`  // ${text}`);
  }
}

const LAZY_MAX = (1n << 30n) - 1n;

/**
 * Column sums Σ a_i·b_j (i + j = k) of two 9-limb operands with limbs ≤ inMax: schoolbook for squares
 * (45 products with doubled cross terms), three-way Karatsuba for products (54 instead of 81).
 */
function productColumns(b: Block, square: boolean, inMax: bigint = LAZY_MAX): Expr[] {
  const ld = (p: string, i: number): Expr => b.input(`${p}${i}`, `<u64>load<u32>(${p}, ${4 * i})`, inMax);
  const a = range(N).map((i) => ld('a', i));
  if (!square)
    return karatsuba3(
      b,
      a,
      range(N).map((i) => ld('b', i)),
      inMax,
    );
  const d = range(N - 1).map((i) => b.set(`d${i}`, scaled(a[i] as Expr, 2n), 'const'));
  const cols: Expr[][] = range(2 * N - 1).map(() => []);
  for (let i = 0; i < N; i++) {
    cols[2 * i]?.push(prod(a[i] as Expr, a[i] as Expr));
    for (let j = i + 1; j < N; j++) cols[i + j]?.push(prod(d[i] as Expr, a[j] as Expr));
  }
  return cols.map((terms, k) => b.set(`t${k}`, sum(...terms)));
}

/**
 * Three-way Karatsuba on blocks of three limbs: six 3×3 block products (54 multiplications instead of 81).
 * Arithmetic is mod 2^64; every final column equals the schoolbook column, which is below 2^64, so the
 * subtractions are exact in the end whatever the intermediate values.
 */
function karatsuba3(b: Block, a: Expr[], y: Expr[], inMax: bigint): Expr[] {
  const blockProduct = (name: string, x: Expr[], z: Expr[]): string[] =>
    range(5).map((k) => {
      const terms: string[] = [];
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) if (i + j === k) terms.push(`${x[i]?.code} * ${z[j]?.code}`);
      b.lines.push(`  const ${name}_${k}: u64 = ${terms.join(' + ')};`);
      return `${name}_${k}`;
    });
  const blk = (v: Expr[], I: number) => v.slice(3 * I, 3 * I + 3);
  // Block sums have limbs ≤ 2·inMax; their product columns may wrap mod 2^64, which the final columns undo.
  const sumBlk = (name: string, v: Expr[], I: number, J: number): Expr[] =>
    range(3).map((i) => b.set(`${name}${i}`, sum(v[3 * I + i] as Expr, v[3 * J + i] as Expr), 'const'));
  const P = [0, 1, 2].map((I) => blockProduct(`p${I}${I}`, blk(a, I), blk(y, I)));
  const pairs: [number, number][] = [
    [0, 1],
    [0, 2],
    [1, 2],
  ];
  const Q = pairs.map(([I, J]) =>
    blockProduct(`q${I}${J}`, sumBlk(`sa${I}${J}_`, a, I, J), sumBlk(`sb${I}${J}_`, y, I, J)),
  );
  // c = P00 + x(Q01 − P00 − P11) + x²(Q02 − P00 − P22 + P11) + x³(Q12 − P11 − P22) + x⁴·P22, x = 2^87
  const contrib: [string[], number, 1 | -1][] = [
    [P[0] as string[], 0, 1],
    [Q[0] as string[], 1, 1],
    [P[0] as string[], 1, -1],
    [P[1] as string[], 1, -1],
    [Q[1] as string[], 2, 1],
    [P[0] as string[], 2, -1],
    [P[2] as string[], 2, -1],
    [P[1] as string[], 2, 1],
    [Q[2] as string[], 3, 1],
    [P[1] as string[], 3, -1],
    [P[2] as string[], 3, -1],
    [P[2] as string[], 4, 1],
  ];
  return range(2 * N - 1).map((k) => {
    let code = '';
    for (const [cols, shift, sign] of contrib) {
      const c = cols[k - 3 * shift];
      if (c === undefined) continue;
      code += code === '' ? (sign > 0 ? c : `0 - ${c}`) : sign > 0 ? ` + ${c}` : ` - ${c}`;
    }
    const terms = range(N).filter((i) => k - i >= 0 && k - i < N).length;
    return b.set(`t${k}`, { code, max: BigInt(terms) * inMax * inMax });
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
function reduceColumns(b: Block, cols: Expr[], f: PseudoMersenne, topShift: number): void {
  const fold261 = pieces(R % f.modulus);
  const foldTop = pieces((1n << BigInt(f.foldBit)) % f.modulus);
  const t = (i: number) => b.v(`t${i}`);
  const c = range(N).map((k) => b.set(`c${k + 8}`, shr(cols[k + 8] as Expr, W), 'const'));
  b.set('t8', masked(t(8), MASK));
  const h: Expr[] = [];
  for (let k = 9; k <= 16; k++) h[k] = b.set(`t${k}`, sum(masked(t(k), MASK), c[k - 9] as Expr));
  h[17] = c[8] as Expr;
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

function pseudoMersenne(f: PseudoMersenne): string {
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

  const foldTopInto = (v: string, top: string): string[] =>
    foldTop.map(({ limb, factor }) => `  ${v}${limb} += ${times(top, factor)};`);
  const reduceTail = (v: string): string[] => [
    `  const top = ${v}${N - 1} >> ${topShift};`,
    `  ${v}${N - 1} &= ${topMask};`,
    ...foldTopInto(v, 'top'),
    ...carryChain(v),
    ...storeLimbs('out', v),
  ];
  const kernel = (square: boolean): string => {
    const b = new Block();
    reduceColumns(b, productColumns(b, square), f, topShift);
    return b.lines.join('\n');
  };
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
${kernel(false)}
}

/** out = a² (45 products instead of 81) */
export function sqr(out: usize, a: usize): void {
${kernel(true)}
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

/** A signed i64 expression with a proven interval. */
interface SExpr {
  readonly code: string;
  readonly min: bigint;
  readonly max: bigint;
}
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Straight-line i64 code with interval tracking (arithmetic shifts are floor divisions). */
class SBlock {
  readonly lines: string[] = [];
  readonly #iv = new Map<string, [bigint, bigint]>();
  v(name: string): SExpr {
    const iv = this.#iv.get(name);
    if (!iv) throw new Error(`unknown local ${name}`);
    return { code: name, min: iv[0], max: iv[1] };
  }
  has(name: string): boolean {
    return this.#iv.has(name);
  }
  set(name: string, e: SExpr): SExpr {
    if (e.min < I64_MIN || e.max > I64_MAX) throw new Error(`${name}: interval overflows i64`);
    this.lines.push(this.#iv.has(name) ? `  ${name} = ${e.code};` : `  let ${name}: i64 = ${e.code};`);
    this.#iv.set(name, [e.min, e.max]);
    return this.v(name);
  }
}
/** Σ sign·x·k over terms, k ≥ 0 constants (1 for a plain term). */
function lin(terms: { x: SExpr; k: bigint; sign: 1 | -1 }[]): SExpr {
  let code = '';
  let min = 0n;
  let max = 0n;
  for (const { x, k, sign } of terms) {
    const t = k === 1n ? x.code : times(x.code, k);
    code += code === '' ? (sign > 0 ? t : `-${t}`) : sign > 0 ? ` + ${t}` : ` - ${t}`;
    const [lo, hi] = sign > 0 ? [x.min * k, x.max * k] : [-x.max * k, -x.min * k];
    min += lo;
    max += hi;
    if (lo < I64_MIN || hi > I64_MAX || min < I64_MIN || max > I64_MAX) throw new Error(`term ${t} overflows i64`);
  }
  return { code: code === '' ? '0' : code, min, max };
}
const sar = (x: SExpr, k: number): SExpr => ({
  code: `(${x.code} >> ${k})`,
  min: x.min >> BigInt(k),
  max: x.max >> BigInt(k),
});
const smask = (x: SExpr): SExpr =>
  x.min >= 0n && x.max <= MASK ? x : { code: `(${x.code} & ${hex(MASK)})`, min: 0n, max: MASK };
/** Serial carry from limb `from` through `to` − 1 into limb `to` (which keeps the rest, signed). */
function sCarry(b: SBlock, v: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    b.set(
      `${v}${i + 1}`,
      lin([
        { x: b.v(`${v}${i + 1}`), k: 1n, sign: 1 },
        { x: sar(b.v(`${v}${i}`), W), k: 1n, sign: 1 },
      ]),
    );
    b.set(`${v}${i}`, smask(b.v(`${v}${i}`)));
  }
}

/**
 * a·b mod m for a scalar field, with one product and folding instead of Montgomery's two products:
 * K = 2^261 mod m and KB = 2^B mod m are small in magnitude (n = 2^256 − c, l = 2^252 + δ with c, δ
 * ≈ 2^129, 2^125), so the 522-bit product x = L + 2^261·H folds as L + H·K (≈ 2^395), again (≈ 2^268),
 * then at bit B; the result lies in (−m, 2m) and one conditional correction makes it canonical.
 * Columns are signed i64 (l folds with negative constants); every interval is checked here.
 */
function scalarFoldMul(f: Montgomery, square: boolean): string {
  const B = f.name === 'secp256k1_n' ? 256 : 252;
  const signedSmall = (x: bigint): bigint => {
    const r = ((x % f.modulus) + f.modulus) % f.modulus;
    return r > f.modulus / 2n ? r - f.modulus : r;
  };
  const K = signedSmall(R);
  const KB = signedSmall(1n << BigInt(B));
  const absLimbs = (x: bigint) => {
    const a = x < 0n ? -x : x;
    const l: bigint[] = [];
    for (let v = a; v > 0n; v >>= BigInt(W)) l.push(v & MASK);
    return l;
  };
  const [kl, ks] = [absLimbs(K), K < 0n ? -1 : 1] as const;
  const [bl, bs] = [absLimbs(KB), KB < 0n ? -1 : 1] as const;
  if (kl.length > 5 || bl.length > 5) throw new Error(`${f.name}: fold constants too wide`);

  const ub = new Block();
  const cols = productColumns(ub, square, MASK);
  const b = new SBlock();
  b.lines.push(...ub.lines);
  for (const [k, c] of cols.entries()) b.set(`x${k}`, { code: `<i64>${c.code}`, min: 0n, max: c.max });
  b.set('x17', { code: '0', min: 0n, max: 0n });
  sCarry(b, 'x', 0, 17);
  // fold 1: y = x0..x8 + (x9..x17)·K
  const fold = (dst: string, lo: number, src: string, hiFrom: number, hiLen: number, limbs: bigint[], sign: number) => {
    const ncol = Math.max(lo, hiLen + limbs.length - 1);
    for (let k = 0; k < ncol; k++) {
      const terms: { x: SExpr; k: bigint; sign: 1 | -1 }[] = [];
      if (k < lo) terms.push({ x: b.v(`${src}${k}`), k: 1n, sign: 1 });
      for (let i = 0; i < hiLen; i++) {
        const j = k - i;
        const kj = limbs[j];
        if (kj === undefined || kj === 0n) continue;
        terms.push({ x: b.v(`${src}${hiFrom + i}`), k: kj, sign: sign as 1 | -1 });
      }
      b.set(`${dst}${k}`, lin(terms));
    }
    return ncol;
  };
  const ny = fold('y', 9, 'x', 9, 9, kl, ks);
  b.set(`y${ny}`, { code: '0', min: 0n, max: 0n });
  sCarry(b, 'y', 0, ny);
  // fold 2: z = y0..y8 + (y9..y_ny)·K
  const nz = fold('z', 9, 'y', 9, ny - 9 + 1, kl, ks);
  if (nz > 9) throw new Error(`${f.name}: second fold does not fit nine limbs`);
  b.set('z9', { code: '0', min: 0n, max: 0n });
  sCarry(b, 'z', 0, 9);
  // fold 3 at bit B
  const topShift = B - W * (N - 1);
  const top = b.set(
    'top',
    lin([
      { x: sar(b.v('z8'), topShift), k: 1n, sign: 1 },
      { x: b.v('z9'), k: 1n << BigInt(W * N - B), sign: 1 },
    ]),
  );
  b.set('z8', { code: `(z8 & ${hex((1n << BigInt(topShift)) - 1n)})`, min: 0n, max: (1n << BigInt(topShift)) - 1n });
  for (const [j, kj] of bl.entries())
    if (kj !== 0n)
      b.set(
        `z${j}`,
        lin([
          { x: b.v(`z${j}`), k: 1n, sign: 1 },
          { x: top, k: kj, sign: bs as 1 | -1 },
        ]),
      );
  sCarry(b, 'z', 0, 8);
  const z8 = b.v('z8');
  const vmin = z8.min << 232n;
  const vmax = (z8.max << 232n) + (1n << 232n) - 1n;
  if (vmin <= -f.modulus || vmax >= 2n * f.modulus) throw new Error(`${f.name}: folded value not in (−m, 2m)`);
  const m = limbsOf(f.modulus);
  const zs = range(N)
    .map((i) => `<u64>z${i}`)
    .join(', ');
  const body = [...b.lines];
  if (vmin < 0n) {
    body.push(
      '  if (z8 < 0) {',
      ...range(N).map(
        (i) => `    let w${i}: i64 = z${i} + ${hex(m[i] as bigint)}${i > 0 ? ` + (w${i - 1} >> ${W})` : ''};`,
      ),
      ...range(N).map((i) => `    store<u32>(out, <u32>w${i} & ${hex(MASK)}, ${4 * i});`),
      '    return;',
      '  }',
    );
  }
  body.push(`  condSub(out, ${zs});`);
  return body.join('\n');
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

/** out = a·b mod m (a, b canonical) */
export function mul(out: usize, a: usize, b: usize): void {
${scalarFoldMul(f, false)}
}

/** out = a² mod m (a canonical) */
export function sqr(out: usize, a: usize): void {
${scalarFoldMul(f, true)}
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
