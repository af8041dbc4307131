// A pool of worker threads that run jobs of bytes: the caller frames its input and routes jobs; parsing, hashing
// and verification happen in the workers, so N workers can use N cores. A job is kept until its answer comes, so
// a worker that dies has its jobs sent again to its replacement; a job that kills every worker it is given to
// is answered with an error instead of being retried forever.
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { type JobPool, type JobPoolOptions, WorkerFailedError } from './job-types.js';

export { type JobPool, type JobPoolOptions, WorkerFailedError } from './job-types.js';

interface Pending {
  readonly id: number;
  readonly input: unknown;
  readonly resolve: (out: unknown) => void;
  readonly reject: (e: Error) => void;
  attempts: number;
}

interface Slot {
  worker: Worker;
  readonly inFlight: Map<number, Pending>;
}

type Reply = { readonly id: number; readonly out: unknown } | { readonly id: number; readonly error: string };

export async function createJobPool<In, Out>(options: JobPoolOptions): Promise<JobPool<In, Out, Worker>> {
  if (options.url === undefined) throw new TypeError('createJobPool: url (the worker module) is required in Node');
  const url: URL = options.url;
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError('createJobPool: threads must be ≥ 1');
  const maxRetries = options.maxRetries ?? 2;
  /** close() was called: new runs reject. */
  let stopping = false;
  /** The workers are being terminated: their exits are not replaced. */
  let closed = false;
  let nextId = 1;
  let respawns = 0;
  let drained: (() => void) | undefined;
  const slots: Slot[] = [];
  let inFlight = 0;

  const settle = (slot: Slot, p: Pending) => {
    slot.inFlight.delete(p.id);
    if (slot.inFlight.size === 0) slot.worker.unref();
    if (--inFlight === 0 && drained) drained();
  };

  function send(slot: Slot, p: Pending): void {
    slot.inFlight.set(p.id, p);
    // A worker with jobs keeps the process alive; an idle one does not.
    slot.worker.ref();
    slot.worker.postMessage({ id: p.id, input: p.input });
  }

  function spawn(slot: Partial<Slot> & Pick<Slot, 'inFlight'>): Promise<void> {
    const worker = new Worker(url, { workerData: options.workerData });
    slot.worker = worker;
    const s = slot as Slot;
    worker.unref();
    worker.on('message', (m: Reply) => {
      const p = s.inFlight.get(m.id);
      if (!p) return;
      settle(s, p);
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.out);
    });
    worker.on('error', () => undefined);
    let online = false;
    worker.once('exit', () => {
      if (s.worker !== worker || closed) return;
      const jobs = [...s.inFlight.values()];
      s.inFlight.clear();
      const fail = (p: Pending) => {
        inFlight--;
        p.reject(new WorkerFailedError(p.attempts));
        if (inFlight === 0 && drained) drained();
      };
      // A worker that died before it came up would die again: its jobs fail rather than respawn forever.
      if (!online) {
        slots.splice(slots.indexOf(s), 1);
        for (const p of jobs) fail(p);
        return;
      }
      respawns++;
      spawn(s).then(
        () => {
          // A worker runs its jobs in order, so the oldest was the one running when it died: only that one is
          // charged with the death; the ones queued behind it are sent again as they were.
          jobs.sort((a, b) => a.id - b.id);
          for (const [k, p] of jobs.entries()) {
            if (k === 0 && ++p.attempts > maxRetries) fail(p);
            else send(s, p);
          }
        },
        () => {
          for (const p of jobs) fail(p);
        },
      );
    });
    return new Promise((resolve, reject) => {
      worker.once('online', () => {
        online = true;
        resolve();
      });
      worker.once('error', reject);
      worker.once('exit', () => reject(new Error('job pool: a worker exited while starting')));
    });
  }

  await Promise.all(
    Array.from({ length: threads }, () => {
      const slot = { inFlight: new Map<number, Pending>() };
      slots.push(slot as Slot);
      return spawn(slot);
    }),
  );

  return {
    threads,
    run(input: In): Promise<Out> {
      if (stopping) return Promise.reject(new Error('job pool: used after close()'));
      if (slots.length === 0) return Promise.reject(new Error('job pool: no worker could start'));
      let best = slots[0] as Slot;
      for (const s of slots) if (s.inFlight.size < best.inFlight.size) best = s;
      inFlight++;
      return new Promise<Out>((resolve, reject) => {
        send(best, { id: nextId++, input, resolve: resolve as (out: unknown) => void, reject, attempts: 0 });
      });
    },
    depths: () => slots.map((s) => s.inFlight.size),
    get respawns() {
      return respawns;
    },
    async close() {
      if (stopping) return;
      stopping = true;
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
    get workers() {
      return slots.map((s) => s.worker);
    },
  };
}

/**
 * The worker's side: answers each job with handler's output, or with the error it threw. Handler calls run one
 * at a time, in the order the jobs came.
 */
export function serveJobs<In, Out>(handler: (input: In) => Out | Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs: not in a worker thread');
  let chain = Promise.resolve();
  port.on('message', (m: { id: number; input: In }) => {
    chain = chain.then(async () => {
      try {
        port.postMessage({ id: m.id, out: await handler(m.input) });
      } catch (e) {
        port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}
