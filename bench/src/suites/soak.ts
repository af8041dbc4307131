// Soak: `tally serve` in its own process, held at about twice its capacity. The capacity is measured first (a
// closed loop of 64 connections for a few seconds); then requests are sent open-loop at twice that rate for 60 s
// (--quick: 5 s), at most MAX_IN_FLIGHT at a time, over loopback. Each body holds 16 nostr events, one with a bad
// signature and one malformed line planted; 1 % of requests are oversized (413). Reports requests answered by
// status, lost or hung ones (there must be none), wrong verdicts, latency, the service's peak RSS and CPU, the load
// generator's CPU, and whether the service's /metrics add up to what was sent.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { BenchOptions, CaseResult } from '../harness.js';

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@tallyio/tally/package.json')), 'dist', 'cli.js');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const PER_REQUEST = 16;
const BAD_SIG_AT = 3;
const MALFORMED_AT = 11;
/** Items the service may hold waiting (--queue-limit): small enough that twice the capacity overflows it. */
const QUEUE_LIMIT = 1024;
const MAX_BODY = 64 << 10;
const MAX_IN_FLIGHT = 512;
/** A request unanswered after this long counts as hung. */
const REQUEST_TIMEOUT_MS = 30_000;
const OVERSIZED_EVERY = 100;
const CAPACITY_CONNECTIONS = 64;

/** Bodies of 16 nostr events, the one at BAD_SIG_AT with a flipped signature bit, the one at MALFORMED_AT not JSON. */
function bodies(n: number): Buffer[] {
  const sk = schnorr.utils.randomSecretKey();
  const pubkey = hex(schnorr.getPublicKey(sk));
  return Array.from({ length: n }, (_, b) => {
    const lines = Array.from({ length: PER_REQUEST }, (_, i) => {
      if (i === MALFORMED_AT) return '{"id":';
      const e = {
        pubkey,
        created_at: 1_700_000_000 + b * PER_REQUEST + i,
        kind: 1,
        tags: [],
        content: `soak ${b} ${i}`,
      };
      const id = sha256(
        new TextEncoder().encode(JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content])),
      );
      const sig = schnorr.sign(id, sk);
      if (i === BAD_SIG_AT) sig[40] = (sig[40] as number) ^ 1;
      return JSON.stringify({ id: hex(id), ...e, sig: hex(sig) });
    });
    return Buffer.from(`${lines.join('\n')}\n`);
  });
}

interface Outcome {
  /** HTTP status; 0: lost (connection error before an answer); -1: hung (no answer within the timeout). */
  readonly status: number;
  readonly ms: number;
  readonly retryAfter: boolean;
  /** For a 200: whether every verdict was the planted one. */
  readonly right: boolean;
  /** For a hung request: whether it was still connecting (its connection not yet accepted). */
  readonly connecting?: boolean;
  readonly trace?: Record<string, number | boolean | string>;
}

function send(agent: Agent, port: number, body: Buffer): Promise<Outcome> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (o: Omit<Outcome, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...o, ms: performance.now() - t0, trace });
    };
    const trace: Record<string, number | boolean | string> = {
      size: body.length,
      t0: Math.round(t0),
      abs: Math.round(performance.timeOrigin + t0),
    };
    const mark = (k: string) => {
      trace[k] = Math.round(performance.now() - t0);
    };
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/verify',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-ndjson', 'content-length': body.length },
      },
      (res) => {
        mark('response');
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => settle({ status: 0, retryAfter: false, right: false }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let right = false;
          if (status === 200) {
            try {
              const { results } = JSON.parse(Buffer.concat(chunks).toString()) as {
                results: { valid: boolean; reason?: string }[];
              };
              right =
                results.length === PER_REQUEST &&
                results.every((r, i) =>
                  i === BAD_SIG_AT
                    ? !r.valid && r.reason === 'bad-signature'
                    : i === MALFORMED_AT
                      ? !r.valid && /^malformed JSON/.test(r.reason ?? '')
                      : r.valid,
                );
            } catch {
              right = false;
            }
          }
          settle({ status, retryAfter: res.headers['retry-after'] !== undefined, right });
        });
      },
    );
    // An oversized body is answered (413) and its connection closed while it is still being sent: not a loss.
    req.on('error', (e: NodeJS.ErrnoException) => {
      trace.error = e.code ?? e.message;
    });
    req.on('error', () => setTimeout(() => settle({ status: 0, retryAfter: false, right: false }), 50));
    const timer = setTimeout(() => {
      settle({ status: -1, retryAfter: false, right: false, connecting: req.socket?.connecting !== false });
      req.destroy();
    }, REQUEST_TIMEOUT_MS);
    req.on('socket', (sock) => {
      mark('socket');
      trace.reused = req.reusedSocket;
      trace.port = sock.localPort ?? -1;
      if (sock.connecting)
        sock.once('connect', () => {
          mark('connect');
          trace.port = sock.localPort ?? -1;
        });
    });
    req.on('finish', () => mark('finish'));
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);

/** The child's CPU seconds (user + system) and peak RSS in MB, from /proc (Linux). */
function procStats(pid: number): { cpu: number; peakRssMb: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpu: ticks / 100, peakRssMb: hwm ? Number(hwm[1]) / 1024 : Number.NaN };
  } catch {
    return { cpu: Number.NaN, peakRssMb: Number.NaN };
  }
}

async function startService(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--queue-limit', String(QUEUE_LIMIT), '--max-body', String(MAX_BODY)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      const m = /listening on (\S+)/.exec(d.toString());
      if (m) resolve(m[1] as string);
    });
    child.once('exit', () => reject(new Error('tally serve exited')));
  });
  return { child, port: Number(new URL(url).port) };
}

async function metricsOf(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(tally_\w+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) out.set(m[1] as string, Number(m[2]));
  }
  return out;
}

export async function soakSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const capacitySeconds = opts.quick ? 2 : 5;
  const holdSeconds = Number(process.env.TALLY_SOAK_SECONDS ?? (opts.quick ? 5 : 60));
  const pool = bodies(8);
  const oversized = Buffer.concat([pool[0] as Buffer, Buffer.alloc(MAX_BODY, 'x')]);
  const { child, port } = await startService();
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  const sent = { total: 0 };
  const outcomes: Outcome[] = [];
  try {
    // Capacity: a closed loop of CAPACITY_CONNECTIONS connections, answered requests per second.
    const capacityEnd = performance.now() + capacitySeconds * 1000;
    let answered = 0;
    await Promise.all(
      Array.from({ length: CAPACITY_CONNECTIONS }, async (_, c) => {
        for (let i = 0; performance.now() < capacityEnd && i < 1_000_000; i++) {
          sent.total++;
          const o = await send(agent, port, pool[(c + i) % pool.length] as Buffer);
          outcomes.push(o);
          if (o.status === 200) answered++;
        }
      }),
    );
    const capacity = answered / capacitySeconds;
    const rate = 2 * capacity;

    // Open all MAX_IN_FLIGHT connections before the hold, so that its latencies are not those of connecting under
    // load (a full accept queue drops connection attempts, which the kernel retries after 1 s, then 3 s).
    await Promise.all(
      Array.from(
        { length: MAX_IN_FLIGHT },
        () =>
          new Promise<void>((resolve) => {
            const req = request({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
              res.resume();
              res.on('end', () => resolve());
            });
            req.on('error', () => resolve());
            req.end();
          }),
      ),
    );

    // Hold: open loop at twice the capacity, in 10 ms ticks, at most MAX_IN_FLIGHT outstanding.
    const held: Outcome[] = [];
    const pending = new Set<Promise<void>>();
    let skipped = 0;
    const cpu0 = process.cpuUsage();
    const svc0 = procStats(child.pid as number);
    const t0 = performance.now();
    const holdEnd = t0 + holdSeconds * 1000;
    const limit = Math.ceil(rate * holdSeconds * 1.2) + 100;
    let due = 0;
    let n = 0;
    while (performance.now() < holdEnd && n < limit) {
      due = Math.min(limit, Math.floor(((performance.now() - t0) / 1000) * rate));
      while (n < due) {
        if (pending.size >= MAX_IN_FLIGHT) {
          skipped += due - n;
          n = due;
          break;
        }
        const body = n % OVERSIZED_EVERY === OVERSIZED_EVERY - 1 ? oversized : (pool[n % pool.length] as Buffer);
        n++;
        sent.total++;
        const p: Promise<void> = send(agent, port, body).then((o) => {
          held.push(o);
          pending.delete(p);
        });
        pending.add(p);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const wall = (performance.now() - t0) / 1000;
    await Promise.all(pending);
    const drain = (performance.now() - t0) / 1000 - wall;
    const cpu = process.cpuUsage(cpu0);
    const svc1 = procStats(child.pid as number);
    outcomes.push(...held);

    // The service's own counts against what was sent over the whole session.
    const m = await metricsOf(port);
    const by = (code: number) => outcomes.filter((o) => o.status === code).length;
    const ok = by(200);
    const metric = (k: string) => m.get(k) ?? 0;
    const metricsMatch =
      metric('tally_verify_requests_total{code="200"}') === ok &&
      metric('tally_verify_requests_total{code="503"}') === by(503) &&
      metric('tally_verify_requests_total{code="413"}') === by(413) &&
      metric('tally_items_total{verdict="valid"}') === ok * (PER_REQUEST - 2) &&
      metric('tally_items_total{verdict="invalid"}') === ok &&
      metric('tally_items_total{verdict="malformed"}') === ok &&
      [...m].filter(([k]) => k.startsWith('tally_client_errors_total')).every(([, v]) => v === 0);

    const h = { ok: by(200), s503: by(503), s413: by(413) };
    const heldBy = (code: number) => held.filter((o) => o.status === code).length;
    const lost = outcomes.filter((o) => o.status === 0).length;
    const hung = outcomes.filter((o) => o.status === -1).length;
    const wrong = outcomes.filter((o) => o.status === 200 && !o.right).length;
    const no503RetryAfter = outcomes.filter((o) => o.status === 503 && !o.retryAfter).length;
    const other = outcomes.length - h.ok - h.s503 - h.s413 - lost - hung;
    const lat = held
      .filter((o) => o.status === 200)
      .map((o) => o.ms)
      .sort((a, b) => a - b);
    const all = held.map((o) => o.ms).sort((a, b) => a - b);
    const cores = availableParallelism();
    const genCpu = (cpu.user + cpu.system) / 1e6;
    const svcCpu = svc1.cpu - svc0.cpu;
    const figures = {
      capacityRequestsPerSecond: Math.round(capacity),
      offeredRequestsPerSecond: Math.round(rate),
      holdSeconds: Number(wall.toFixed(1)),
      drainSeconds: Number(drain.toFixed(2)),
      sentHold: held.length,
      skippedAtConcurrencyBound: skipped,
      sentTotal: sent.total,
      answeredTotal: outcomes.length - lost - hung,
      status200: heldBy(200),
      status503: heldBy(503),
      status413: heldBy(413),
      share503: Number((heldBy(503) / Math.max(1, held.length)).toFixed(3)),
      otherStatus: other,
      lost,
      hung,
      hungWhileConnecting: outcomes.filter((o) => o.status === -1 && o.connecting).length,
      wrongVerdicts: wrong,
      status503WithoutRetryAfter: no503RetryAfter,
      itemsPerSecondVerified: Math.round((heldBy(200) * PER_REQUEST) / wall),
      p50Ms200: Number(percentile(lat, 0.5).toFixed(2)),
      p99Ms200: Number(percentile(lat, 0.99).toFixed(2)),
      p50MsAll: Number(percentile(all, 0.5).toFixed(2)),
      p99MsAll: Number(percentile(all, 0.99).toFixed(2)),
      servicePeakRssMb: Number(svc1.peakRssMb.toFixed(1)),
      serviceCpuShare: Number((svcCpu / (wall + drain) / cores).toFixed(3)),
      generatorCpuShare: Number((genCpu / (wall + drain) / cores).toFixed(3)),
      generatorShareOfCpuUsed: Number((genCpu / (genCpu + svcCpu)).toFixed(3)),
      cores,
      metricsMatch,
      metrics200: metric('tally_verify_requests_total{code="200"}'),
      metrics503: metric('tally_verify_requests_total{code="503"}'),
      metrics413: metric('tally_verify_requests_total{code="413"}'),
      metricsClientErrors: [...m]
        .filter(([k]) => k.startsWith('tally_client_errors_total'))
        .reduce((a, [, v]) => a + v, 0),
      // Every request sent answered by the service, if late (a hung request's answer comes after the client's
      // timeout and shows only here).
      serviceAnsweredAll:
        metric('tally_verify_requests_total{code="200"}') +
          metric('tally_verify_requests_total{code="503"}') +
          metric('tally_verify_requests_total{code="413"}') ===
        sent.total,
      generator200: ok,
      generator503: by(503),
      generator413: by(413),
    };
    console.error(`soak: ${JSON.stringify(figures)}`);
    if (process.env.TALLY_SOAK_TRACE) {
      for (const o of outcomes.filter((x) => x.status === -1 || x.status === 0).slice(0, 40))
        console.error(`hung: ${JSON.stringify(o.trace)}`);
      const fresh = new Map<number, number>();
      const sizes = new Map<number, number>();
      for (const o of held) {
        const sec = Math.floor(((o.trace?.t0 as number) - t0) / 1000);
        if (o.trace?.reused === false) fresh.set(sec, (fresh.get(sec) ?? 0) + 1);
        if (o.ms > 3000) sizes.set(sec, (sizes.get(sec) ?? 0) + 1);
      }
      console.error(`new connections per second of the hold: ${JSON.stringify([...fresh])}`);
      console.error(`slow (> 3 s) by second sent: ${JSON.stringify([...sizes])}`);
      const slow = held.filter((x) => x.status === 200 && x.ms > 3000).slice(0, 20);
      for (const o of slow) console.error(`slow ${Math.round(o.ms)}: ${JSON.stringify(o.trace)}`);
    }
    if (lost + hung + wrong + no503RetryAfter + other > 0 || !metricsMatch) {
      console.error('soak: FAILED — lost, hung, wrong or unaccounted requests (see the figures above)');
      process.exitCode = 1;
    }
    const ns = 1e6;
    return [
      {
        group: `POST /verify at 2× capacity (${figures.offeredRequestsPerSecond} req/s offered, ${PER_REQUEST} nostr events each) for ${holdSeconds} s: ${figures.status200} × 200, ${figures.status503} × 503, ${figures.status413} × 413, ${lost} lost, ${hung} hung`,
        impl: 'tallyio serve',
        median: figures.p50Ms200 * ns,
        min: (lat[0] ?? 0) * ns,
        max: (lat[lat.length - 1] ?? 0) * ns,
        p25: percentile(lat, 0.25) * ns,
        p75: percentile(lat, 0.75) * ns,
        p99: figures.p99Ms200 * ns,
        p999: percentile(lat, 0.999) * ns,
        samples: lat.length,
        opsPerCall: 1,
        extra: figures,
      },
    ];
  } finally {
    agent.destroy();
    child.kill();
  }
}
