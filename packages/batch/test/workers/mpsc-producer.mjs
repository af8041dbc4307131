// One of several producers feeding an MpscRingQueue: record words[0] is (id << 24) | n, so the consumer can
// check each producer's records arrive complete and in order.
import { parentPort, workerData } from 'node:worker_threads';
import { MpscRingQueue } from '../../dist/index.js';
import { CHECKSUM_SEED, checksum, RECORD_BYTES, writeRecord } from './records.mjs';

const { buffer, byteOffset, id, count } = workerData;
const q = new MpscRingQueue(buffer, byteOffset);
const record = new Uint8Array(RECORD_BYTES);
const words = new Uint32Array(record.buffer);
let sum = CHECKSUM_SEED;
let fullWaits = 0;
for (let n = 0; n < count; n++) {
  writeRecord(words, 0, ((id << 24) | n) >>> 0);
  sum = checksum(sum, words, 0);
  while (!q.tryEnqueue(record)) {
    fullWaits++;
    q.waitNotFull();
  }
}
parentPort.postMessage({ checksum: sum, fullWaits });
