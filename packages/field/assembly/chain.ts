// The operations an exponentiation chain takes, so one chain serves single elements and pairs (two elements in
// SIMD lanes): square, product, repeated square.
export type Sqr = (out: usize, a: usize) => void;
export type Mul = (out: usize, a: usize, b: usize) => void;
export type SqrN = (out: usize, a: usize, k: i32) => void;

/** dst = src^(2^k)·m, the step chains are made of: k ≥ 1 squarings, then a product. dst may be src, not m. */
export function step(dst: usize, src: usize, k: i32, m: usize, sq: Sqr, mu: Mul, sqn: SqrN): void {
  if (k == 1) sq(dst, src);
  else sqn(dst, src, k);
  mu(dst, dst, m);
}
