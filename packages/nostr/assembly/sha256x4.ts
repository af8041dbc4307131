// SHA-256 (FIPS 180-4) of many messages at once, four per SIMD vector: each 32-bit lane of the working
// variables belongs to one message, so one pass of the 64 rounds compresses a block of each of four messages.
// Messages are padded in place beforehand (a whole number of blocks each); a lane whose message ends takes the
// next one, so messages of different lengths share the vectors. Long messages start first and short ones fill
// the lanes at the end, so that a long message rarely runs alone.
import { IV256, K256 } from "@tallyio/verifier/assembly/generated/constants";

/** The 64 message-schedule words of four blocks, one lane per block. */
const W: usize = memory.data(64 * 16, 16);
/** Working state: eight vectors a..h. */
const S: usize = memory.data(8 * 16, 16);
/** The round constants, each in all four lanes. */
const K4: usize = memory.data(64 * 16, 16);
/** A block for lanes without a message (its result is discarded). */
const IDLE: usize = memory.data(64, 16);
/** Each 32-bit word's bytes reversed (the message is big-endian). */
const BSWAP = i8x16(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);

let ready = false;

function init(): void {
  for (let i: usize = 0; i < 64; i++) v128.store(K4 + 16 * i, i32x4.splat(load<u32>(K256 + 4 * i)));
  ready = true;
}

/** Appends SHA-256 padding to the n bytes at p; returns the number of 64-byte blocks (needs 72 spare bytes). */
export function pad(p: usize, n: usize): usize {
  const blocks = (n + 9 + 63) >> 6;
  store<u8>(p + n, 0x80);
  memory.fill(p + n + 1, 0, blocks * 64 - n - 9);
  store<u64>(p + blocks * 64 - 8, bswap<u64>((<u64>n) << 3));
  return blocks;
}

function rotr(x: v128, n: i32): v128 {
  return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n));
}

/** Four 4-word rows (one per lane) turned into four 4-lane words. */
function transposeInto(out: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(out, i64x2.shuffle(t0, t2, 0, 2));
  v128.store(out, i64x2.shuffle(t0, t2, 1, 3), 16);
  v128.store(out, i64x2.shuffle(t1, t3, 0, 2), 32);
  v128.store(out, i64x2.shuffle(t1, t3, 1, 3), 48);
}

/** One compression of a block of each lane (block pointers p0..p3) into the state S. */
function compress4(p0: usize, p1: usize, p2: usize, p3: usize): void {
  for (let i: usize = 0; i < 4; i++) {
    transposeInto(
      W + 64 * i,
      i8x16.swizzle(v128.load(p0 + 16 * i), BSWAP),
      i8x16.swizzle(v128.load(p1 + 16 * i), BSWAP),
      i8x16.swizzle(v128.load(p2 + 16 * i), BSWAP),
      i8x16.swizzle(v128.load(p3 + 16 * i), BSWAP),
    );
  }
  for (let i: usize = 16; i < 64; i++) {
    const w15 = v128.load(W + 16 * (i - 15));
    const w2 = v128.load(W + 16 * (i - 2));
    const s0 = v128.xor(v128.xor(rotr(w15, 7), rotr(w15, 18)), i32x4.shr_u(w15, 3));
    const s1 = v128.xor(v128.xor(rotr(w2, 17), rotr(w2, 19)), i32x4.shr_u(w2, 10));
    const w = i32x4.add(i32x4.add(v128.load(W + 16 * (i - 16)), s0), i32x4.add(v128.load(W + 16 * (i - 7)), s1));
    v128.store(W + 16 * i, w);
  }
  let a = v128.load(S);
  let b = v128.load(S, 16);
  let c = v128.load(S, 32);
  let d = v128.load(S, 48);
  let e = v128.load(S, 64);
  let f = v128.load(S, 80);
  let g = v128.load(S, 96);
  let h = v128.load(S, 112);
  for (let i: usize = 0; i < 64; i++) {
    const s1 = v128.xor(v128.xor(rotr(e, 6), rotr(e, 11)), rotr(e, 25));
    const ch = v128.bitselect(f, g, e);
    const t1 = i32x4.add(i32x4.add(i32x4.add(h, s1), ch), i32x4.add(v128.load(K4 + 16 * i), v128.load(W + 16 * i)));
    const s0 = v128.xor(v128.xor(rotr(a, 2), rotr(a, 13)), rotr(a, 22));
    // Maj(a, b, c): where a and c differ, b decides.
    const t2 = i32x4.add(s0, v128.bitselect(b, a, v128.xor(a, c)));
    h = g;
    g = f;
    f = e;
    e = i32x4.add(d, t1);
    d = c;
    c = b;
    b = a;
    a = i32x4.add(t1, t2);
  }
  v128.store(S, i32x4.add(v128.load(S), a));
  v128.store(S, i32x4.add(v128.load(S, 16), b), 16);
  v128.store(S, i32x4.add(v128.load(S, 32), c), 32);
  v128.store(S, i32x4.add(v128.load(S, 48), d), 48);
  v128.store(S, i32x4.add(v128.load(S, 64), e), 64);
  v128.store(S, i32x4.add(v128.load(S, 80), f), 80);
  v128.store(S, i32x4.add(v128.load(S, 96), g), 96);
  v128.store(S, i32x4.add(v128.load(S, 112), h), 112);
}

/** Lane state: message pointer, blocks left, where its digest goes (0: idle). */
const LANE_P: usize = memory.data(4 * 8);
const LANE_LEFT: usize = memory.data(4 * 8);
const LANE_OUT: usize = memory.data(4 * 8);

/** Messages of at least this many blocks go first, so that the short ones fill the lanes at the end. */
const LONG: u32 = 16;
let next: i32 = 0;
let shortPass = false;

/** The next message to start (long ones in a first pass, short ones in a second), or −1. */
function nextMessage(n: i32, blocks: usize): i32 {
  while (true) {
    while (next < n) {
      const b = load<u32>(blocks + 4 * <usize>next);
      if (b != 0 && b < LONG == shortPass) return next++;
      next++;
    }
    if (shortPass) return -1;
    shortPass = true;
    next = 0;
  }
}

/**
 * Digests of n padded messages: message k is blocks[k] blocks at msgs[k] (u32 arrays), its digest goes to
 * outs[k]. Messages of 0 blocks are skipped.
 */
export function sha256Many(n: i32, msgs: usize, blocks: usize, outs: usize): void {
  if (!ready) init();
  next = 0;
  shortPass = false;
  for (let l: usize = 0; l < 4; l++) store<usize>(LANE_OUT + 8 * l, 0);
  while (true) {
    // Idle lanes take the next messages, starting from the initial value.
    let active = 0;
    for (let l: usize = 0; l < 4; l++) {
      if (load<usize>(LANE_OUT + 8 * l) == 0) {
        const m = nextMessage(n, blocks);
        if (m >= 0) {
          const k = <usize>m;
          store<usize>(LANE_P + 8 * l, <usize>load<u32>(msgs + 4 * k));
          store<usize>(LANE_LEFT + 8 * l, <usize>load<u32>(blocks + 4 * k));
          store<usize>(LANE_OUT + 8 * l, <usize>load<u32>(outs + 4 * k));
          for (let j: usize = 0; j < 8; j++) store<u32>(S + 16 * j + 4 * l, load<u32>(IV256 + 4 * j));
        }
      }
      if (load<usize>(LANE_OUT + 8 * l) != 0) active++;
    }
    if (active == 0) return;
    compress4(blockOf(0), blockOf(1), blockOf(2), blockOf(3));
    for (let l: usize = 0; l < 4; l++) {
      const out = load<usize>(LANE_OUT + 8 * l);
      if (out == 0) continue;
      store<usize>(LANE_P + 8 * l, load<usize>(LANE_P + 8 * l) + 64);
      const left = load<usize>(LANE_LEFT + 8 * l) - 1;
      store<usize>(LANE_LEFT + 8 * l, left);
      if (left == 0) {
        for (let j: usize = 0; j < 8; j++) store<u32>(out + 4 * j, bswap<u32>(load<u32>(S + 16 * j + 4 * l)));
        store<usize>(LANE_OUT + 8 * l, 0);
      }
    }
  }
}

function blockOf(l: usize): usize {
  return load<usize>(LANE_OUT + 8 * l) != 0 ? load<usize>(LANE_P + 8 * l) : IDLE;
}
