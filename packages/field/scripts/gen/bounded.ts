// Straight-line code builders that carry a proven bound for every local, so the generator refuses to emit
// code that could overflow 64 bits.
import { hex, MASK, times, W } from './spec.js';
/** An expression of u64 code together with a proven inclusive upper bound of its value. */
export interface Expr {
  readonly code: string;
  readonly max: bigint;
}
export const U64_MAX: bigint = (1n << 64n) - 1n;
export const fits = (e: Expr, what: string): Expr => {
  if (e.max > U64_MAX) throw new Error(`${what}: bound 2^${bits(e.max)} overflows u64`);
  return e;
};
export const bits = (x: bigint): string => (Math.log2(Number(x) + 1) || 0).toFixed(2);
export const sum = (...xs: Expr[]): Expr =>
  fits({ code: xs.map((x) => x.code).join(' + '), max: xs.reduce((a, x) => a + x.max, 0n) }, 'sum');
export const prod = (x: Expr, y: Expr): Expr => fits({ code: `${x.code} * ${y.code}`, max: x.max * y.max }, 'product');
export const shr = (x: Expr, k: number): Expr => ({ code: `(${x.code} >> ${k})`, max: x.max >> BigInt(k) });
export const masked = (x: Expr, m: bigint): Expr => ({ code: `(${x.code} & ${hex(m)})`, max: x.max < m ? x.max : m });
/** x·c for a constant c, written as a shift when c is a power of two. */
export const scaled = (x: Expr, c: bigint): Expr => fits({ code: times(x.code, c), max: x.max * c }, `scaled by ${c}`);

/** Straight-line code over u64 locals, keeping each local's bound. */
export class Block {
  readonly lines: string[] = [];
  readonly #max = new Map<string, bigint>();
  /** The bounds in force when each assignment line was written (keyed by line index), for pair.ts. */
  readonly boundsAt: Map<number, ReadonlyMap<string, bigint>> = new Map();
  /** The latest bound of a local. */
  bound(name: string): bigint | undefined {
    return this.#max.get(name);
  }
  v(name: string): Expr {
    const max = this.#max.get(name);
    if (max === undefined) throw new Error(`unknown local ${name}`);
    return { code: name, max };
  }
  /** Declares (first time) or assigns a local. */
  set(name: string, e: Expr, decl: 'let' | 'const' = 'let'): Expr {
    fits(e, name);
    this.boundsAt.set(this.lines.length, new Map(this.#max));
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

/** A signed i64 expression with a proven interval. */
export interface SExpr {
  readonly code: string;
  readonly min: bigint;
  readonly max: bigint;
}
export const I64_MIN: bigint = -(1n << 63n);
export const I64_MAX: bigint = (1n << 63n) - 1n;

/** Straight-line i64 code with interval tracking (arithmetic shifts are floor divisions). */
export class SBlock {
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
export function lin(terms: { x: SExpr; k: bigint; sign: 1 | -1 }[]): SExpr {
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
export const sar = (x: SExpr, k: number): SExpr => ({
  code: `(${x.code} >> ${k})`,
  min: x.min >> BigInt(k),
  max: x.max >> BigInt(k),
});
export const smask = (x: SExpr): SExpr =>
  x.min >= 0n && x.max <= MASK ? x : { code: `(${x.code} & ${hex(MASK)})`, min: 0n, max: MASK };
/** Serial carry from limb `from` through `to` − 1 into limb `to` (which keeps the rest, signed). */
export function sCarry(b: SBlock, v: string, from: number, to: number): void {
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
