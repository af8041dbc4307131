// A pool of worker threads that run jobs of bytes: the caller frames its input and routes jobs; parsing, hashing
// and verification happen in the workers, so N workers can use N cores. A job is kept until its answer comes, so
// a worker that dies has its jobs sent again to its replacement; a job that kills every worker it is given to
// is answered with an error instead of being retried forever (job-types.ts).
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import * as Jobs from './job-types.js';

export { type JobPool, type JobPoolOptions, ownBytes, WorkerFailedError } from './job-types.js';

export async function createJobPool<In, Out>(options: Jobs.JobPoolOptions): Promise<Jobs.JobPool<In, Out, Worker>> {
  if (options.url === undefined) throw new TypeError('createJobPool: url (the worker module) is required in Node');
  const url: URL = options.url;
  const threads = options.threads ?? availableParallelism();
  const jobs = new Jobs.JobDispatcher<Worker>(options.maxRetries);

  /** A worker thread, once online; its messages and its exit go to the slot it is made for. */
  function spawn(slot: () => Jobs.Slot<Worker>): Promise<Jobs.WorkerHandle<Worker>> {
    const worker = new Worker(url, { workerData: options.workerData });
    // A worker with jobs keeps the process alive; an idle one does not.
    worker.unref();
    const handle: Jobs.WorkerHandle<Worker> = {
      worker,
      post: (m) => worker.postMessage(m),
      terminate: () => worker.terminate(),
      busy: (busy) => (busy ? worker.ref() : worker.unref()),
    };
    worker.on('message', (m: Jobs.Reply) => jobs.reply(slot(), m));
    worker.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      worker.once('online', () => {
        // Once online, an exit is a death: the slot gets a new worker (not after close()).
        worker.once('exit', () => {
          const s = slot();
          if (s.handle.worker === worker && !(jobs.closing && s.inFlight.size === 0)) jobs.died(s, () => spawn(slot));
        });
        resolve(handle);
      });
      worker.once('exit', () => reject(new Error('job pool: a worker exited while starting')));
    });
  }

  return Jobs.startPool<In, Out, Worker>(jobs, threads, spawn);
}

/**
 * The worker's side: answers each job with handler's output, or with the error it threw. Handler calls run one
 * at a time, in the order the jobs came.
 */
export function serveJobs<In, Out>(handler: (input: In) => Out | Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs: not in a worker thread');
  const answer = Jobs.answerJobs(handler, (reply) => port.postMessage(reply));
  port.on('message', answer);
}
