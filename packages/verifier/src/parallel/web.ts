// The job pool in browsers: the same API as in Node (jobs.ts), over Web Workers. Jobs are structured-cloned to
// the worker with the fewest in flight; a worker that fails (an uncaught error) is replaced and its jobs sent
// again, the one it was running charged with it. The page's thread only frames and routes.
import * as Jobs from './job-types.js';

export { type JobPool, type JobPoolOptions, ownBytes, WorkerFailedError } from './job-types.js';

export async function createJobPool<In, Out>(options: Jobs.JobPoolOptions): Promise<Jobs.JobPool<In, Out, Worker>> {
  const threads = options.threads ?? (globalThis.navigator?.hardwareConcurrency || 2);
  const url = options.url;
  const make =
    (options.createWorker as (() => Worker) | undefined) ??
    (() => {
      if (url === undefined) throw new TypeError('createJobPool: url or createWorker is required');
      return new Worker(url, { type: 'module' });
    });
  const jobs = new Jobs.JobDispatcher<Worker>(options.maxRetries);

  /** A worker, once its module has loaded (serveJobs says 'ready'); its messages and failure go to slot(). */
  function spawn(slot: () => Jobs.Slot<Worker>): Promise<Jobs.WorkerHandle<Worker>> {
    const worker = make();
    const handle: Jobs.WorkerHandle<Worker> = {
      worker,
      post: (m) => worker.postMessage(m),
      terminate: () => worker.terminate(),
    };
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.addEventListener('message', (e: MessageEvent<Jobs.Reply | 'ready'>) => {
        if (e.data !== 'ready') jobs.reply(slot(), e.data);
        else if (!ready) {
          ready = true;
          resolve(handle);
        }
      });
      // An uncaught error: before 'ready' the worker cannot start; after, it is replaced.
      worker.addEventListener('error', (e) => {
        worker.terminate();
        if (!ready) reject(new Error(`job pool: a worker failed to start: ${e.message}`));
        else if (!jobs.closing && slot().handle.worker === worker) jobs.died(slot(), () => spawn(slot));
      });
    });
  }

  return Jobs.startPool<In, Out, Worker>(jobs, threads, spawn);
}

/** The worker's side: answers each job, in order, with handler's output or the error it threw. */
export function serveJobs<In, Out>(handler: (input: In) => Out | Promise<Out>): void {
  const scope = globalThis as unknown as {
    postMessage(m: unknown): void;
    addEventListener(type: 'message', f: (e: MessageEvent<{ id: number; input: In }>) => void): void;
  };
  const answer = Jobs.answerJobs(handler, (reply) => scope.postMessage(reply));
  scope.addEventListener('message', (e) => answer(e.data));
  scope.postMessage('ready');
}
