export { alignUp, CACHE_LINE, isPowerOfTwo, type MemoryLike } from './align.js';
export { AlignedArena, ARENA_BAD_SIZE, ARENA_FULL } from './arena.js';
export {
  BATCH_BAD_LENGTH,
  BATCH_FULL,
  BATCH_MESSAGE_ARENA_FULL,
  type BatchError,
  batchError,
  batchErrorReason,
} from './batch-errors.js';
export { FixedBatch, type FixedBatchOptions } from './fixed-batch.js';
export { type FixedBatchLayout, fixedBatchLayout } from './fixed-batch-layout.js';
export { MpscRingQueue } from './mpsc-ring-queue.js';
export { MAX_CAPACITY } from './ring-layout.js';
export { RingQueue, type RingQueueOptions } from './ring-queue.js';
export type { WaitResult } from './ring-wait.js';
