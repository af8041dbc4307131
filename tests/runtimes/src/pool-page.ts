// The browser pool page: fetches NDJSON events, verifies them through createNostrPool with 1 worker and with 2
// (runs in turn), watches the page's thread for long tasks (over 50 ms) while the pool runs, and leaves the
// codes, times and long tasks in window.__result.
import { createNostrPool } from '@tallyio/nostr/pool';

interface Plan {
  readonly threads: readonly number[];
  readonly runs: number;
}

const plan = JSON.parse(document.getElementById('data')?.textContent ?? 'null') as Plan;
const out = window as unknown as { __result?: unknown; __error?: string };

async function main() {
  const bytes = new Uint8Array(await (await fetch('./events.ndjson')).arrayBuffer());
  const pools = new Map<number, Awaited<ReturnType<typeof createNostrPool>>>();
  for (const threads of plan.threads) {
    const pool = await createNostrPool({
      threads,
      createWorker: () => new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' }),
    });
    // A first pass warms each worker's compiler and key cache up.
    await pool.verifyLinesInto(bytes, new Uint8Array(bytes.length + 1));
    pools.set(threads, pool);
  }
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  const ms: Record<number, number[]> = {};
  const codes = new Uint8Array(bytes.length + 1);
  let lines = 0;
  for (let r = 0; r < plan.runs; r++) {
    for (const threads of plan.threads) {
      const t0 = performance.now();
      lines = await (pools.get(threads) as NonNullable<ReturnType<typeof pools.get>>).verifyLinesInto(bytes, codes);
      const list = ms[threads] ?? [];
      list.push(performance.now() - t0);
      ms[threads] = list;
    }
  }
  // Long tasks are reported after they end: a turn of the event loop later.
  await new Promise((r) => setTimeout(r, 100));
  observer.disconnect();
  for (const p of pools.values()) await p.close();
  return { crossOriginIsolated, lines, codes: Array.from(codes.subarray(0, lines)), ms, longTasks };
}

main().then(
  (r) => {
    out.__result = r;
  },
  (e: unknown) => {
    out.__error = String((e as Error).stack ?? e);
  },
);
