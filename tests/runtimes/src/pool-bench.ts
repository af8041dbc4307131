// `pnpm --filter @tallyio/runtimes bench:pool`: the nostr pool in headless Chromium, 20 000 events, 1 Web Worker
// against 2 in alternating passes (5 each, after a warm-up pass), the page thread's long tasks while they run.
// Run it alone on the machine: both workers need a core.
import { events, runPoolPage } from './browser-pool.js';

const runs = Number(process.env.RUNS ?? 5);
const r = await runPoolPage(events(20_000), [1, 2], runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const one = r.ms['1'] ?? [];
const two = r.ms['2'] ?? [];
const ratios = one.map((o, i) => (o / (two[i] as number)).toFixed(2));
console.log(
  JSON.stringify({
    crossOriginIsolated: r.crossOriginIsolated,
    events: r.lines,
    oneWorkerMs: one.map((x) => Math.round(x)),
    twoWorkersMs: two.map((x) => Math.round(x)),
    oneWorkerEventsPerSecond: Math.round(r.lines / (median(one) / 1000)),
    twoWorkersEventsPerSecond: Math.round(r.lines / (median(two) / 1000)),
    medianRatio: Number((median(one) / median(two)).toFixed(2)),
    ratioPerPass: ratios.join(' '),
    longTasks: r.longTasks.length,
    longestTaskMs: r.longTasks.length > 0 ? Math.round(Math.max(...r.longTasks)) : 0,
  }),
);
