// Consumer side of the two-thread RingQueue tests, run as a worker against the built package: takes records
// until the ring is closed and empty, checks each is the next one expected, and reports a checksum.
import { parentPort, workerData } from 'node:worker_threads';
import { RingQueue } from '../../dist/index.js';
import { CHECKSUM_SEED, checksum, isRecord, RECORD_BYTES, sleep } from './records.mjs';

const { buffer, byteOffset, zeroCopy, slowEvery, slowMs } = workerData;
const q = new RingQueue(buffer, byteOffset);
const out = new Uint8Array(RECORD_BYTES);
const outWords = new Uint32Array(out.buffer);
const ringWords = new Uint32Array(buffer);
let received = 0;
let bad = 0;
let firstBad = -1;
let sum = CHECKSUM_SEED;
let waits = 0;

for (;;) {
  let words;
  let at;
  if (zeroCopy) {
    const offset = q.peek();
    if (offset < 0) {
      waits++;
      if (q.waitNotEmpty() === 'closed') break;
      continue;
    }
    words = ringWords;
    at = offset >>> 2;
  } else {
    if (!q.tryDequeue(out)) {
      waits++;
      if (q.waitNotEmpty() === 'closed') break;
      continue;
    }
    words = outWords;
    at = 0;
  }
  if (!isRecord(words, at, received)) {
    bad++;
    if (firstBad < 0) firstBad = received;
  }
  sum = checksum(sum, words, at);
  if (zeroCopy) q.release();
  received++;
  if (slowEvery > 0 && received % slowEvery === 0) sleep(slowMs);
}
parentPort.postMessage({ received, bad, firstBad, checksum: sum, waits });
