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

/**
 * A wait for the word at words[index] to satisfy `ready`, on the ring whose header is `header`. When the ring is
 * closed the wait ends 'closed', or with `drain` 'ready' if the word by then shows the wait is over (a consumer
 * still takes what was published before the close).
 */
export type WaitOn<R> = (
  header: Int32Array,
  words: Int32Array,
  index: number,
  ready: (word: number) => boolean,
  drain: boolean,
  timeoutMs: number,
) => R;

/** Checks the word SPIN_CHECKS times, then parks until it changes or the deadline. Blocks the thread. */
export const waitOn: WaitOn<WaitResult> = (header, words, index, ready, drain, timeoutMs) => {
  const deadline = deadlineOf(timeoutMs);
  for (let spin = 0; ; spin++) {
    const w = Atomics.load(words, index);
    if (ready(w)) return 'ready';
    if (spin < SPIN_CHECKS) continue;
    const r = park(header, words, index, w, deadline);
    if (r === PARK_CLOSED) return drain && ready(Atomics.load(words, index)) ? 'ready' : 'closed';
    if (r === PARK_TIMED_OUT) return 'timed-out';
  }
};

/** `waitOn` without blocking the thread (Atomics.waitAsync, no spinning): for the browser main thread. */
export const waitOnAsync: WaitOn<Promise<WaitResult>> = async (header, words, index, ready, drain, timeoutMs) => {
  const deadline = deadlineOf(timeoutMs);
  for (;;) {
    const w = Atomics.load(words, index);
    if (ready(w)) return 'ready';
    const r = await parkAsync(header, words, index, w, deadline);
    if (r === PARK_CLOSED) return drain && ready(Atomics.load(words, index)) ? 'ready' : 'closed';
    if (r === PARK_TIMED_OUT) return 'timed-out';
  }
};

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
