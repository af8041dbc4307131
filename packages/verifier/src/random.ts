// Random bytes for batch weights from a pool refilled 64 KiB at a time: one getRandomValues call (about 1.7 µs
// here) per many batches instead of one per batch. Every byte is handed out once.
const POOL_BYTES = 1 << 16;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;

/** Writes n fresh random bytes into dst at offset, allocating nothing. */
export function fillRandomAt(dst: Uint8Array, offset: number, n: number): void {
  let at = 0;
  while (at < n) {
    if (used === POOL_BYTES) {
      crypto.getRandomValues(pool);
      used = 0;
    }
    const take = Math.min(n - at, POOL_BYTES - used);
    dst.set(pool.subarray(used, used + take), offset + at);
    pool.fill(0, used, used + take);
    used += take;
    at += take;
  }
}

/** Fills dst with fresh random bytes. */
export function fillRandom(dst: Uint8Array): void {
  fillRandomAt(dst, 0, dst.length);
}
