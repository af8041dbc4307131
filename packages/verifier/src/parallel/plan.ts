import { fixedBatchLayout } from '@tallyio/batch';
import type { SchemeOptions } from '../scheme.js';
import { KEY, SIG } from '../verifier.js';

export { KEY, SIG };

/** A job or a result on a ring: u32 job id, u32 slot, u32 count (jobs) or invalid count (results), u32 spare. */
export const RECORD_BYTES = 16;
/** Rings hold more records than a worker has slots, so an enqueue never finds them full. */
export const RING_CAPACITY = 4;
export const SLOTS_PER_WORKER = 2;

/** Where a worker's rings and batch slots live in the shared buffer (byte offsets, multiples of 64). */
export interface WorkerPlan {
  readonly scheme: SchemeOptions;
  readonly keyCacheCapacity: number;
  readonly buffer: SharedArrayBuffer;
  readonly jobRing: number;
  readonly resultRing: number;
  /** Each slot: a FixedBatch at `batch` (capacity chunk, fields [64, 32], messageBytes) and `chunk` status bytes. */
  readonly slots: readonly { readonly batch: number; readonly status: number }[];
  readonly chunk: number;
  readonly messageBytes: number;
}

export const batchLayout = (chunk: number, messageBytes: number): ReturnType<typeof fixedBatchLayout> =>
  fixedBatchLayout(chunk, [SIG, KEY], messageBytes);
