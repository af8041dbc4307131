// Multi-scalar multiplication on Ed25519: Σ k_i·P_i for extended P_i and canonical scalars k_i < l (253 bits).
// Straus (interleaved wNAF over affine Niels tables, straus.ts) for few points, Pippenger (pippenger.ts) for
// many; scratch and tables in tables.ts.
import { pippenger, window } from "./pippenger";
import { straus } from "./straus";

/**
 * Up to this many points Straus beats Pippenger. Measured (µs per point, docs/tables.md; Straus in two lanes,
 * Pippenger with two windows in the lanes, c = 5): n = 72 Straus 12.60 vs Pippenger 12.84; n = 80 12.39 vs
 * 12.44; n = 88 12.45 vs 12.18.
 */
export const STRAUS_MAX: i32 = 80;

/**
 * Up to this many terms strausKeys (the base point's window-12 table, cached key tables, and batch verification's
 * mix of 128- and 256-bit scalars) beats Pippenger in batch verification. Measured (µs per signature, distinct
 * keys, strausKeys vs Pippenger): 64 signatures (129 terms) 23.2 vs 25.1; 96 (193 terms) 24.7 vs 23.1.
 */
export const STRAUS_KEYS_MAX: i32 = 160;

/** out = Σ k_i·P_i by the faster method for n. */
export function msm(out: usize, pts: usize, scs: usize, n: i32): void {
  if (n <= STRAUS_MAX) straus(out, pts, scs, n);
  else pippenger(out, pts, scs, n, window(n));
}
