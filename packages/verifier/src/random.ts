// Random bytes for batch weights from a pool refilled 64 KiB at a time: one getRandomValues call (about 1.7 µs
// here) per many batches instead of one per batch. Every byte is handed out once.
const POOL_BYTES = 1 << 16;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;

/** Fills dst with fresh random bytes. */
export function fillRandom(dst: Uint8Array): void {
  let at = 0;
  while (at < dst.length) {
    if (used === POOL_BYTES) {
      crypto.getRandomValues(pool);
      used = 0;
    }
    const take = Math.min(dst.length - at, POOL_BYTES - used);
    dst.set(pool.subarray(used, used + take), at);
    pool.fill(0, used, used + take);
    used += take;
    at += take;
  }
}
