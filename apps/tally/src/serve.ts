import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { createNostrVerifier } from '@tallyio/nostr';
import { type BatchItem, createVerifier, type Verifier } from '@tallyio/verifier';
import { type ParsedLine, parseLine, parseValue, SCHEMES, type Scheme } from './items.js';
import { LineSplitter } from './lines.js';
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
  /** Items (NDJSON lines or array elements) in one request at most; more get 413. */
  readonly maxItems?: number;
  /** Time from connection (or the previous request) to a request's complete headers; then 408. */
  readonly headersTimeoutMs?: number;
  /** Time to receive a whole request, headers and body; then 408. */
  readonly requestTimeoutMs?: number;
  /** Longest pause between two pieces of a request body; then 408. */
  readonly bodyIdleMs?: number;
  /** Verify at once when no other request began meanwhile (default true; false: only size and deadline). */
  readonly flushWhenQuiet?: boolean;
}

/**
 * Defaults. Batch 256: the verifier's per-signature cost falls steeply up to 256 items (BIP340 44.9 µs at 64,
 * 35.7 at 256) and only slowly after (32.6 at 1024), while a batch of 256 takes ~9 ms. Deadline 5 ms: waiting
 * longer than a batch of 64 takes to verify (~3 ms) adds latency without adding much batching. Items per request
 * as many as the queue holds. Timeouts: generous for a client on a slow link, short enough that slow clients
 * (slowloris) cannot hold connections for long.
 */
export const SERVE_DEFAULTS: Readonly<Required<Omit<ServeOptions, 'port' | 'host' | 'flushWhenQuiet'>>> = {
  batchSize: 256,
  deadlineMs: 5,
  queueLimit: 65_536,
  maxBodyBytes: 16 << 20,
  maxItems: 65_536,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  bodyIdleMs: 10_000,
};

/** Bytes of a refused body read and dropped at most before its connection is closed. */
const DRAIN_BYTES = 64 << 20;

/** Time one turn of the event loop spends verifying queued batches at most, before reading sockets again. */
const TURN_MS = 25;

const ROUTES: Record<string, string> = { '/verify': 'POST', '/healthz': 'GET', '/metrics': 'GET' };

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

/** Whether bytes are one JSON value on their own. */
function parsesAlone(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/** The verification service: POST /verify (NDJSON or a JSON array), GET /healthz, GET /metrics. */
export async function startServer(
  options: ServeOptions,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const metrics = new Metrics();
  const maxItems = options.maxItems ?? SERVE_DEFAULTS.maxItems;
  const bodyIdleMs = options.bodyIdleMs ?? SERVE_DEFAULTS.bodyIdleMs;
  const requestTimeout = options.requestTimeoutMs ?? SERVE_DEFAULTS.requestTimeoutMs;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? SERVE_DEFAULTS.headersTimeoutMs, requestTimeout);
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

  /**
   * Verifies a scheme's queued batches for up to TURN_MS, and leaves the rest to the next turns of the event loop:
   * a turn that verified the whole queue could block for seconds, and Node accepts one new connection per turn, so under load
   * new clients would wait in the listen queue (measured: 20–30 s at twice capacity) while the open ones were served.
   */
  const flush = (scheme: Scheme) => {
    const until = performance.now() + TURN_MS;
    do verifyOne(scheme);
    while (performance.now() < until && (queues.get(scheme) as Queued[]).length > 0);
    if ((queues.get(scheme) as Queued[]).length > 0) flushSoon(scheme);
  };
  const verifyOne = (scheme: Scheme) => {
    const timer = timers.get(scheme);
    if (timer) clearTimeout(timer);
    timers.delete(scheme);
    const queue = queues.get(scheme) as Queued[];
    if (queue.length === 0) return;
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
  };

  /**
   * A full batch is verified once the requests already read in this turn of the event loop are queued too (not
   * at once, in the middle of reading them): under overload the backlog then shows in the queue, where
   * queueLimit answers 503 to what would wait too long, instead of piling up unread in the sockets.
   */
  const soon = new Set<Scheme>();
  const flushSoon = (scheme: Scheme) => {
    if (soon.has(scheme)) return;
    soon.add(scheme);
    setImmediate(() => {
      soon.delete(scheme);
      flush(scheme);
    });
  };
  const enqueue = (scheme: Scheme, q: Queued) => {
    const queue = queues.get(scheme) as Queued[];
    queue.push(q);
    waiting++;
    if (queue.length >= options.batchSize) flushSoon(scheme);
    else if (!timers.has(scheme))
      timers.set(
        scheme,
        setTimeout(() => flush(scheme), options.deadlineMs),
      );
  };

  const reply = (res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}) => {
    metrics.request(code, res.req.method === 'POST' && res.req.url?.split('?')[0] === '/verify');
    if (res.destroyed) return;
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  };
  const error = (res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}) =>
    reply(res, code, JSON.stringify({ error: message }), headers);

  /**
   * Answers before the body was read (413, 408). After a 413 the rest of the body is read and dropped (up to
   * DRAIN_BYTES, with no pause over bodyIdleMs), so that a client still sending gets the answer rather than a reset
   * connection. When the body's length is declared and drainable the connection stays open for the next request:
   * closing it would make the client reconnect, and under load a new connection waits for Node to accept it (one
   * per turn of the event loop). A stalled body (408), or one of unknown length, closes the connection.
   */
  const refuse = (req: IncomingMessage, res: ServerResponse, code: number, message: string) => {
    const declared = Number(req.headers['content-length']);
    const keepAlive = code === 413 && declared <= DRAIN_BYTES && req.headers['transfer-encoding'] === undefined;
    error(res, code, message, keepAlive ? {} : { connection: 'close' });
    req.removeAllListeners('data');
    const socket = req.socket;
    let drained = 0;
    const idle = setTimeout(() => socket.destroy(), code === 408 ? Math.min(1000, bodyIdleMs) : bodyIdleMs);
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_BYTES) socket.destroy();
      else if (code !== 408) idle.refresh();
    });
    socket.once('close', () => clearTimeout(idle));
    req.once('end', () => clearTimeout(idle));
    req.resume();
  };

  /**
   * Requests begun so far. After a request's items are queued, a check once pending I/O has been handled
   * (setImmediate) sees whether another request began meanwhile: if none did, the server is not under load and
   * waiting for the deadline would only add latency, so the queues are verified at once.
   */
  let arrivals = 0;
  const flushIfQuiet = (seen: number) => {
    if (arrivals === seen) for (const s of SCHEMES) flush(s);
  };

  async function verify(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    arrivals++;
    const body = await readBody(req, res);
    if (body !== undefined) await answer(body, res, started);
  }

  /** The body, or undefined after answering 413 or 408 (or when the client went away). */
  function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const declared = Number(req.headers['content-length']);
    if (declared > options.maxBodyBytes) {
      refuse(req, res, 413, `body exceeds ${options.maxBodyBytes} bytes`);
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (body: Buffer | undefined) => {
        if (done) return;
        done = true;
        clearTimeout(idle);
        resolve(body);
      };
      const idle = setTimeout(() => {
        refuse(req, res, 408, `request body stalled: nothing received for ${bodyIdleMs} ms`);
        finish(undefined);
      }, bodyIdleMs);
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > options.maxBodyBytes) {
          refuse(req, res, 413, `body exceeds ${options.maxBodyBytes} bytes`);
          finish(undefined);
          return;
        }
        chunks.push(chunk);
        idle.refresh();
      });
      req.once('end', () => finish(Buffer.concat(chunks, size)));
      req.once('error', () => finish(undefined));
      req.once('close', () => finish(undefined));
    });
  }

  /** The body's items read: a JSON array of items, or NDJSON (one item per line); else the error to answer. */
  function parseBody(body: Buffer): ParsedLine[] | { code: number; error: string } {
    let start = 0;
    while (start < body.length && [0x20, 0x09, 0x0a, 0x0d].includes(body[start] as number)) start++;
    if (body[start] === 0x5b /* [ */) {
      let values: unknown;
      try {
        values = JSON.parse(body.toString('utf8'));
      } catch (e) {
        // NDJSON whose first line is a relay message ["EVENT", …] also starts with "[": it is NDJSON when that
        // line is JSON on its own.
        const nl = body.indexOf(10, start);
        if (nl < 0 || !parsesAlone(body.subarray(start, nl))) {
          return { code: 400, error: `malformed JSON array: ${(e as Error).message}` };
        }
      }
      if (values !== undefined) {
        if (!isUtf8(body)) return { code: 400, error: 'body is not valid UTF-8' };
        if (!Array.isArray(values)) return { code: 400, error: 'body is not a JSON array' };
        // A relay message alone ("["EVENT", …]") is one item, not an array of items.
        if (values[0] === 'EVENT') return [parseValue(values, nostr)];
        if (values.length > maxItems) {
          return { code: 413, error: `body holds ${values.length} items, more than ${maxItems}` };
        }
        return values.map((v) => parseValue(v, nostr));
      }
    }
    let lines = 0;
    for (let at = body.indexOf(10); at >= 0; at = body.indexOf(10, at + 1)) lines++;
    if (body.length > 0 && body[body.length - 1] !== 10) lines++;
    if (lines > maxItems) return { code: 413, error: `body holds ${lines} lines, more than ${maxItems}` };
    const splitter = new LineSplitter(Number.POSITIVE_INFINITY);
    const read = splitter.push(body);
    const last = splitter.end();
    if (last !== undefined) read.push(last);
    return read.map((line) => (typeof line === 'string' ? parseLine(line, nostr) : { ok: false, reason: line.reason }));
  }

  async function answer(body: Buffer, res: ServerResponse, started: number): Promise<void> {
    if (waiting >= options.queueLimit) {
      error(res, 503, 'queue full, retry later', { 'retry-after': '1' });
      return;
    }
    const parsed = parseBody(body);
    if (!Array.isArray(parsed)) {
      error(res, parsed.code, parsed.error);
      return;
    }
    const valid = parsed.filter((p) => p.ok).length;
    if (valid > options.queueLimit) {
      error(res, 413, `body holds ${valid} items to verify, more than the queue holds (${options.queueLimit})`);
      return;
    }
    if (waiting + valid > options.queueLimit) {
      error(res, 503, 'queue full, retry later', { 'retry-after': '1' });
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

  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // How often the two timeouts above are checked (Node's default, 30 s, would let them run late by as much).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0] as string;
      if (req.method === 'POST' && path === '/verify') {
        verify(req, res).catch((e: unknown) => {
          if (!res.headersSent) error(res, 500, String(e));
        });
      } else if (req.method === 'GET' && path === '/healthz') reply(res, 200, '{"ok":true}');
      else if (req.method === 'GET' && path === '/metrics') {
        metrics.request(200, false);
        const text = metrics.render(waiting);
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      } else if (ROUTES[path] !== undefined) {
        error(res, 405, `${path} takes ${ROUTES[path]} only`, { allow: ROUTES[path] as string });
      } else error(res, 404, 'POST /verify, GET /healthz, GET /metrics');
    },
  );
  // CONNECT is no request this service takes (unanswered, Node would just drop the connection).
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    metrics.request(405);
    const text = JSON.stringify({ error: 'CONNECT is not served' });
    socket.on('error', () => undefined);
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${text.length}\r\n\r\n${text}`,
    );
  });
  // Requests that never reached the handler: unparsable, headers too large, too slow (Node's timeouts).
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const code =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT'
          ? 408
          : 400;
    const answered = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code !== 'ECONNRESET' && socket.writable && answered !== true) {
      metrics.clientError(code);
      const text = JSON.stringify({
        error: code === 431 ? 'headers too large' : code === 408 ? 'request timeout' : 'bad request',
      });
      socket.end(
        `HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
    }
    socket.destroySoon();
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
      for (const s of SCHEMES) while ((queues.get(s) as Queued[]).length > 0) verifyOne(s);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const v of verifiers.values()) v.close();
      nostr.close();
    },
  };
}
