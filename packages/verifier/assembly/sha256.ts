// SHA-256 (FIPS 180-4) over WebAssembly memory, with a resumable midstate so BIP340's tagged hashes skip
// their constant first block (the block buffering and padding are block_hash.ts). The compression is generated,
// unrolled (scripts/constants.ts).
import { BlockHash } from "./block_hash";
import { IV256 } from "./generated/constants";
import { compress } from "./generated/sha256_compress";

/** A streaming SHA-256. */
export class Sha256 extends BlockHash {
  constructor() {
    super(4, 64, 8, compress, IV256);
  }
}

/** One-shot SHA-256 of len bytes at p into out. */
export function sha256(out: usize, p: usize, len: usize): void {
  ONE_SHOT.reset().update(p, len).digest(out);
}
const ONE_SHOT = new Sha256();
