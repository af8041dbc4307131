// What the job pool's two backends share — Node worker threads (jobs.ts) and browser Web Workers (web.ts): the
// options, the pool's interface, and the dispatcher that routes jobs to workers and sends them again when one dies.

export interface JobPoolOptions {
  /** The worker module: it calls serveJobs(handler). */
  readonly url?: URL;
  /**
   * Browsers: makes a worker, for bundlers that must see `new Worker(new URL('./w.js', import.meta.url), {
   * type: 'module' })` in the application's code (default: a module worker from url).
   */
  readonly createWorker?: () => unknown;
  /** Worker threads (default: the available cores). */
  readonly threads?: number;
  /** Node: passed to each worker as workerData. */
  readonly workerData?: unknown;
  /** Times a job is sent again after its worker died (default 2); then it fails with WorkerFailedError. */
  readonly maxRetries?: number;
}

export interface JobPool<In, Out, W = unknown> {
  readonly threads: number;
  /** Runs a job on the worker with the fewest jobs in flight. Inputs are copied (structured clone), not moved. */
  run(input: In): Promise<Out>;
  /** Jobs in flight per worker. */
  depths(): number[];
  /** Workers replaced after dying, since the pool started. */
  readonly respawns: number;
  /** Lets jobs in flight finish, then stops the workers; later runs reject. */
  close(): Promise<void>;
  /** The live workers (for diagnostics and fault tests). */
  readonly workers: readonly W[];
}

/** A job's worker died more than maxRetries times while running it. */
export class WorkerFailedError extends Error {
  constructor(attempts: number) {
    super(`job failed: its worker died ${attempts} times`);
    this.name = 'WorkerFailedError';
  }
}

/** A worker's answer to job id: its output, or the message of the error its handler threw. */
export type Reply = { readonly id: number; readonly out: unknown } | { readonly id: number; readonly error: string };

/** What the dispatcher needs of a worker. */
export interface WorkerHandle<W> {
  readonly worker: W;
  post(message: { id: number; input: unknown }): void;
  terminate(): unknown;
  /** Called when the worker gets its first job in flight (true) and when it has none left (false). */
  busy?(busy: boolean): void;
}

interface Pending {
  readonly id: number;
  readonly input: unknown;
  readonly resolve: (out: unknown) => void;
  readonly reject: (e: Error) => void;
  attempts: number;
}

/** One worker place: its current worker and the jobs sent to it, not yet answered. */
export interface Slot<W> {
  handle: WorkerHandle<W>;
  readonly inFlight: Map<number, Pending>;
}

/**
 * Routes jobs to the worker with the fewest in flight and keeps each until its answer comes. When a worker dies
 * its jobs go to its replacement; a worker runs its jobs in order, so only the oldest — the one running — is
 * charged with the death, and fails after maxRetries.
 */
export class JobDispatcher<W> {
  readonly slots: Slot<W>[] = [];
  respawns = 0;
  #nextId = 1;
  #inFlight = 0;
  #stopping = false;
  #drained: (() => void) | undefined;
  readonly #maxRetries: number;

  constructor(maxRetries = 2) {
    this.#maxRetries = maxRetries;
  }

  add(handle: WorkerHandle<W>): Slot<W> {
    const slot = { handle, inFlight: new Map<number, Pending>() };
    this.slots.push(slot);
    return slot;
  }

  run<Out>(input: unknown): Promise<Out> {
    if (this.#stopping) return Promise.reject(new Error('job pool: used after close()'));
    if (this.slots.length === 0) return Promise.reject(new Error('job pool: no worker could start'));
    let best = this.slots[0] as Slot<W>;
    for (const s of this.slots) if (s.inFlight.size < best.inFlight.size) best = s;
    this.#inFlight++;
    return new Promise<Out>((resolve, reject) => {
      this.#send(best, { id: this.#nextId++, input, resolve: resolve as (out: unknown) => void, reject, attempts: 0 });
    });
  }

  #send(slot: Slot<W>, p: Pending): void {
    slot.inFlight.set(p.id, p);
    if (slot.inFlight.size === 1) slot.handle.busy?.(true);
    slot.handle.post({ id: p.id, input: p.input });
  }

  #settle(slot: Slot<W>, p: Pending): void {
    slot.inFlight.delete(p.id);
    if (slot.inFlight.size === 0) slot.handle.busy?.(false);
    if (--this.#inFlight === 0 && this.#drained) this.#drained();
  }

  #fail(p: Pending): void {
    if (--this.#inFlight === 0 && this.#drained) this.#drained();
    p.reject(new WorkerFailedError(p.attempts));
  }

  /** A worker's message. */
  reply(slot: Slot<W>, m: Reply): void {
    const p = slot.inFlight.get(m.id);
    if (!p) return;
    this.#settle(slot, p);
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve(m.out);
  }

  /** slot's worker died: spawn() replaces it and its jobs are sent again (or fail, if it cannot start). */
  died(slot: Slot<W>, spawn: () => Promise<WorkerHandle<W>>): void {
    if (this.#stopping && this.#inFlight === 0) return;
    this.respawns++;
    const jobs = [...slot.inFlight.values()].sort((a, b) => a.id - b.id);
    slot.inFlight.clear();
    spawn().then(
      (handle) => {
        slot.handle = handle;
        for (const [k, p] of jobs.entries()) {
          if (k === 0 && ++p.attempts > this.#maxRetries) this.#fail(p);
          else this.#send(slot, p);
        }
      },
      () => {
        this.slots.splice(this.slots.indexOf(slot), 1);
        for (const p of jobs) this.#fail(p);
      },
    );
  }

  depths(): number[] {
    return this.slots.map((s) => s.inFlight.size);
  }

  /** Lets jobs in flight finish (later runs reject), then terminates the workers. */
  async close(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    await Promise.all(this.slots.map((s) => s.handle.terminate()));
  }

  get closing(): boolean {
    return this.#stopping;
  }
}

/**
 * Starts threads workers with spawn (each given a way to find its slot, which exists once it is up) and returns
 * the pool over them.
 */
export async function startPool<In, Out, W>(
  jobs: JobDispatcher<W>,
  threads: number,
  spawn: (slot: () => Slot<W>) => Promise<WorkerHandle<W>>,
): Promise<JobPool<In, Out, W>> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError('createJobPool: threads must be ≥ 1');
  await Promise.all(
    Array.from({ length: threads }, async () => {
      let slot: Slot<W> | undefined;
      const handle = await spawn(() => slot as Slot<W>);
      slot = jobs.add(handle);
    }),
  );
  return {
    threads,
    run: (input: In) => jobs.run<Out>(input),
    depths: () => jobs.depths(),
    get respawns() {
      return jobs.respawns;
    },
    close: () => jobs.close(),
    get workers() {
      return jobs.slots.map((s) => s.handle.worker);
    },
  };
}

/**
 * The worker's side of either backend: a listener for the pool's messages that answers each job with handler's
 * output, or with the message of the error it threw, through post. Handler calls run one at a time, in the order
 * the jobs came.
 */
export function answerJobs<In, Out>(
  handler: (input: In) => Out | Promise<Out>,
  post: (reply: Reply) => void,
): (message: { id: number; input: In }) => void {
  let chain = Promise.resolve();
  return (m) => {
    chain = chain.then(async () => {
      try {
        post({ id: m.id, out: await handler(m.input) });
      } catch (e) {
        post({ id: m.id, error: e instanceof Error ? e.message : String(e) });
      }
    });
  };
}

/**
 * bytes on a buffer of their own. A job's input is structured-cloned, and a view is cloned with its whole buffer:
 * a frame cut from a large input would otherwise carry all of it to the worker (a 256 KiB frame of a 7 MB input
 * cost a 7 MB copy on the sending thread).
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
