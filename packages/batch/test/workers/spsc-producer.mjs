// Producer side for the test whose consumer is the main thread: enqueues `count` records, then closes the ring.
import { parentPort, workerData } from 'node:worker_threads';
import { RingQueue } from '../../dist/index.js';
import { produceRecords } from './records.mjs';

const { buffer, byteOffset, count } = workerData;
const q = new RingQueue(buffer, byteOffset);
const report = produceRecords(q, count);
q.close();
parentPort.postMessage(report);
