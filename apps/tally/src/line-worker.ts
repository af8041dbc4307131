// A worker of `tally verify`'s pool: frames of NDJSON bytes in, results out (check.ts).
import { serveJobs } from '@tallyio/verifier/parallel';
import { FrameChecker, type FrameJob } from './check.js';

const checker = await FrameChecker.create();
serveJobs((job: FrameJob) => checker.check(job));
