// Batch containers and queues: RingQueue/MpscRingQueue handoff on one thread and across threads, FixedBatch.add
// and AlignedArena.alloc, each beside the plain-JS way of doing the same (array queue, postMessage, objects of
// copies, fresh typed arrays); then GC events and heap growth over 10^7 further operations of each.
import { PerformanceObserver } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { AlignedArena, FixedBatch, MpscRingQueue, RingQueue } from '@tallyio/batch';
import { type BenchOptions, type CaseResult, measureCase } from '../harness.js';

const LOOP = 1024;
const RECORD = 32;

/** A case measured for speed, with what `allocationOps` further operations of it cost the garbage collector. */
export interface AllocationCaseResult extends CaseResult {
  readonly gcEvents: number;
  readonly heapGrowthBytes: number;
  readonly allocationOps: number;
}

/** One operation, n times per call: timed with LOOP, then run for the allocation count. */
interface LoopCase {
  readonly group: string;
  readonly impl: string;
  readonly loop: (n: number) => unknown;
}

function ringPairCases(): LoopCase[] {
  const group = 'ring enqueue+dequeue pair, same thread';
  const inPlace = RingQueue.create({ capacity: 1024, recordBytes: 16 });
  const words = new Int32Array(inPlace.buffer);
  const q = RingQueue.create({ capacity: 1024, recordBytes: RECORD });
  const mq = MpscRingQueue.create({ capacity: 1024, recordBytes: RECORD });
  const record = new Uint8Array(RECORD).fill(7);
  const out = new Uint8Array(RECORD);
  const array: Uint8Array[] = [];
  return [
    {
      group,
      impl: 'tallyio RingQueue reserve/commit+peek/release (16 B in place)',
      loop: (n) => {
        let sum = 0;
        for (let i = 0; i < n; i++) {
          const w = inPlace.reserve() >>> 2;
          words[w] = i;
          words[w + 3] = i;
          inPlace.commit();
          const r = inPlace.peek() >>> 2;
          sum = (sum + (words[r] as number) + (words[r + 3] as number)) | 0;
          inPlace.release();
        }
        return sum;
      },
    },
    {
      group,
      impl: 'tallyio RingQueue tryEnqueue+tryDequeue (32 B copied)',
      loop: (n) => {
        for (let i = 0; i < n; i++) {
          q.tryEnqueue(record);
          q.tryDequeue(out);
        }
      },
    },
    {
      group,
      impl: 'tallyio MpscRingQueue tryEnqueue+tryDequeue (32 B copied)',
      loop: (n) => {
        for (let i = 0; i < n; i++) {
          mq.tryEnqueue(record);
          mq.tryDequeue(out);
        }
      },
    },
    {
      group,
      impl: 'JS array push/shift (reference, no copy)',
      loop: (n) => {
        let sum = 0;
        for (let i = 0; i < n; i++) {
          array.push(record);
          sum = (sum + (array.shift() as Uint8Array).length) | 0;
        }
        return sum;
      },
    },
    {
      group,
      impl: 'JS array push(slice)/shift (32 B copied)',
      loop: (n) => {
        for (let i = 0; i < n; i++) {
          array.push(record.slice());
          out.set(array.shift() as Uint8Array);
        }
      },
    },
  ];
}

function fixedBatchCases(): LoopCase[] {
  const group = 'FixedBatch.add, 64 B sig + 32 B key + 32 B msg';
  const batch = new FixedBatch({ capacity: LOOP, fields: [64, 32], messageBytes: LOOP * 32 });
  const sig = new Uint8Array(64).fill(1);
  const key = new Uint8Array(32).fill(2);
  const msg = new Uint8Array(32).fill(3);
  const fields = [sig, key];
  const items: { signature: Uint8Array; key: Uint8Array; message: Uint8Array }[] = [];
  return [
    {
      group,
      impl: 'tallyio FixedBatch.add',
      loop: (n) => {
        for (let i = 0; i < n; i++) {
          if (batch.isFull) batch.clear();
          batch.add(fields, msg);
        }
      },
    },
    {
      group,
      impl: 'array of objects of slice() copies',
      loop: (n) => {
        for (let i = 0; i < n; i++) {
          if (items.length === LOOP) items.length = 0;
          items.push({ signature: sig.slice(), key: key.slice(), message: msg.slice() });
        }
      },
    },
  ];
}

function arenaCases(): LoopCase[] {
  const group = 'allocate a 96 B region';
  const arena = new AlignedArena(new ArrayBuffer(LOOP * 128));
  let sink: unknown;
  return [
    {
      group,
      impl: 'tallyio AlignedArena.alloc (64 B aligned)',
      loop: (n) => {
        for (let i = 0; i < n; i++) {
          let at = arena.alloc(96);
          if (at < 0) {
            arena.reset();
            at = arena.alloc(96);
          }
          sink = at;
        }
        return sink;
      },
    },
    {
      group,
      impl: 'new Uint8Array(96)',
      loop: (n) => {
        for (let i = 0; i < n; i++) sink = new Uint8Array(96);
        return sink;
      },
    },
  ];
}

// The workers are eval'd so the suite stays one file; they import the built package by its resolved URL. The
// consumer publishes how many records it has taken (every 1024, and whenever it finds the ring empty) so the
// producer knows when a call's records have all been taken.
const CONSUMER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.url).then(({ RingQueue, MpscRingQueue }) => {
  const q = workerData.mpsc ? new MpscRingQueue(workerData.buffer) : new RingQueue(workerData.buffer);
  const taken = new Int32Array(workerData.taken);
  const out = new Uint8Array(q.recordBytes);
  let n = 0;
  for (;;) {
    if (q.tryDequeue(out)) {
      n = (n + 1) | 0;
      if ((n & 1023) === 0) Atomics.store(taken, 0, n);
    } else {
      Atomics.store(taken, 0, n);
      if (q.waitNotEmpty() === 'closed') break;
    }
  }
  parentPort.postMessage(n);
});`;

const MESSAGE_CONSUMER = `
const { parentPort } = require('node:worker_threads');
let received = 0;
parentPort.on('message', (m) => {
  if (typeof m === 'number') { parentPort.postMessage(received); received = 0; } else received++;
});`;

/** Each call sends `count` 32-byte records to a worker and returns once the worker has taken them all. */
async function crossThreadCases(opts: BenchOptions): Promise<CaseResult[]> {
  const group = 'cross-thread handoff, per record';
  const count = opts.quick ? 20_000 : 200_000;
  const url = import.meta.resolve('@tallyio/batch');
  const record = new Uint8Array(RECORD).fill(1);
  const cases: CaseResult[] = [];
  for (const mpsc of [false, true]) {
    const options = { capacity: 4096, recordBytes: RECORD };
    const q = mpsc ? MpscRingQueue.create(options) : RingQueue.create(options);
    const taken = new Int32Array(new SharedArrayBuffer(4));
    const workerData = { url, buffer: q.buffer, taken: taken.buffer, mpsc };
    const worker = new Worker(CONSUMER, { eval: true, workerData });
    const finished = new Promise((resolve) => worker.once('message', resolve));
    let sent = 0;
    const send = () => {
      for (let n = 0; n < count; n++) {
        record[0] = n;
        while (!q.tryEnqueue(record)) q.waitNotFull();
      }
      sent = (sent + count) | 0;
      while (Atomics.load(taken, 0) !== sent) {}
    };
    const impl = `tallyio ${mpsc ? 'MpscRingQueue' : 'RingQueue'} (32 B copied; spin, then Atomics.wait)`;
    cases.push(await measureCase(group, impl, send, count, opts));
    q.close();
    await finished;
    await worker.terminate();
  }
  const worker = new Worker(MESSAGE_CONSUMER, { eval: true });
  const post = async () => {
    const acked = new Promise((resolve) => worker.once('message', resolve));
    for (let n = 0; n < count; n++) {
      record[0] = n;
      worker.postMessage(record);
    }
    worker.postMessage(0);
    if ((await acked) !== count) throw new Error('postMessage peer lost records');
  };
  cases.push(await measureCase(group, 'postMessage per record (32 B Uint8Array, cloned)', post, count, opts));
  await worker.terminate();
  return cases;
}

/** GC events that started, and heap growth, while `loop(ops)` ran (after a warm-up of ops / 10). */
async function allocationOf(loop: (n: number) => unknown, ops: number) {
  loop(ops / 10);
  const starts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) starts.push(e.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  loop(ops);
  const t1 = performance.now();
  const heapGrowthBytes = process.memoryUsage().heapUsed - heap0;
  // GC entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return { gcEvents: starts.filter((s) => s >= t0 && s <= t1).length, heapGrowthBytes };
}

export async function batchSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const loops = [...ringPairCases(), ...fixedBatchCases(), ...arenaCases()];
  const cases: CaseResult[] = [];
  for (const c of loops) cases.push(await measureCase(c.group, c.impl, () => c.loop(LOOP), LOOP, opts));
  cases.push(...(await crossThreadCases(opts)));

  const ops = opts.quick ? 1_000_000 : 10_000_000;
  const lines = [
    `| operation | implementation | GC events over ${ops.toExponential(0)} ops | heap growth |`,
    '|---|---|---:|---:|',
  ];
  for (const [i, c] of loops.entries()) {
    const a = await allocationOf(c.loop, ops);
    const measured = cases[i] as CaseResult;
    const withAllocation: AllocationCaseResult = { ...measured, ...a, allocationOps: ops };
    cases[i] = withAllocation;
    lines.push(`| ${c.group} | ${c.impl} | ${a.gcEvents} | ${(a.heapGrowthBytes / 1024).toFixed(0)} KiB |`);
  }
  console.log(`${lines.join('\n')}\n`);
  return cases;
}
