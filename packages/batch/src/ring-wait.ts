import { CLOSED_INDEX } from './ring-layout.js';

/**
 * Result of waiting for room or for a record: 'ready' (try again now), 'timed-out', or 'closed' (the ring was
 * closed and there is nothing left to wait for).
 */
export type WaitResult = 'ready' | 'timed-out' | 'closed';

/** Checks of the other side's counter before going to sleep: a futex wake-up costs microseconds, a check ~10 ns. */
export const SPIN_CHECKS = 200;

export const PARK_RETRY = 0;
export const PARK_TIMED_OUT = 1;
export const PARK_CLOSED = 2;

export function deadlineOf(timeoutMs: number): number {
  return timeoutMs === Number.POSITIVE_INFINITY ? timeoutMs : performance.now() + Math.max(0, timeoutMs);
}

/**
 * One attempt to sleep on words[index], which held `word` when the caller found it blocked: sets the waiting bit
 * (failing if the word moved on), re-checks `closed`, then sleeps until the writer's exchange sees the bit and
 * notifies, or the deadline. The caller re-checks its condition after PARK_RETRY.
 */
export function park(header: Int32Array, words: Int32Array, index: number, word: number, deadline: number): number {
  if ((word & 1) === 0 && Atomics.compareExchange(words, index, word, word | 1) !== word) return PARK_RETRY;
  if (Atomics.load(header, CLOSED_INDEX) !== 0) return PARK_CLOSED;
  const left = deadline - performance.now();
  if (left <= 0) return PARK_TIMED_OUT;
  Atomics.wait(words, index, word | 1, left);
  return PARK_RETRY;
}

/** `park` for the main thread, where blocking is not allowed: sleeps with Atomics.waitAsync. */
export async function parkAsync(
  header: Int32Array,
  words: Int32Array,
  index: number,
  word: number,
  deadline: number,
): Promise<number> {
  if ((word & 1) === 0 && Atomics.compareExchange(words, index, word, word | 1) !== word) return PARK_RETRY;
  if (Atomics.load(header, CLOSED_INDEX) !== 0) return PARK_CLOSED;
  const left = deadline - performance.now();
  if (left <= 0) return PARK_TIMED_OUT;
  const r = Atomics.waitAsync(words, index, word | 1, left);
  if (r.async) await r.value;
  return PARK_RETRY;
}

/** Publishes `word` at words[index] and wakes whoever set the waiting bit on the value it replaces. */
export function publish(words: Int32Array, index: number, word: number): void {
  if ((Atomics.exchange(words, index, word) & 1) !== 0) Atomics.notify(words, index);
}

/**
 * Marks the ring closed and wakes every sleeper. Clearing each word's waiting bit changes the word a sleeper
 * expects, so one that checked `closed` just before it was set cannot then sleep through the notify.
 */
export function closeRing(header: Int32Array, words: Int32Array, indices: Iterable<number>): void {
  Atomics.store(header, CLOSED_INDEX, 1);
  for (const i of indices) {
    for (;;) {
      const w = Atomics.load(words, i);
      if ((w & 1) === 0 || Atomics.compareExchange(words, i, w, w & ~1) === w) break;
    }
    Atomics.notify(words, i);
  }
}
