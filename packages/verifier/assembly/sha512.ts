// SHA-512 (FIPS 180-4) over WebAssembly memory, for Ed25519's H(R ‖ A ‖ M). Nothing is allocated per call.
import { BlockHash } from "./block_hash";
import { IV512, K512 } from "./generated/constants";

const W: usize = memory.data(640);

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

/** A streaming SHA-512 (messages below 2^61 bytes: the 16-byte length's high half is 0). */
export class Sha512 extends BlockHash {
  constructor() {
    super(8, 128, 16, compress, IV512);
  }
}

const ONE_SHOT = new Sha512();

/** One-shot SHA-512 of len bytes at p into out. */
export function sha512(out: usize, p: usize, len: usize): void {
  ONE_SHOT.reset().update(p, len).digest(out);
}
