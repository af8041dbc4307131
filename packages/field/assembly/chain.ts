// The operations an exponentiation chain takes, so one chain serves single elements and pairs (two elements in
// SIMD lanes): square, product, repeated square.
export type Sqr = (out: usize, a: usize) => void;
export type Mul = (out: usize, a: usize, b: usize) => void;
export type SqrN = (out: usize, a: usize, k: i32) => void;
