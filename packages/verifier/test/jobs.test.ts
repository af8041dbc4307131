// The job pool under faults: a worker that dies is replaced and its jobs are sent again, each answered once; a job
// that kills every worker it meets fails alone; a job that throws rejects with its error; close() lets jobs in
// flight finish. Runs from dist/ (built before tests), since worker threads load compiled JavaScript.
import { describe, expect, it } from 'vitest';
import { createJobPool, WorkerFailedError } from '../dist/parallel/pool.js';

const url = new URL('./fixtures/job-worker.mjs', import.meta.url);
const pool = (threads: number) =>
  createJobPool<number | string, number | string>({ url, threads, workerData: { flag: new SharedArrayBuffer(4) } });

describe('job pool', () => {
  it('answers every job once, in parallel, and spreads them over the workers', async () => {
    const p = await pool(2);
    const jobs = Array.from({ length: 200 }, (_, i) => p.run(i));
    expect(Math.max(...p.depths()) - Math.min(...p.depths())).toBeLessThanOrEqual(1);
    expect(await Promise.all(jobs)).toEqual(Array.from({ length: 200 }, (_, i) => 2 * i));
    await p.close();
    await expect(p.run(1)).rejects.toThrow(/after close/);
  });

  it('replaces a worker that dies and sends its jobs again', async () => {
    const p = await pool(2);
    const jobs = Array.from({ length: 60 }, (_, i) => (i === 7 ? p.run('die-once') : p.run(i)));
    const out = await Promise.all(jobs);
    expect(out[7]).toBe('die-once');
    expect(out.filter((_, i) => i !== 7)).toEqual(
      Array.from({ length: 60 }, (_, i) => 2 * i).filter((_, i) => i !== 7),
    );
    expect(p.respawns).toBe(1);
    await p.close();
  });

  it('fails only the job that kills every worker it is given; a thrown error rejects its job', async () => {
    const p = await pool(2);
    const results = await Promise.allSettled([p.run(1), p.run('die'), p.run(2), p.run('throw'), p.run(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WorkerFailedError);
    expect((results[3] as PromiseRejectedResult).reason.message).toBe('bad job');
    expect(await p.run(21)).toBe(42);
    await p.close();
  });

  it('close() lets the jobs in flight finish', async () => {
    const p = await pool(1);
    const jobs = [p.run(1), p.run(2), p.run(3)];
    await p.close();
    expect(await Promise.all(jobs)).toEqual([2, 4, 6]);
  });
});
