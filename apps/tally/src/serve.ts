import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createEngine, type Engine } from './engine.js';
import { Metrics } from './metrics.js';
import { BodyReader } from './serve-body.js';
import { answerClientError, refuseConnect, reply, replyError } from './serve-http.js';
import { BatchQueue } from './serve-queue.js';
import { Answering, type VerifyService, verify } from './serve-verify.js';

export { bodyItems } from './serve-body.js';

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
  /**
   * Connections the kernel completes and holds before the server accepts them (capped by the system's
   * net.core.somaxconn). A burst larger than this has its connections dropped before the server can answer them
   * 503, and clients see a connect timeout.
   */
  readonly backlog?: number;
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
  backlog: 4096,
};

const ROUTES: Record<string, string> = { '/verify': 'POST', '/healthz': 'GET', '/metrics': 'GET' };

/** What a running server works with: the /verify pipeline, and the engine it verifies on. */
interface Service extends VerifyService {
  readonly engine: Engine;
}

/** The verification service: POST /verify (NDJSON or a JSON array), GET /healthz, GET /metrics. */
export async function startServer(
  options: ServeOptions,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const metrics = new Metrics();
  const maxItems = options.maxItems ?? SERVE_DEFAULTS.maxItems;
  const bodyIdleMs = options.bodyIdleMs ?? SERVE_DEFAULTS.bodyIdleMs;
  const engine = await createEngine(options.threads ?? 0);
  const service: Service = {
    metrics,
    engine,
    bodies: new BodyReader(metrics, { maxBodyBytes: options.maxBodyBytes, bodyIdleMs }),
    queue: new BatchQueue(engine, metrics, {
      batchSize: options.batchSize,
      deadlineMs: options.deadlineMs,
      maxItems,
      flushWhenQuiet: options.flushWhenQuiet !== false,
    }),
    answering: new Answering(),
    maxItems,
    queueLimit: options.queueLimit,
  };
  const server = createServer(httpOptions(options), (req, res) => route(service, req, res));
  server.on('connect', (_req: IncomingMessage, socket: Socket) => refuseConnect(metrics, socket));
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(metrics, err, socket));
  await listen(server, options.port, options.host, options.backlog ?? SERVE_DEFAULTS.backlog);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { server, url: `http://${options.host}:${port}`, close: () => shutdown(server, service) };
}

/** Node's own limits on a request: time to its complete headers, to the whole of it, and how often they are checked. */
function httpOptions(options: ServeOptions): ServerOptions {
  const requestTimeout = options.requestTimeoutMs ?? SERVE_DEFAULTS.requestTimeoutMs;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? SERVE_DEFAULTS.headersTimeoutMs, requestTimeout);
  return {
    headersTimeout,
    requestTimeout,
    // How often the two timeouts above are checked (Node's default, 30 s, would let them run late by as much).
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
}

function listen(server: Server, port: number, host: string, backlog: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog }, resolve);
  });
}

function route(service: Service, req: IncomingMessage, res: ServerResponse): void {
  const { metrics } = service;
  const path = (req.url ?? '/').split('?')[0] as string;
  if (req.method === 'POST' && path === '/verify') {
    verify(service, req, res).catch((e: unknown) => {
      if (!res.headersSent) replyError(metrics, res, 500, String(e));
    });
  } else if (req.method === 'GET' && path === '/healthz') reply(metrics, res, 200, '{"ok":true}');
  else if (req.method === 'GET' && path === '/metrics') replyMetrics(service, res);
  else if (ROUTES[path] !== undefined) {
    replyError(metrics, res, 405, `${path} takes ${ROUTES[path]} only`, { allow: ROUTES[path] as string });
  } else replyError(metrics, res, 404, 'POST /verify, GET /healthz, GET /metrics');
}

function replyMetrics({ metrics, queue, engine }: Service, res: ServerResponse): void {
  metrics.request(200, false);
  const text = metrics.render(queue.waiting, engine.depths(), engine.respawns);
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Graceful: stops accepting connections and closes the idle ones, answers every request already read (the queue is
 * verified at once), closes each connection as its answer goes out, then stops the workers.
 */
async function shutdown(server: Server, { queue, answering, engine }: Service): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  queue.flushAll();
  if (answering.count > 0) await answering.drained();
  server.closeAllConnections();
  await closed;
  await engine.close();
}
