// SHA-512 (FIPS 180-4) over WebAssembly memory, for Ed25519's H(R ‖ A ‖ M). Nothing is allocated per call.
import { IV512, K512 } from "./generated/constants";

const W: usize = memory.data(640);
const TAIL: usize = memory.data(256);

function compress(state: usize, p: usize): void {
  for (let i: usize = 0; i < 16; i++) store<u64>(W + 8 * i, bswap<u64>(load<u64>(p + 8 * i)));
  for (let i: usize = 16; i < 80; i++) {
    const w15 = load<u64>(W + 8 * (i - 15));
    const w2 = load<u64>(W + 8 * (i - 2));
    const s0 = rotr<u64>(w15, 1) ^ rotr<u64>(w15, 8) ^ (w15 >>> 7);
    const s1 = rotr<u64>(w2, 19) ^ rotr<u64>(w2, 61) ^ (w2 >>> 6);
    store<u64>(W + 8 * i, load<u64>(W + 8 * (i - 16)) + s0 + load<u64>(W + 8 * (i - 7)) + s1);
  }
  let a = load<u64>(state);
  let b = load<u64>(state, 8);
  let c = load<u64>(state, 16);
  let d = load<u64>(state, 24);
  let e = load<u64>(state, 32);
  let f = load<u64>(state, 40);
  let g = load<u64>(state, 48);
  let h = load<u64>(state, 56);
  for (let i: usize = 0; i < 80; i++) {
    const t1 =
      h +
      (rotr<u64>(e, 14) ^ rotr<u64>(e, 18) ^ rotr<u64>(e, 41)) +
      ((e & f) ^ (~e & g)) +
      load<u64>(K512 + 8 * i) +
      load<u64>(W + 8 * i);
    const t2 = (rotr<u64>(a, 28) ^ rotr<u64>(a, 34) ^ rotr<u64>(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  store<u64>(state, load<u64>(state) + a);
  store<u64>(state, load<u64>(state, 8) + b, 8);
  store<u64>(state, load<u64>(state, 16) + c, 16);
  store<u64>(state, load<u64>(state, 24) + d, 24);
  store<u64>(state, load<u64>(state, 32) + e, 32);
  store<u64>(state, load<u64>(state, 40) + f, 40);
  store<u64>(state, load<u64>(state, 48) + g, 48);
  store<u64>(state, load<u64>(state, 56) + h, 56);
}

/** A streaming SHA-512. */
export class Sha512 {
  state: usize = heap.alloc(64);
  block: usize = heap.alloc(128);
  filled: usize = 0;
  total: u64 = 0;

  reset(): Sha512 {
    memory.copy(this.state, IV512, 64);
    this.filled = 0;
    this.total = 0;
    return this;
  }

  update(p: usize, len: usize): Sha512 {
    this.total += <u64>len;
    if (this.filled > 0) {
      const take = min<usize>(128 - this.filled, len);
      memory.copy(this.block + this.filled, p, take);
      this.filled += take;
      p += take;
      len -= take;
      if (this.filled < 128) return this;
      compress(this.state, this.block);
      this.filled = 0;
    }
    while (len >= 128) {
      compress(this.state, p);
      p += 128;
      len -= 128;
    }
    memory.copy(this.block, p, len);
    this.filled = len;
    return this;
  }

  /** Writes the 64-byte digest to out. Messages are below 2^61 bytes, so the length's high word is 0. */
  digest(out: usize): void {
    const n = this.filled;
    memory.copy(TAIL, this.block, n);
    store<u8>(TAIL + n, 0x80);
    const blocks: usize = n + 17 > 128 ? 2 : 1;
    memory.fill(TAIL + n + 1, 0, blocks * 128 - n - 9);
    store<u64>(TAIL + blocks * 128 - 8, bswap<u64>(this.total << 3));
    compress(this.state, TAIL);
    if (blocks == 2) compress(this.state, TAIL + 128);
    for (let i: usize = 0; i < 8; i++) store<u64>(out + 8 * i, bswap<u64>(load<u64>(this.state + 8 * i)));
  }
}

const ONE_SHOT = new Sha512();

/** One-shot SHA-512 of len bytes at p into out. */
export function sha512(out: usize, p: usize, len: usize): void {
  ONE_SHOT.reset().update(p, len).digest(out);
}
