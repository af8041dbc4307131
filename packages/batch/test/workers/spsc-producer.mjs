// Producer side for the test whose consumer is the main thread: enqueues `count` records, then closes the ring.
import { parentPort, workerData } from 'node:worker_threads';
import { RingQueue } from '../../dist/index.js';
import { CHECKSUM_SEED, checksum, RECORD_BYTES, writeRecord } from './records.mjs';

const { buffer, byteOffset, count } = workerData;
const q = new RingQueue(buffer, byteOffset);
const record = new Uint8Array(RECORD_BYTES);
const words = new Uint32Array(record.buffer);
let sum = CHECKSUM_SEED;
let fullWaits = 0;
for (let n = 0; n < count; n++) {
  writeRecord(words, 0, n);
  sum = checksum(sum, words, 0);
  while (!q.tryEnqueue(record)) {
    fullWaits++;
    q.waitNotFull();
  }
}
q.close();
parentPort.postMessage({ checksum: sum, fullWaits });
