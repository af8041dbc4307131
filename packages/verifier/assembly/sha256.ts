// SHA-256 (FIPS 180-4) over WebAssembly memory, with a resumable midstate so BIP340's tagged hashes skip
// their constant first block. Nothing is allocated per call. The compression is generated, unrolled
// (scripts/constants.ts).
import { IV256 } from "./generated/constants";
import { compress } from "./generated/sha256_compress";

const TAIL: usize = memory.data(128);

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
