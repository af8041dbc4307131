// `tally verify` on all cores: 100 000 generated nostr events from 1000 keys (--quick: 2000), verified by the
// CLI process with 1 and with 2 worker threads, against the kernel's one-thread rate on the same events (the
// nostr bytes form called on this thread, frames of 256 KiB, no I/O, one pass with an empty key cache). Runs alternate 1, 2, 1, 2, … and each
// figure is a median. The corpus is generated once (`tally gen`, slow: noble signs it) and kept in the temp dir.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createNostrVerifier } from '@tallyio/nostr';
import { frames } from '@tallyio/nostr/pool';
import type { BenchOptions, CaseResult } from '../harness.js';

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@tallyio/tally/package.json')), 'dist', 'cli.js');
const FRAME = 256 << 10;

/** The corpus file of count nostr events from 1000 keys, generated on first use. */
export function corpus(count: number): string {
  const file = join(tmpdir(), `tally-bench-nostr-${count}.ndjson`);
  if (!existsSync(file)) {
    const r = spawnSync(
      process.execPath,
      [CLI, 'gen', '--scheme', 'nostr', '--count', String(count), '--keys', '1000'],
      {
        maxBuffer: 1 << 30,
      },
    );
    if (r.status !== 0) throw new Error(`tally gen failed: ${r.stderr}`);
    writeFileSync(`${file}.part`, r.stdout);
    renameSync(`${file}.part`, file);
  }
  return file;
}

/** One `tally verify` run: its own timing (from its summary line) and the process's wall time, in seconds. */
function runCli(file: string, threads: number): Promise<{ seconds: number; wall: number; lines: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'verify', '--threads', String(threads), file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => {
      const m = /tally: (\d+) lines — .* — ([\d.]+) s,/.exec(err);
      if (code !== 0 || !m) reject(new Error(`tally verify exited ${code}: ${err}`));
      else resolve({ lines: Number(m[1]), seconds: Number(m[2]), wall: (performance.now() - t0) / 1000 });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[s.length >> 1] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};

/** A case from per-event times (ns) of several runs. */
function caseOf(group: string, impl: string, perEvent: number[], extra: CaseResult['extra']): CaseResult {
  return {
    group,
    impl,
    median: median(perEvent),
    min: Math.min(...perEvent),
    max: Math.max(...perEvent),
    p25: quantile(perEvent, 0.25),
    p75: quantile(perEvent, 0.75),
    samples: perEvent.length,
    opsPerCall: 1,
    ...(extra ? { extra } : {}),
  };
}

export async function cliSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const count = opts.quick ? 2_000 : 100_000;
  const runs = opts.quick ? 2 : 5;
  const file = corpus(count);
  const bytes = new Uint8Array(readFileSync(file));
  const parts = frames(bytes, FRAME);

  // The kernel on this thread: the bytes form over the same frames, one pass as the CLI makes, each run with a
  // fresh verifier (its key cache starts empty, as each worker's does); its creation is not timed.
  const codes = new Uint8Array(Math.max(...parts.map((f) => f.length)) + 1);
  const kernel: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    const nostr = await createNostrVerifier({ maxBatch: 1024 });
    const t0 = performance.now();
    let n = 0;
    for (const f of parts) n += nostr.verifyLinesInto(f, codes);
    const ns = ((performance.now() - t0) * 1e6) / n;
    nostr.close();
    if (r > 0) kernel.push(ns); // the first run warms the JIT up
  }

  const cli: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const wall: Record<1 | 2, number[]> = { 1: [], 2: [] };
  for (let r = 0; r < runs; r++) {
    for (const t of [1, 2] as const) {
      const o = await runCli(file, t);
      if (o.lines !== count) throw new Error(`tally verify answered ${o.lines} lines of ${count}`);
      cli[t].push((o.seconds * 1e9) / count);
      wall[t].push((o.wall * 1e9) / count);
    }
  }
  const rate = (ns: number) => Math.round(1e9 / ns);
  const k = median(kernel);
  const one = median(cli[1]);
  const two = median(cli[2]);
  const extra = {
    events: count,
    runs,
    kernelEventsPerSecond: rate(k),
    oneThreadEventsPerSecond: rate(one),
    twoThreadsEventsPerSecond: rate(two),
    twoOverOne: Number((one / two).toFixed(3)),
    twoThreadsOverTwiceKernel: Number((k / two / 2).toFixed(3)),
    twoOverOnePerRun: cli[1].map((o, i) => (o / (cli[2][i] as number)).toFixed(2)).join(' '),
    oneThreadWallEventsPerSecond: rate(median(wall[1])),
    twoThreadsWallEventsPerSecond: rate(median(wall[2])),
  };
  console.error(`cli: ${JSON.stringify(extra)}`);
  const group = `${count / 1000}k nostr events from 1000 keys (per event)`;
  return [
    caseOf(group, 'tallyio tally verify --threads 2', cli[2], extra),
    caseOf(group, 'tallyio tally verify --threads 1', cli[1], undefined),
    caseOf(group, 'kernel on one thread (bytes form, no I/O)', kernel, undefined),
  ];
}
