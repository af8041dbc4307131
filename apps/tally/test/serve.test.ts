// The service over loopback: mixed batches answered in order, malformed and oversized bodies, metrics, and an
// overload burst in which every request gets 200 or 503 and none is dropped or hangs.

import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genLine } from '../src/gen.js';
import { startServer } from '../src/serve.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

const bipSk = schnorr.utils.randomSecretKey();
const edSk = ed25519.utils.randomSecretKey();
for (const threads of [0, 2]) {
  describe(`tally serve (${threads > 0 ? `${threads} worker threads` : 'on its own thread'})`, () => {
    let service: Awaited<ReturnType<typeof startServer>>;

    beforeAll(async () => {
      service = await startServer({
        port: 0,
        host: '127.0.0.1',
        batchSize: 16,
        deadlineMs: 3,
        queueLimit: 64,
        maxBodyBytes: 64 * 1024,
        threads,
      });
    });
    afterAll(async () => {
      await service.close();
    });

    const post = (body: string) => fetch(`${service.url}/verify`, { method: 'POST', body });

    it('answers NDJSON and JSON-array bodies item by item, in order', async () => {
      const lines = [
        genLine('bip340', bipSk, 1, false),
        genLine('ed25519', edSk, 2, true),
        genLine('relay', bipSk, 3, false),
        '{"scheme":"rsa"}',
        genLine('ed25519-strict', edSk, 4, false),
        genLine('nostr', bipSk, 5, true),
      ];
      const expected = [true, false, true, false, true, false];
      const ndjson = await (await post(lines.join('\n'))).json();
      expect(ndjson.results.map((r: { valid: boolean }) => r.valid)).toEqual(expected);
      expect(ndjson.results[3].reason).toContain('unknown scheme');
      expect(ndjson.results[1].reason).toBe('bad-signature');
      const array = await (
        await post(`[${lines.filter((l) => l.startsWith('{') || l.startsWith('[')).join(',')}]`)
      ).json();
      expect(array.results.map((r: { valid: boolean }) => r.valid)).toEqual(expected);
      expect((await (await post('')).json()).results).toEqual([]);
    });

    it('refuses malformed and oversized bodies with 400 and 413', async () => {
      expect((await post('[{"scheme":')).status).toBe(400);
      const big = await post('x'.repeat(70 * 1024)).catch(() => undefined);
      expect(big === undefined || big.status === 413).toBe(true);
      expect((await fetch(`${service.url}/nope`)).status).toBe(404);
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    });

    it('keeps the connection after a 413 whose body length was declared, and closes it when it was not', async () => {
      // One socket, two requests in turn: an oversized body then a valid one, over a keep-alive agent.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const send = (body: Buffer, headers: Record<string, string | number>) =>
        new Promise<{ status: number; port: number; connection: string | undefined }>((resolve, reject) => {
          const req = request(`${service.url}/verify`, { method: 'POST', agent, headers }, (res) => {
            res.resume();
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                port: req.socket?.localPort ?? -1,
                connection: res.headers.connection,
              }),
            );
          });
          req.on('error', reject);
          req.end(body);
        });
      try {
        const big = Buffer.alloc(70 * 1024, 'x');
        const line = Buffer.from(genLine('bip340', bipSk, 9, false));
        const refused = await send(big, { 'content-length': big.length });
        expect(refused).toMatchObject({ status: 413, connection: 'keep-alive' });
        const next = await send(line, { 'content-length': line.length });
        expect(next.status).toBe(200);
        expect(next.port).toBe(refused.port);
        const chunked = await send(big, { 'transfer-encoding': 'chunked' }).catch(() => undefined);
        expect(chunked === undefined || chunked.connection === 'close').toBe(true);
      } finally {
        agent.destroy();
      }
    });

    it('under an overload burst every request gets 200 or 503, none is lost or hangs', async () => {
      // Batches that wait for their deadline let the queue fill within it: its bound is what answers 503.
      const burst = await startServer({
        port: 0,
        host: '127.0.0.1',
        batchSize: 1024,
        deadlineMs: 50,
        queueLimit: 64,
        maxBodyBytes: 64 * 1024,
        flushWhenQuiet: false,
        // The burst is about the queue's bound: on a loaded machine a request's headers or body can wait past the
        // default 10 s behind 2000 others, and a 408 for it says nothing about the queue (seen in CI, seeds
        // 346528321 and 4174959316).
        headersTimeoutMs: 60_000,
        bodyIdleMs: 60_000,
        threads,
      });
      const body = [0, 1, 2, 3].map((i) => genLine('bip340', bipSk, i, i === 2)).join('\n');
      const codes = await Promise.all(
        Array.from({ length: 2000 }, () =>
          fetch(`${burst.url}/verify`, { method: 'POST', body }).then(
            async (r) => {
              if (r.status === 200) {
                const { results } = await r.json();
                expect(results.map((x: { valid: boolean }) => x.valid)).toEqual([true, true, false, true]);
              } else
                expect({ status: r.status, retryAfter: r.headers.get('retry-after') }).toEqual({
                  status: 503,
                  retryAfter: '1',
                });
              return r.status;
            },
            // A request that got no answer: name why (the client's own error, e.g. a connect timeout).
            (e: Error & { cause?: { code?: string; message?: string } }) =>
              `no answer: ${e.cause?.code ?? e.cause?.message ?? e.message}`,
          ),
        ),
      );
      expect(codes.filter((c) => c !== 200 && c !== 503)).toEqual([]);
      expect(codes.filter((c) => c === 200).length).toBeGreaterThan(0);
      expect(codes.filter((c) => c === 503).length).toBeGreaterThan(0);
      const metrics = await (await fetch(`${burst.url}/metrics`)).text();
      await burst.close();
      expect(metrics).toMatch(/tally_requests_total\{code="503"\} \d+/);
      expect(metrics).toMatch(/tally_batch_size_count \d+/);
      expect(metrics).toContain('tally_request_seconds_bucket{le="+Inf"}');
      expect(metrics.match(/^tally_worker_jobs\{worker="\d+"\} \d+$/gm)).toHaveLength(Math.max(1, threads));
    }, 120_000);
  });
}

describe('tally serve, the process', () => {
  it('on SIGTERM stops accepting, answers the requests in flight and exits 0', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--threads', '1', '--deadline-ms', '300'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on (\S+)/.exec(err);
        if (m) resolve(m[1] as string);
      });
      child.once('exit', () => reject(new Error(`tally serve exited: ${err}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Bodies big enough to be still in verification when the signal comes (three of 400 events on one worker).
    const lines = Array.from({ length: 400 }, (_, i) => genLine('nostr', bipSk, i, i === 1));
    const body = lines.join('\n');
    let killedAt = 0;
    const inFlight = [0, 1, 2].map(() =>
      fetch(`${url}/verify`, { method: 'POST', body }).then(async (r) => ({
        status: r.status,
        results: (await r.json()).results as { valid: boolean }[],
        after: performance.now() > killedAt,
      })),
    );
    await new Promise((r) => setTimeout(r, 30));
    killedAt = performance.now();
    child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.results.map((x) => x.valid)).toEqual(lines.map((_, i) => i !== 1));
    }
    console.log(`SIGTERM: ${answers.filter((a) => a.after).length} of 3 requests answered after the signal`);
    expect(await exited).toBe(0);
    expect(err).toContain('tally: stopped');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);
});
