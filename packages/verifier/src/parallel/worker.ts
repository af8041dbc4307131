// A verification thread: its own module instance, tables and key cache; jobs arrive on a RingQueue over the
// shared buffer, the batch is copied once from shared memory into the instance, verdicts go back in place.
import { workerData } from 'node:worker_threads';
import { RingQueue } from '@tallyio/batch';
import { randomValues } from '../random.js';
import { openScheme } from '../scheme.js';
import { batchLayout, RECORD_BYTES, type WorkerPlan } from './plan.js';

const plan = workerData as WorkerPlan;
const { x, kernels } = await openScheme(plan.scheme, plan.chunk, plan.keyCacheCapacity);
const layout = batchLayout(plan.chunk, plan.messageBytes);
const region = (x.alloc(layout.byteLength + 64) + 63) & ~63;
const jobs = new RingQueue(plan.buffer, plan.jobRing);
const results = new RingQueue(plan.buffer, plan.resultRing);
const shared = new Uint8Array(plan.buffer);
const record = new Uint8Array(RECORD_BYTES);
const words = new Uint32Array(record.buffer);
let memory = new Uint8Array(x.memory.buffer);

function run(slot: number, count: number): number {
  const { batch, status } = plan.slots[slot] as { batch: number; status: number };
  if (memory.buffer !== x.memory.buffer) memory = new Uint8Array(x.memory.buffer);
  memory.set(shared.subarray(batch, batch + layout.byteLength), region);
  // Message offsets in the index are absolute in the shared buffer: rebase them onto the copy.
  x.setLayout(
    region + (layout.columns[0] as number),
    layout.strides[0] as number,
    region + (layout.columns[1] as number),
    layout.strides[1] as number,
    region + layout.index,
    region - batch,
  );
  let bad: number;
  const statusAt = x.layoutStatus();
  if (count === 1) {
    const code = kernels.verifyOne(0);
    memory[statusAt] = code;
    bad = code === 0 ? 0 : 1;
  } else {
    const rand = x.layoutRand();
    const random = memory.subarray(rand, rand + 16 * count + 16);
    for (let at = 0; at < random.length; at += 65536) randomValues(random.subarray(at, at + 65536));
    bad = kernels.verifyBatch(count);
  }
  if (memory.buffer !== x.memory.buffer) memory = new Uint8Array(x.memory.buffer);
  shared.set(memory.subarray(statusAt, statusAt + count), status);
  return bad;
}

for (;;) {
  if (!jobs.tryDequeue(record)) {
    if (jobs.waitNotEmpty() === 'closed' && !jobs.tryDequeue(record)) break;
    continue;
  }
  words[2] = run(words[1] as number, words[2] as number);
  while (!results.tryEnqueue(record)) if (results.waitNotFull() === 'closed') process.exit(0);
}
