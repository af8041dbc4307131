// SHA-256 (FIPS 180-4) over WebAssembly memory, with a resumable midstate so BIP340's tagged hashes skip
// their constant first block. Nothing is allocated per call.
import { IV256, K256 } from "./generated/constants";

const W: usize = memory.data(256);
const TAIL: usize = memory.data(128);

/** One compression of the 64-byte block at p into the eight-word state. */
function compress(state: usize, p: usize): void {
  for (let i: usize = 0; i < 16; i++) store<u32>(W + 4 * i, bswap<u32>(load<u32>(p + 4 * i)));
  for (let i: usize = 16; i < 64; i++) {
    const w15 = load<u32>(W + 4 * (i - 15));
    const w2 = load<u32>(W + 4 * (i - 2));
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    store<u32>(W + 4 * i, load<u32>(W + 4 * (i - 16)) + s0 + load<u32>(W + 4 * (i - 7)) + s1);
  }
  let a = load<u32>(state);
  let b = load<u32>(state, 4);
  let c = load<u32>(state, 8);
  let d = load<u32>(state, 12);
  let e = load<u32>(state, 16);
  let f = load<u32>(state, 20);
  let g = load<u32>(state, 24);
  let h = load<u32>(state, 28);
  for (let i: usize = 0; i < 64; i++) {
    const t1 =
      h +
      (rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25)) +
      ((e & f) ^ (~e & g)) +
      load<u32>(K256 + 4 * i) +
      load<u32>(W + 4 * i);
    const t2 = (rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  store<u32>(state, load<u32>(state) + a);
  store<u32>(state, load<u32>(state, 4) + b, 4);
  store<u32>(state, load<u32>(state, 8) + c, 8);
  store<u32>(state, load<u32>(state, 12) + d, 12);
  store<u32>(state, load<u32>(state, 16) + e, 16);
  store<u32>(state, load<u32>(state, 20) + f, 20);
  store<u32>(state, load<u32>(state, 24) + g, 24);
  store<u32>(state, load<u32>(state, 28) + h, 28);
}

/** A streaming hash: a state, buffered bytes of the current block, and the total length. */
export class Sha256 {
  state: usize = heap.alloc(32);
  block: usize = heap.alloc(64);
  filled: usize = 0;
  total: u64 = 0;

  reset(): Sha256 {
    memory.copy(this.state, IV256, 32);
    this.filled = 0;
    this.total = 0;
    return this;
  }

  /** Continues from a saved midstate taken after a whole number of blocks. */
  resume(midstate: usize, bytesSoFar: u64): Sha256 {
    memory.copy(this.state, midstate, 32);
    this.filled = 0;
    this.total = bytesSoFar;
    return this;
  }

  update(p: usize, len: usize): Sha256 {
    this.total += <u64>len;
    if (this.filled > 0) {
      const take = min<usize>(64 - this.filled, len);
      memory.copy(this.block + this.filled, p, take);
      this.filled += take;
      p += take;
      len -= take;
      if (this.filled < 64) return this;
      compress(this.state, this.block);
      this.filled = 0;
    }
    while (len >= 64) {
      compress(this.state, p);
      p += 64;
      len -= 64;
    }
    memory.copy(this.block, p, len);
    this.filled = len;
    return this;
  }

  /** Writes the 32-byte digest to out. */
  digest(out: usize): void {
    const n = this.filled;
    memory.copy(TAIL, this.block, n);
    store<u8>(TAIL + n, 0x80);
    const blocks: usize = n + 9 > 64 ? 2 : 1;
    memory.fill(TAIL + n + 1, 0, blocks * 64 - n - 9);
    store<u64>(TAIL + blocks * 64 - 8, bswap<u64>(this.total << 3));
    compress(this.state, TAIL);
    if (blocks == 2) compress(this.state, TAIL + 64);
    for (let i: usize = 0; i < 8; i++) store<u32>(out + 4 * i, bswap<u32>(load<u32>(this.state + 4 * i)));
  }

  /** The state after the blocks hashed so far, for resume(). */
  saveState(out: usize): void {
    memory.copy(out, this.state, 32);
  }
}

/** One-shot SHA-256 of len bytes at p into out. */
export function sha256(out: usize, p: usize, len: usize): void {
  ONE_SHOT.reset().update(p, len).digest(out);
}
const ONE_SHOT = new Sha256();
