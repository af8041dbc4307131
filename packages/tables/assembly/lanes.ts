// Points in pair layout (the field's pair kernels: two elements interleaved limb by limb, 72 bytes per pair),
// one point per SIMD lane, and the scalar points they hold (36-byte coordinates).

/** out = the point in lane `lane` (0 or 1) of pair point p, which has `coords` coordinates. */
export function laneOf(out: usize, p: usize, lane: usize, coords: usize): void {
  for (let c: usize = 0; c < coords; c++)
    for (let i: usize = 0; i < 9; i++) store<u32>(out + 36 * c + 4 * i, load<u32>(p + 72 * c + 8 * i + 4 * lane));
}

/** Sets lane `lane` of pair point p (`coords` coordinates) to the scalar point q. */
export function setLane(p: usize, lane: usize, q: usize, coords: usize): void {
  for (let c: usize = 0; c < coords; c++)
    for (let i: usize = 0; i < 9; i++) store<u32>(p + 72 * c + 8 * i + 4 * lane, load<u32>(q + 36 * c + 4 * i));
}
