import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { countLines } from '@tallyio/nostr';
import { ownBytes } from '@tallyio/verifier/parallel';
import { type BodyAnswer, isArrayBody, MALFORMED, VALID } from './check.js';
import { createEngine } from './engine.js';
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
  /** Worker threads that parse and verify (0, the default here: this thread). */
  readonly threads?: number;
}

/**
 * Defaults. Batch 256: the verifier's per-signature cost falls steeply up to 256 items (BIP340 44.9 µs at 64,
 * 35.7 at 256) and only slowly after (32.6 at 1024), while a batch of 256 takes ~9 ms. Deadline 5 ms: waiting
 * longer than a batch of 64 takes to verify (~3 ms) adds latency without adding much batching. Items per request
 * as many as the queue holds. Timeouts: generous for a client on a slow link, short enough that slow clients
 * (slowloris) cannot hold connections for long.
 */
export const SERVE_DEFAULTS: Readonly<Required<Omit<ServeOptions, 'port' | 'host' | 'flushWhenQuiet' | 'threads'>>> = {
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

const ROUTES: Record<string, string> = { '/verify': 'POST', '/healthz': 'GET', '/metrics': 'GET' };

/** A request waiting for its answer: its body, the items it counts for, and where its answer goes. */
interface Waiting {
  readonly body: Uint8Array;
  readonly items: number;
  readonly answer: (a: BodyAnswer) => void;
}

/**
 * Items a body counts for in the queue, read without parsing it: NDJSON lines, or the elements of a JSON array
 * (commas at its top level, outside strings).
 */
export function bodyItems(body: Uint8Array): number {
  if (!isArrayBody(body)) return countLines(body);
  let depth = 0;
  let items = 0;
  let inString = false;
  let any = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i] as number;
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
      continue;
    }
    if (b === 0x22) inString = true;
    if (b === 0x5d || b === 0x7d) depth--;
    else if (depth === 1 && b === 0x2c) items++;
    else if (depth === 1 && b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) any = true;
    if (b === 0x5b || b === 0x7b) depth++;
  }
  return any ? items + 1 : 0;
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
  const engine = await createEngine(options.threads ?? 0);
  /** Requests read, waiting for their batch. */
  let queue: Waiting[] = [];
  let queued = 0;
  /** Items queued or being verified. */
  let waiting = 0;
  let timer: NodeJS.Timeout | undefined;
  let soon = false;
  /** Answers not yet sent (graceful close waits for them). */
  let answering = 0;
  let drained: (() => void) | undefined;

  /**
   * Sends one batch (requests up to batchSize items) to be verified, and leaves the rest to the next turns of the
   * event loop. With worker threads this thread only routes; without, a turn verifies one batch at most: a turn
   * that verified the whole queue could block for seconds, and Node accepts one new connection per turn, so under
   * load new clients waited in the listen queue (measured: 20–30 s at twice capacity).
   */
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    let items = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || items + (queue[n] as Waiting).items <= options.batchSize)) {
      items += (queue[n] as Waiting).items;
      n++;
    }
    const batch = queue.slice(0, n);
    queue = queue.slice(n);
    queued -= items;
    metrics.batch(items);
    engine.checkBodies({ bodies: batch.map((w) => ownBytes(w.body)), maxItems }).then(
      (answers) => {
        waiting -= items;
        for (const [k, w] of batch.entries()) w.answer(answers[k] as BodyAnswer);
      },
      (e: Error) => {
        waiting -= items;
        for (const w of batch) w.answer({ code: 500, error: `verification failed: ${e.message}` });
      },
    );
    if (queue.length > 0) flushSoon();
  };

  /**
   * A full batch is sent once the requests already read in this turn of the event loop are queued too (not at
   * once, in the middle of reading them): under overload the backlog then shows in the queue, where queueLimit
   * answers 503 to what would wait too long, instead of piling up unread in the sockets.
   */
  const flushSoon = () => {
    if (soon) return;
    soon = true;
    setImmediate(() => {
      soon = false;
      flush();
    });
  };
  const enqueue = (w: Waiting) => {
    queue.push(w);
    queued += w.items;
    waiting += w.items;
    if (queued >= options.batchSize) flushSoon();
    else if (timer === undefined) timer = setTimeout(flush, options.deadlineMs);
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
    if (arrivals === seen) flush();
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

  async function answer(body: Buffer, res: ServerResponse, started: number): Promise<void> {
    if (waiting >= options.queueLimit) {
      error(res, 503, 'queue full, retry later', { 'retry-after': '1' });
      return;
    }
    const items = bodyItems(body);
    if (items > maxItems) {
      error(res, 413, `body holds ${items} ${isArrayBody(body) ? 'items' : 'lines'}, more than ${maxItems}`);
      return;
    }
    if (items > options.queueLimit) {
      error(res, 413, `body holds ${items} items to verify, more than the queue holds (${options.queueLimit})`);
      return;
    }
    if (waiting + items > options.queueLimit) {
      error(res, 503, 'queue full, retry later', { 'retry-after': '1' });
      return;
    }
    answering++;
    try {
      const a = await new Promise<BodyAnswer>((resolve) => {
        enqueue({ body, items, answer: resolve });
        if (options.flushWhenQuiet !== false) setImmediate(flushIfQuiet, arrivals);
      });
      if ('code' in a) {
        error(res, a.code, a.error);
        return;
      }
      const results = new Array<{ valid: boolean; reason?: string }>(a.kinds.length);
      for (let i = 0; i < a.kinds.length; i++) {
        const kind = a.kinds[i] as number;
        metrics.item(kind === VALID ? 'valid' : kind === MALFORMED ? 'malformed' : 'invalid');
        results[i] = kind === VALID ? { valid: true } : { valid: false, reason: a.reasons[i] ?? 'invalid' };
      }
      metrics.latency((performance.now() - started) / 1000);
      reply(res, 200, JSON.stringify({ results }));
    } finally {
      if (--answering === 0 && drained) drained();
    }
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
        const text = metrics.render(waiting, engine.depths(), engine.respawns);
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
    /**
     * Graceful: stops accepting connections and closes the idle ones, answers every request already read (the
     * queue is verified at once), closes each connection as its answer goes out, then stops the workers.
     */
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      while (queue.length > 0) flush();
      if (answering > 0) await new Promise<void>((resolve) => (drained = resolve));
      server.closeAllConnections();
      await closed;
      await engine.close();
    },
  };
}
