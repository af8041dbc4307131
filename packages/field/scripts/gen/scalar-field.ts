// Scalar fields (n, l): one product folded with small constants, Montgomery products for hash reduction.

import { productColumns } from './base-field.js';
import { Block, lin, SBlock, type SExpr, sar, sCarry } from './bounded.js';
import { commonTail } from './common.js';
import {
  carryChain,
  hex,
  limbsOf,
  loadLimbs,
  MASK,
  modInfo,
  modPow,
  N,
  R,
  range,
  type ScalarField,
  W,
} from './spec.js';

/**
 * a·b mod m for a scalar field, with one product and folding instead of Montgomery's two products:
 * K = 2^261 mod m and KB = 2^B mod m are small in magnitude (n = 2^256 − c, l = 2^252 + δ with c, δ
 * ≈ 2^129, 2^125), so the 522-bit product x = L + 2^261·H folds as L + H·K (≈ 2^395), again (≈ 2^268),
 * then at bit B; the result lies in (−m, 2m) and one conditional correction makes it canonical.
 * Columns are signed i64 (l folds with negative constants); every interval is checked here.
 */
function scalarFoldMul(f: ScalarField, square: boolean): string {
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

export function scalarField(f: ScalarField): string {
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
// Elements are always canonical (< m), limbs < 2^29. Products fold with 2^261 mod m and 2^B mod m (small in
// magnitude); montMul (Montgomery's, R = 2^261) reduces hashes.
import { SCRATCH_A, limbsToBytes, bytesToLimbs, limbsEqual, copy, cmov, checkLimbs } from "../limbs";
import { CHECKED } from "./checked";
import { modInverse } from "../safegcd";

/** The checked build traps unless a is canonical: limbs < 2^29 and a < m. */
@inline
function checkCanonical(a: usize): void {
  if (CHECKED) {
    checkLimbs(a, ${hex(MASK)}, ${hex(MASK)});
    if (!isCanonical(a)) unreachable();
  }
}

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
  if (CHECKED) checkLimbs(a, ${hex(MASK)}, ${hex(MASK)});
  checkCanonical(b);
${body.join('\n')}
}

/** out = a·b mod m (a, b canonical) */
export function mul(out: usize, a: usize, b: usize): void {
  checkCanonical(a);
  checkCanonical(b);
${scalarFoldMul(f, false)}
}

/** out = a² mod m (a canonical) */
export function sqr(out: usize, a: usize): void {
  checkCanonical(a);
${scalarFoldMul(f, true)}
}

/** out = a + b mod m */
export function add(out: usize, a: usize, b: usize): void {
  checkCanonical(a);
  checkCanonical(b);
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
  checkCanonical(a);
  checkCanonical(b);
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
  checkCanonical(a);
  copy(out, a);
}

/** out = x mod m for any x < 2^261 given as limbs */
export function reduceLimbs(out: usize, x: usize): void {
  if (CHECKED) checkLimbs(x, ${hex(MASK)}, ${hex(MASK)});
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
