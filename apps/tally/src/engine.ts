// Where `tally verify` and `tally serve` verify: a pool of worker threads (line-worker.ts), or this thread.
import { createJobPool } from '@tallyio/verifier/parallel';
import {
  type BodiesJob,
  type BodyAnswer,
  FrameChecker,
  type FrameJob,
  type FrameResult,
  type PackedAnswers,
  unpackAnswers,
} from './check.js';

/** The worker's module: beside this one once built (run from the sources, as tests do, the built one). */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? '../dist/line-worker.js' : './line-worker.js',
  import.meta.url,
);

export interface Engine {
  /** Worker threads; 0: this thread. */
  readonly threads: number;
  check(job: FrameJob): Promise<FrameResult>;
  checkBodies(job: BodiesJob): Promise<BodyAnswer[]>;
  /** Jobs in flight per worker. */
  depths(): number[];
  /** Workers replaced after dying. */
  readonly respawns: number;
  /** Lets the jobs in flight finish, then stops. */
  close(): Promise<void>;
}

export async function createEngine(threads: number): Promise<Engine> {
  if (threads > 0) {
    const pool = await createJobPool<FrameJob | BodiesJob, FrameResult | PackedAnswers>({ url: WORKER_URL, threads });
    return {
      threads,
      check: (job) => pool.run(job) as Promise<FrameResult>,
      checkBodies: async (job) => unpackAnswers((await pool.run(job)) as PackedAnswers),
      depths: () => pool.depths(),
      get respawns() {
        return pool.respawns;
      },
      close: () => pool.close(),
    };
  }
  const checker = await FrameChecker.create();
  let inFlight = 0;
  const count = async <T>(p: Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await p;
    } finally {
      inFlight--;
    }
  };
  return {
    threads: 0,
    check: (job) => count(checker.check(job)),
    checkBodies: (job) => count(checker.checkBodies(job)),
    depths: () => [inFlight],
    respawns: 0,
    close: async () => checker.close(),
  };
}
