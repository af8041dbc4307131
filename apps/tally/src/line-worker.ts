// A worker of the pool that `tally verify` and `tally serve` share: frames of NDJSON lines, or the service's
// batches of request bodies, in; verdicts out (check.ts).
import { serveJobs } from '@tallyio/verifier/parallel';
import { type BodiesJob, type BodyAnswer, FrameChecker, type FrameJob, type FrameResult } from './check.js';

const checker = await FrameChecker.create();
serveJobs<FrameJob | BodiesJob, FrameResult | BodyAnswer[]>((job) =>
  'bodies' in job ? checker.checkBodies(job) : checker.check(job),
);
