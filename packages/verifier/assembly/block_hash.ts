// What SHA-256 and SHA-512 share (FIPS 180-4's Merkle–Damgård frame): bytes are buffered into whole blocks for
// the compression, and the last block is padded with 0x80, zeros and the message length in bits, big-endian.
// Nothing is allocated per call.

/** Room for the padded last one or two blocks of the largest block size (128 bytes). */
const TAIL: usize = memory.data(256);

/** A streaming hash over a compression of `blockBytes`-byte blocks, with a `lengthBytes`-byte length field. */
export class BlockHash {
  state: usize;
  block: usize;
  filled: usize = 0;
  total: u64 = 0;
  readonly blockBytes: usize;
  readonly lengthBytes: usize;
  /** The state is eight words of this many bytes (4: SHA-256, 8: SHA-512). */
  readonly wordBytes: usize;
  readonly compress: (state: usize, p: usize) => void;
  /** The standard initial value. */
  readonly iv: usize;

  constructor(
    wordBytes: usize,
    blockBytes: usize,
    lengthBytes: usize,
    compress: (state: usize, p: usize) => void,
    iv: usize,
  ) {
    this.state = heap.alloc(8 * wordBytes);
    this.block = heap.alloc(blockBytes);
    this.wordBytes = wordBytes;
    this.blockBytes = blockBytes;
    this.lengthBytes = lengthBytes;
    this.compress = compress;
    this.iv = iv;
  }

  reset(): BlockHash {
    return this.resume(this.iv, 0);
  }

  /** Continues from a saved midstate taken after bytesSoFar bytes (a whole number of blocks). */
  resume(midstate: usize, bytesSoFar: u64): BlockHash {
    memory.copy(this.state, midstate, 8 * this.wordBytes);
    this.filled = 0;
    this.total = bytesSoFar;
    return this;
  }

  /** The state after the blocks hashed so far, for resume(). */
  saveState(out: usize): void {
    memory.copy(out, this.state, 8 * this.wordBytes);
  }

  update(p: usize, len: usize): BlockHash {
    const size = this.blockBytes;
    this.total += <u64>len;
    if (this.filled > 0) {
      const take = min<usize>(size - this.filled, len);
      memory.copy(this.block + this.filled, p, take);
      this.filled += take;
      p += take;
      len -= take;
      if (this.filled < size) return this;
      this.compress(this.state, this.block);
      this.filled = 0;
    }
    while (len >= size) {
      this.compress(this.state, p);
      p += size;
      len -= size;
    }
    memory.copy(this.block, p, len);
    this.filled = len;
    return this;
  }

  /** Writes the digest (the state's eight words, big-endian) to out. Lengths below 2^61 bytes. */
  digest(out: usize): void {
    const size = this.blockBytes;
    const n = this.filled;
    memory.copy(TAIL, this.block, n);
    store<u8>(TAIL + n, 0x80);
    const blocks: usize = n + 1 + this.lengthBytes > size ? 2 : 1;
    memory.fill(TAIL + n + 1, 0, blocks * size - n - 9);
    store<u64>(TAIL + blocks * size - 8, bswap<u64>(this.total << 3));
    this.compress(this.state, TAIL);
    if (blocks == 2) this.compress(this.state, TAIL + size);
    const state = this.state;
    if (this.wordBytes == 4)
      for (let i: usize = 0; i < 8; i++) store<u32>(out + 4 * i, bswap<u32>(load<u32>(state + 4 * i)));
    else for (let i: usize = 0; i < 8; i++) store<u64>(out + 8 * i, bswap<u64>(load<u64>(state + 8 * i)));
  }
}
