// Multi-scalar multiplication on secp256k1: Σ k_i·P_i for affine P_i and canonical scalars k_i < n.
// Every scalar is split by GLV into two halves below 2^128, so n points become 2n half-points with
// 128-bit scalars (λ·P = (β·x, y)). Straus (interleaved wNAF, straus.ts) for few points, Pippenger
// (pippenger.ts) for many; scratch and tables in tables.ts.
import { pippenger, window } from "./pippenger";
import { straus } from "./straus";

/**
 * Up to this many points Straus (interleaved wNAF over GLV halves) beats Pippenger. Measured (µs per point,
 * 2-core EPYC, docs/tables.md): n = 64 Straus 31.6 vs Pippenger 33.5; n = 96 31.5 vs 30.1.
 */
export const STRAUS_MAX: i32 = 80;

/** out = Σ k_i·P_i by the faster method for n. */
export function msm(out: usize, pts: usize, scs: usize, n: i32): void {
  if (n <= STRAUS_MAX) straus(out, pts, scs, n);
  else pippenger(out, pts, scs, n, window(n));
}
