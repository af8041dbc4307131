// The request queue of `tally serve`: requests read wait here until a batch is full, its deadline passes, or the
// server is quiet, then go to the engine (this thread or worker threads) together.
import { ownBytes } from '@tallyio/verifier/parallel';
import type { BodyAnswer } from './check.js';
import type { Engine } from './engine.js';
import type { Metrics } from './metrics.js';

/** A request waiting for its answer: its body, the items it counts for, and where its answer goes. */
export interface Waiting {
  readonly body: Uint8Array;
  readonly items: number;
  readonly answer: (a: BodyAnswer) => void;
}

export interface BatchOptions {
  /** The queue is verified as soon as it holds this many items… */
  readonly batchSize: number;
  /** …or this long after its first item arrived, whichever comes first. */
  readonly deadlineMs: number;
  /** Items one body may hold at most (the engine answers 413 to more). */
  readonly maxItems: number;
  /** Verify at once when no other request began meanwhile (see arrival). */
  readonly flushWhenQuiet: boolean;
}

/** Requests read, waiting for their batch, and the items queued or being verified. */
export class BatchQueue {
  readonly #engine: Engine;
  readonly #metrics: Metrics;
  readonly #options: BatchOptions;
  /** Requests read, waiting for their batch. */
  #queue: Waiting[] = [];
  /** Items in #queue. */
  #queued = 0;
  /** Items queued or being verified. */
  #waiting = 0;
  /** The deadline of the oldest request queued. */
  #timer: NodeJS.Timeout | undefined;
  /** A flush is due in the next turn of the event loop. */
  #soon = false;
  /** Requests begun so far. */
  #arrivals = 0;

  constructor(engine: Engine, metrics: Metrics, options: BatchOptions) {
    this.#engine = engine;
    this.#metrics = metrics;
    this.#options = options;
  }

  /** Items queued or being verified. */
  get waiting(): number {
    return this.#waiting;
  }

  /**
   * A request began. After a request's items are queued, a check once pending I/O has been handled (setImmediate)
   * sees whether another request began meanwhile: if none did, the server is not under load and waiting for the
   * deadline would only add latency, so the queues are verified at once.
   */
  arrival(): void {
    this.#arrivals++;
  }

  enqueue(w: Waiting): void {
    this.#queue.push(w);
    this.#queued += w.items;
    this.#waiting += w.items;
    if (this.#queued >= this.#options.batchSize) this.#flushSoon();
    else if (this.#timer === undefined) this.#timer = setTimeout(() => this.flush(), this.#options.deadlineMs);
    if (this.#options.flushWhenQuiet) {
      setImmediate((seen: number) => {
        if (this.#arrivals === seen) this.flush();
      }, this.#arrivals);
    }
  }

  /**
   * Sends one batch (requests up to batchSize items) to be verified, and leaves the rest to the next turns of the
   * event loop. With worker threads this thread only routes; without, a turn verifies one batch at most: a turn
   * that verified the whole queue could block for seconds, and Node accepts one new connection per turn, so under
   * load new clients waited in the listen queue (measured: 20–30 s at twice capacity).
   */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#queue.length === 0) return;
    const { batch, items } = this.#take();
    this.#metrics.batch(items);
    this.#verify(batch, items);
    if (this.#queue.length > 0) this.#flushSoon();
  }

  /** Sends the whole queue to be verified, batch by batch, at once (graceful close). */
  flushAll(): void {
    while (this.#queue.length > 0) this.flush();
  }

  /** Takes the next batch off the queue: its first request, and the ones after it that fit in batchSize items. */
  #take(): { batch: Waiting[]; items: number } {
    const queue = this.#queue;
    let items = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || items + (queue[n] as Waiting).items <= this.#options.batchSize)) {
      items += (queue[n] as Waiting).items;
      n++;
    }
    const batch = queue.slice(0, n);
    this.#queue = queue.slice(n);
    this.#queued -= items;
    return { batch, items };
  }

  /** Verifies a batch and hands each request its answer (500 to all when verification fails). */
  #verify(batch: readonly Waiting[], items: number): void {
    const job = { bodies: batch.map((w) => ownBytes(w.body)), maxItems: this.#options.maxItems };
    this.#engine.checkBodies(job).then(
      (answers) => {
        this.#waiting -= items;
        for (const [k, w] of batch.entries()) w.answer(answers[k] as BodyAnswer);
      },
      (e: Error) => {
        this.#waiting -= items;
        for (const w of batch) w.answer({ code: 500, error: `verification failed: ${e.message}` });
      },
    );
  }

  /**
   * A full batch is sent once the requests already read in this turn of the event loop are queued too (not at
   * once, in the middle of reading them): under overload the backlog then shows in the queue, where queueLimit
   * answers 503 to what would wait too long, instead of piling up unread in the sockets.
   */
  #flushSoon(): void {
    if (this.#soon) return;
    this.#soon = true;
    setImmediate(() => {
      this.#soon = false;
      this.flush();
    });
  }
}
