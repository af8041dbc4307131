// Random bytes for batch weights from a pool refilled 64 KiB at a time: one call to the runtime's CSPRNG (about
// 1.7 µs here) per many batches instead of one per batch. Every byte is handed out once.

type Fill = (view: Uint8Array | Uint32Array) => void;

/**
 * node:crypto without an import, where process.getBuiltinModule has it (Node ≥ 20.16, Bun, Deno), else undefined:
 * browser bundles stay free of Node built-ins.
 */
export function nodeCrypto(): unknown {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    return proc?.getBuiltinModule?.('node:crypto');
  } catch {
    return undefined;
  }
}

/**
 * The runtime's CSPRNG: node:crypto's randomFillSync where process.getBuiltinModule has it (Node ≥ 20.16, Bun,
 * Deno), else Web Crypto's getRandomValues. In a fresh Node process the first getRandomValues call loads the
 * whole Web Crypto implementation, about 6 ms of a 25 ms start; randomFillSync costs 0.2 ms.
 */
function findFill(): Fill {
  const randomFillSync = (nodeCrypto() as { randomFillSync?: Fill } | undefined)?.randomFillSync;
  if (typeof randomFillSync === 'function') return (view) => randomFillSync(view);
  return (view) => {
    crypto.getRandomValues(view);
  };
}
const fill: Fill = findFill();

/** Fills view (at most 65 536 bytes) with fresh random values from the runtime's CSPRNG and returns it. */
export function randomValues<T extends Uint8Array | Uint32Array>(view: T): T {
  fill(view);
  return view;
}

const POOL_BYTES = 1 << 16;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;

/** Writes n fresh random bytes into dst at offset, allocating nothing. */
export function fillRandomAt(dst: Uint8Array, offset: number, n: number): void {
  let at = 0;
  while (at < n) {
    if (used === POOL_BYTES) {
      fill(pool);
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
