// The job pool in browsers: the same API as in Node (jobs.ts), over Web Workers. Jobs are structured-cloned to
// the worker with the fewest in flight; a worker that fails (an uncaught error) is replaced and its jobs sent
// again, the one it was running charged with it. The page's thread only frames and routes.
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
  const threads = options.threads ?? (globalThis.navigator?.hardwareConcurrency || 2);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError('createJobPool: threads must be ≥ 1');
  const url = options.url;
  const make =
    (options.createWorker as (() => Worker) | undefined) ??
    (() => {
      if (url === undefined) throw new TypeError('createJobPool: url or createWorker is required');
      return new Worker(url, { type: 'module' });
    });
  const maxRetries = options.maxRetries ?? 2;
  let stopping = false;
  let nextId = 1;
  let respawns = 0;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const slots: Slot[] = [];

  const done = () => {
    if (--inFlight === 0 && drained) drained();
  };
  const send = (slot: Slot, p: Pending) => {
    slot.inFlight.set(p.id, p);
    slot.worker.postMessage({ id: p.id, input: p.input });
  };

  /** A worker for slot; resolves once it answered its first message (its module loaded). */
  function spawn(slot: Slot | { inFlight: Map<number, Pending>; worker?: Worker }): Promise<void> {
    const worker = make();
    slot.worker = worker;
    const s = slot as Slot;
    const ready = new Promise<void>((resolve, reject) => {
      worker.addEventListener('message', function first(e: MessageEvent<Reply | 'ready'>) {
        if (e.data === 'ready') {
          worker.removeEventListener('message', first);
          resolve();
        }
      });
      worker.addEventListener('error', (e) => reject(new Error(`job pool: a worker failed to start: ${e.message}`)), {
        once: true,
      });
    });
    worker.addEventListener('message', (e: MessageEvent<Reply | 'ready'>) => {
      const m = e.data;
      if (m === 'ready') return;
      const p = s.inFlight.get(m.id);
      if (!p) return;
      s.inFlight.delete(m.id);
      done();
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.out);
    });
    worker.addEventListener('error', () => {
      if (s.worker !== worker || stopping) return;
      worker.terminate();
      respawns++;
      const jobs = [...s.inFlight.values()].sort((a, b) => a.id - b.id);
      s.inFlight.clear();
      const fail = (p: Pending) => {
        done();
        p.reject(new WorkerFailedError(p.attempts));
      };
      spawn(s).then(
        () => {
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
    return ready;
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
      for (const s of slots) s.worker.terminate();
    },
    get workers() {
      return slots.map((s) => s.worker);
    },
  };
}

/** The worker's side: answers each job, in order, with handler's output or the error it threw. */
export function serveJobs<In, Out>(handler: (input: In) => Out | Promise<Out>): void {
  const scope = globalThis as unknown as {
    postMessage(m: unknown): void;
    addEventListener(type: 'message', f: (e: MessageEvent<{ id: number; input: In }>) => void): void;
  };
  let chain = Promise.resolve();
  scope.addEventListener('message', (e) => {
    const m = e.data;
    chain = chain.then(async () => {
      try {
        scope.postMessage({ id: m.id, out: await handler(m.input) });
      } catch (err) {
        scope.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  scope.postMessage('ready');
}
