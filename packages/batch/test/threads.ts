// Starting the test workers: plain .mjs files that import the built package (turbo builds before testing).
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const DIST = new URL('../dist/index.js', import.meta.url);

export function startWorker<T>(name: string, workerData: unknown): { done: Promise<T>; worker: Worker } {
  if (!existsSync(DIST))
    throw new Error('the thread tests run against dist/: run `pnpm --filter @tallyio/batch build`');
  const worker = new Worker(new URL(`./workers/${name}.mjs`, import.meta.url), { workerData });
  const done = new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code} before reporting`)));
  });
  return { done, worker };
}
