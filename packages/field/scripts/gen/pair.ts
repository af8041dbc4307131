// Two independent field elements at once, one in each 64-bit SIMD lane: the scalar kernel's straight-line u64
// code (products, shifts, masks, sums), emitted by a Block with proven bounds, rewritten as i64x2 operations.
// Limb i of the pair (x, y) sits at 8·i as two u32 (x then y), so one load64_splat gives the 32-bit lanes
// [x_i, y_i, x_i, y_i] that i64x2.extmul_low multiplies into [x_i·b, y_i·b'].
// Each lane computes exactly what the scalar code computes, so the scalar bounds carry over; the one step that
// needs more is narrowing a 64-bit lane to 32 bits before a product, which is only emitted where the bound of
// the value is below 2^32 (else i64x2.mul).

import type { Block } from './bounded.js';

const U32: bigint = 1n << 32n;

type Kind = 'packed' | 'wide';
interface V {
  code: string;
  kind: Kind;
  /** Bound of the value, where known (locals and constants). */
  max?: bigint | undefined;
}

const narrow = (v: V): string => {
  if (v.kind === 'packed') return v.code;
  if (v.max === undefined || v.max >= U32) throw new Error(`pair: ${v.code} may not fit 32 bits`);
  return `i8x16.shuffle(${v.code}, ${v.code}, 0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11)`;
};
const wide = (v: V): string => (v.kind === 'wide' ? v.code : `i64x2.extend_low_i32x4_u(${v.code})`);

function stripParens(t: string): string {
  let s = t.trim();
  while (s.startsWith('(') && s.endsWith(')')) {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '(') depth++;
      if (s[i] === ')') depth--;
      if (depth === 0 && i < s.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) break;
    s = s.slice(1, -1).trim();
  }
  return s;
}

function splitTop(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth === 0 && s.startsWith(sep, i)) {
      parts.push(cur);
      cur = '';
      i += sep.length - 1;
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * a·c for a constant c as a sum of shifted copies of a when c has few set bits: the same value modulo 2^64 as
 * i64x2.mul, which has no instruction of its own on x64 and costs three 32-bit products and five more
 * operations there.
 */
function mulConst(a: string, c: bigint): string {
  const bits: number[] = [];
  for (let i = 0; c >> BigInt(i) > 0n; i++) if ((c >> BigInt(i)) & 1n) bits.push(i);
  // Each copy repeats a, so only a local is copied.
  if (bits.length > 3 || !/^\w+$/.test(a)) return `i64x2.mul(${a}, i64x2.splat(${c}))`;
  return bits.map((k) => (k === 0 ? a : `i64x2.shl(${a}, ${k})`)).reduce((acc, x) => `i64x2.add(${acc}, ${x})`);
}

/** Rewrites straight-line u64 code into two-lane code. */
class Rewriter {
  readonly kinds = new Map<string, Kind>();
  constructor(readonly bound: (name: string) => bigint | undefined) {}

  expr(text: string): V {
    const t = stripParens(text);
    const terms = splitTop(t, ' + ');
    if (terms.length > 1) {
      const vs = terms.map((x) => this.expr(x));
      return { code: vs.map(wide).reduce((acc, x) => `i64x2.add(${acc}, ${x})`), kind: 'wide' };
    }
    for (const op of [' >> ', ' << ', ' & ', ' * '] as const) {
      const sides = splitTop(t, op);
      if (sides.length !== 2) continue;
      const [l, r] = sides.map((x) => x.trim()) as [string, string];
      const a = this.expr(l);
      if (op === ' >> ') return { code: `i64x2.shr_u(${wide(a)}, ${r})`, kind: 'wide' };
      if (op === ' << ') {
        // Packed limbs stay packed (the scalar bound keeps them below 2^32).
        const bound = a.max === undefined ? undefined : a.max << BigInt(r);
        if (a.kind === 'packed' && bound !== undefined && bound < U32)
          return { code: `i32x4.shl(${a.code}, ${r})`, kind: 'packed', max: bound };
        return { code: `i64x2.shl(${wide(a)}, ${r})`, kind: 'wide' };
      }
      if (op === ' & ') return { code: `v128.and(${wide(a)}, i64x2.splat(${r}))`, kind: 'wide' };
      if (/^\d+$/.test(r)) {
        const c = BigInt(r);
        if (c < U32 && (a.kind === 'packed' || (a.max !== undefined && a.max < U32)))
          return { code: `i64x2.extmul_low_i32x4_u(${narrow(a)}, i32x4.splat(${r}))`, kind: 'wide' };
        return { code: mulConst(wide(a), c), kind: 'wide' };
      }
      const b = this.expr(r);
      return { code: `i64x2.extmul_low_i32x4_u(${narrow(a)}, ${narrow(b)})`, kind: 'wide' };
    }
    if (/^[a-z]\w*$/.test(t)) {
      const kind = this.kinds.get(t);
      if (!kind) throw new Error(`pair: unknown local ${t}`);
      return { code: t, kind, max: this.bound(t) };
    }
    throw new Error(`pair: cannot rewrite ${t}`);
  }

  line(s: string): string {
    const text = s.trim();
    let m = /^const (\w+): u64 = <u64>load<u32>\((\w+), (\d+)\);$/.exec(text);
    if (m) {
      this.kinds.set(m[1] as string, 'packed');
      return `  const ${m[1]} = v128.load64_splat(${m[2]} + ${2 * Number(m[3])});`;
    }
    m = /^store<u32>\((\w+), <u32>(\w+), (\d+)\);$/.exec(text);
    if (m) {
      const v = { code: m[2] as string, kind: this.kinds.get(m[2] as string) as Kind, max: this.bound(m[2] as string) };
      return `  v128.store64_lane(${m[1]} + ${2 * Number(m[3])}, ${narrow(v)}, 0);`;
    }
    m = /^(const|let) (\w+): u64 = (.*);$/.exec(text);
    if (m) {
      const v = this.expr(m[3] as string);
      this.kinds.set(m[2] as string, v.kind);
      return `  ${m[1]} ${m[2]} = ${v.code};`;
    }
    m = /^(\w+) = (.*);$/.exec(text);
    if (m) {
      const v = this.expr(m[2] as string);
      const kind = this.kinds.get(m[1] as string);
      return `  ${m[1]} = ${kind === 'wide' ? wide(v) : v.code};`;
    }
    if (text.startsWith('//')) return s;
    throw new Error(`pair: cannot rewrite line ${text}`);
  }
}

/** The two-lane form of a Block's straight-line code (loads, u64 arithmetic, stores). */
export function pairCode(b: Block): string {
  let at = -1;
  const r = new Rewriter((name) => b.boundsAt.get(at)?.get(name) ?? b.bound(name));
  return b.lines
    .map((l, i) => {
      at = i;
      return r.line(l);
    })
    .join('\n');
}
