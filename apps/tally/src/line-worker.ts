// A worker of the pool that `tally verify` and `tally serve` share: frames of NDJSON lines, or the service's
// batches of request bodies, in; verdicts out (check.ts).
import { serveJobs } from '@tallyio/verifier/parallel';
import {
  type BodiesJob,
  FrameChecker,
  type FrameJob,
  type FrameResult,
  type PackedAnswers,
  packAnswers,
} from './check.js';

const checker = await FrameChecker.create();
serveJobs<FrameJob | BodiesJob, FrameResult | PackedAnswers>(async (job) =>
  'bodies' in job ? packAnswers(await checker.checkBodies(job)) : checker.check(job),
);
