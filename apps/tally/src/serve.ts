import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createNostrVerifier } from '@tallyio/nostr';
import { type BatchItem, createVerifier, type Verifier } from '@tallyio/verifier';
import { type ParsedLine, parseLine, parseValue, SCHEMES, type Scheme } from './items.js';
import { Metrics } from './metrics.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  /** A scheme's queue is verified as soon as it holds this many items. */
  readonly batchSize: number;
  /** …or this long after its first item arrived, whichever comes first. */
  readonly deadlineMs: number;
  /** Items waiting at most; a request that would exceed it gets 503 with Retry-After. */
  readonly queueLimit: number;
  /** Request bodies above this get 413. */
  readonly maxBodyBytes: number;
  /** Verify at once when no other request began meanwhile (default true; false: only size and deadline). */
  readonly flushWhenQuiet?: boolean;
}

/**
 * Defaults. Batch 256: the verifier's per-signature cost falls steeply up to 256 items (BIP340 44.9 µs at 64,
 * 35.7 at 256) and only slowly after (32.6 at 1024), while a batch of 256 takes ~9 ms. Deadline 5 ms: waiting
 * longer than a batch of 64 takes to verify (~3 ms) adds latency without adding much batching.
 */
export const SERVE_DEFAULTS: Omit<ServeOptions, 'port' | 'host'> = {
  batchSize: 256,
  deadlineMs: 5,
  queueLimit: 65_536,
  maxBodyBytes: 16 << 20,
};

interface Pending {
  readonly results: (string | undefined)[];
  readonly ok: boolean[];
  left: number;
  readonly finish: () => void;
}

interface Queued {
  readonly req: Pending;
  readonly index: number;
  readonly item: BatchItem;
}

/** The verification service: POST /verify (NDJSON or a JSON array), GET /healthz, GET /metrics. */
export async function startServer(
  options: ServeOptions,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const metrics = new Metrics();
  const verifiers = new Map<Scheme, Verifier>();
  for (const s of SCHEMES) {
    verifiers.set(
      s,
      await createVerifier(
        s === 'bip340'
          ? { scheme: 'bip340', maxBatch: options.batchSize }
          : { scheme: 'ed25519', mode: s === 'ed25519' ? 'zip215' : 'strict', maxBatch: options.batchSize },
      ),
    );
  }
  const nostr = await createNostrVerifier({ maxBatch: 1, keyCacheCapacity: 0 });
  const queues = new Map<Scheme, Queued[]>(SCHEMES.map((s) => [s, []]));
  const timers = new Map<Scheme, NodeJS.Timeout>();
  let waiting = 0;

  const flush = (scheme: Scheme) => {
    const timer = timers.get(scheme);
    if (timer) clearTimeout(timer);
    timers.delete(scheme);
    const queue = queues.get(scheme) as Queued[];
    while (queue.length > 0) {
      const batch = queue.splice(0, options.batchSize);
      waiting -= batch.length;
      const r = (verifiers.get(scheme) as Verifier).verifyBatch(batch.map((q) => q.item));
      metrics.batch(batch.length);
      batch.forEach((q, k) => {
        q.req.ok[q.index] = r.valid[k] as boolean;
        q.req.results[q.index] = r.reasons[k];
        metrics.item(r.valid[k] ? 'valid' : 'invalid');
        if (--q.req.left === 0) q.req.finish();
      });
    }
  };

  const enqueue = (scheme: Scheme, q: Queued) => {
    const queue = queues.get(scheme) as Queued[];
    queue.push(q);
    waiting++;
    if (queue.length >= options.batchSize) flush(scheme);
    else if (!timers.has(scheme))
      timers.set(
        scheme,
        setTimeout(() => flush(scheme), options.deadlineMs),
      );
  };

  const reply = (res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}) => {
    metrics.request(code);
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  /**
   * Requests begun so far. After a request's items are queued, a check once pending I/O has been handled
   * (setImmediate) sees whether another request began meanwhile: if none did, the server is not under load and
   * waiting for the deadline would only add latency, so the queues are verified at once.
   */
  let arrivals = 0;
  const flushIfQuiet = (seen: number) => {
    if (arrivals === seen) for (const s of SCHEMES) if ((queues.get(s) as Queued[]).length > 0) flush(s);
  };

  async function verify(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    arrivals++;
    const body = await readBody(req, res);
    if (body !== undefined) await answer(body, res, started);
  }

  /** The body as text, or undefined after answering 413. */
  async function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > options.maxBodyBytes) {
        reply(res, 413, JSON.stringify({ error: `body exceeds ${options.maxBodyBytes} bytes` }), {
          connection: 'close',
        });
        req.destroy();
        return undefined;
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function answer(text: string, res: ServerResponse, started: number): Promise<void> {
    let parsed: ParsedLine[];
    if (text.trimStart().startsWith('[')) {
      let values: unknown;
      try {
        values = JSON.parse(text);
      } catch (e) {
        reply(res, 400, JSON.stringify({ error: `malformed JSON array: ${(e as Error).message}` }));
        return;
      }
      if (!Array.isArray(values)) {
        reply(res, 400, JSON.stringify({ error: 'body is not a JSON array' }));
        return;
      }
      // A relay message alone ("["EVENT", …]") is one item, not an array of items.
      parsed = values[0] === 'EVENT' ? [parseValue(values, nostr)] : values.map((v) => parseValue(v, nostr));
    } else {
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      parsed = lines.map((l) => parseLine(l, nostr));
    }
    const valid = parsed.filter((p) => p.ok).length;
    if (waiting + valid > options.queueLimit) {
      reply(res, 503, JSON.stringify({ error: 'queue full, retry later' }), { 'retry-after': '1' });
      return;
    }
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const pending: Pending = {
      results: new Array(parsed.length),
      ok: new Array(parsed.length).fill(false),
      left: valid,
      finish,
    };
    parsed.forEach((p, index) => {
      if (p.ok) enqueue(p.scheme, { req: pending, index, item: p.item });
      else {
        pending.results[index] = p.reason;
        metrics.item('malformed');
      }
    });
    if (valid === 0) finish();
    if (options.flushWhenQuiet !== false) setImmediate(flushIfQuiet, arrivals);
    await done;
    const results = pending.ok.map((ok, i) =>
      ok ? { valid: true } : { valid: false, reason: pending.results[i] ?? 'not-verified' },
    );
    metrics.latency((performance.now() - started) / 1000);
    reply(res, 200, JSON.stringify({ results }));
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/verify') {
      verify(req, res).catch((e: unknown) => {
        if (!res.headersSent) reply(res, 500, JSON.stringify({ error: String(e) }));
      });
    } else if (req.method === 'GET' && path === '/healthz') reply(res, 200, '{"ok":true}');
    else if (req.method === 'GET' && path === '/metrics') {
      metrics.request(200);
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(metrics.render(waiting));
    } else reply(res, 404, JSON.stringify({ error: 'POST /verify, GET /healthz, GET /metrics' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://${options.host}:${port}`,
    close: async () => {
      for (const s of SCHEMES) flush(s);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const v of verifiers.values()) v.close();
      nostr.close();
    },
  };
}
