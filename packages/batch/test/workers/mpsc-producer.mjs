// One of several producers feeding an MpscRingQueue: record words[0] is (id << 24) | n, so the consumer can
// check each producer's records arrive complete and in order.
import { parentPort, workerData } from 'node:worker_threads';
import { MpscRingQueue } from '../../dist/index.js';
import { produceRecords } from './records.mjs';

const { buffer, byteOffset, id, count } = workerData;
const q = new MpscRingQueue(buffer, byteOffset);
parentPort.postMessage(produceRecords(q, count, (n) => ((id << 24) | n) >>> 0));
