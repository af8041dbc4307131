// What the job pool's two backends share: Node worker threads (jobs.ts) and browser Web Workers (web.ts).

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
