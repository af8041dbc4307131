// The test records, shared by the workers and the tests: record n is 8 u32 words, n followed by seven words
// derived from n, so a consumer can tell a lost, repeated, reordered or torn record from a good one.

export const RECORD_BYTES = 32;

/** Word k (1…7) of record n. */
export function wordOf(n, k) {
  let x = Math.imul(n ^ (k * 0x9e3779b9), 0x85ebca6b);
  x ^= x >>> 13;
  return Math.imul(x, 0xc2b2ae35) >>> 0;
}

/** Writes record n into words[at … at + 8). */
export function writeRecord(words, at, n) {
  words[at] = n;
  for (let k = 1; k < 8; k++) words[at + k] = wordOf(n, k);
}

/** True if words[at … at + 8) is record n. */
export function isRecord(words, at, n) {
  if (words[at] !== n) return false;
  for (let k = 1; k < 8; k++) if (words[at + k] !== wordOf(n, k)) return false;
  return true;
}

/** Order-sensitive FNV-1a over the record's words, continuing from h. */
export function checksum(h, words, at) {
  let x = h;
  for (let k = 0; k < 8; k++) x = Math.imul(x ^ words[at + k], 16777619);
  return x >>> 0;
}

export const CHECKSUM_SEED = 2166136261;

/**
 * Enqueues `count` records through the copying API, record n numbered `label(n)`, waiting whenever the ring is
 * full. Their checksum, and how many times the ring was full.
 */
export function produceRecords(q, count, label = (n) => n) {
  const record = new Uint8Array(RECORD_BYTES);
  const words = new Uint32Array(record.buffer);
  let sum = CHECKSUM_SEED;
  let fullWaits = 0;
  for (let n = 0; n < count; n++) {
    writeRecord(words, 0, label(n));
    sum = checksum(sum, words, 0);
    while (!q.tryEnqueue(record)) {
      fullWaits++;
      q.waitNotFull();
    }
  }
  return { checksum: sum, fullWaits };
}

/** Sleeps the calling thread (a worker) for ms milliseconds. */
export function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
