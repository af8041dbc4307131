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

// Lane masks for v128.bitselect: each u64 of a pair layout holds lane 0 in its low half, lane 1 in its high half.
const LANE0_MASK: v128 = i32x4(-1, 0, -1, 0);

/**
 * out = lane 0 of a with lane 1 of b, over `bytes` bytes (a multiple of 8) of pair layout. out may be a or b.
 */
export function blendLanes(out: usize, a: usize, b: usize, bytes: usize): void {
  let off: usize = 0;
  for (; off + 16 <= bytes; off += 16)
    v128.store(out + off, v128.bitselect(v128.load(a + off), v128.load(b + off), LANE0_MASK));
  if (off < bytes) store<u64>(out + off, (load<u64>(a + off) & 0xffffffff) | (load<u64>(b + off) & 0xffffffff00000000));
}

/**
 * out = lane la of a (as lane 0) with lane lb of b (as lane 1), over `bytes` bytes (a multiple of 16) of pair
 * layout. a and b may be the same, but out must be neither.
 */
export function gatherLanes(out: usize, a: usize, la: i32, b: usize, lb: i32, bytes: usize): void {
  const end = out + bytes;
  if (la == 0) {
    if (lb == 0)
      for (; out < end; out += 16, a += 16, b += 16)
        v128.store(out, i32x4.shuffle(v128.load(a), v128.load(b), 0, 4, 2, 6));
    else
      for (; out < end; out += 16, a += 16, b += 16)
        v128.store(out, i32x4.shuffle(v128.load(a), v128.load(b), 0, 5, 2, 7));
  } else if (lb == 0)
    for (; out < end; out += 16, a += 16, b += 16) v128.store(out, i32x4.shuffle(v128.load(a), v128.load(b), 1, 4, 3, 6));
  else
    for (; out < end; out += 16, a += 16, b += 16) v128.store(out, i32x4.shuffle(v128.load(a), v128.load(b), 1, 5, 3, 7));
}

/** The inverse of gatherLanes: lane 0 of src into lane la of a, then lane 1 of src into lane lb of b. */
export function scatterLanes(a: usize, la: i32, b: usize, lb: i32, src: usize, bytes: usize): void {
  const end = src + bytes;
  for (; src < end; src += 16, a += 16, b += 16) {
    const s = v128.load(src);
    v128.store(a, la == 0 ? i32x4.shuffle(s, v128.load(a), 0, 5, 2, 7) : i32x4.shuffle(v128.load(a), s, 0, 4, 2, 6));
    v128.store(b, lb == 0 ? i32x4.shuffle(s, v128.load(b), 1, 5, 3, 7) : i32x4.shuffle(v128.load(b), s, 0, 5, 2, 7));
  }
}
