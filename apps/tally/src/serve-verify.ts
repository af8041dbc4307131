// POST /verify of `tally serve`: read the body, admit its items to the queue (or answer 413 or 503), and answer
// its verdicts once its batch is verified.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BodyAnswer, isArrayBody, MALFORMED, VALID } from './check.js';
import type { Metrics } from './metrics.js';
import { type BodyReader, bodyItems } from './serve-body.js';
import { reply, replyError } from './serve-http.js';
import type { BatchQueue } from './serve-queue.js';

/** Answers not yet sent: graceful close waits for them. */
export class Answering {
  #count = 0;
  #drained: (() => void) | undefined;

  get count(): number {
    return this.#count;
  }

  begin(): void {
    this.#count++;
  }

  end(): void {
    if (--this.#count === 0 && this.#drained) this.#drained();
  }

  /** Resolves once no answer is under way any more (call it while some are). */
  drained(): Promise<void> {
    return new Promise<void>((resolve) => (this.#drained = resolve));
  }
}

/** What POST /verify works with. */
export interface VerifyService {
  readonly metrics: Metrics;
  readonly bodies: BodyReader;
  readonly queue: BatchQueue;
  readonly answering: Answering;
  /** Items (NDJSON lines or array elements) in one request at most; more get 413. */
  readonly maxItems: number;
  /** Items waiting at most; a request that would exceed it gets 503 with Retry-After. */
  readonly queueLimit: number;
}

/** An answer refusing a body without verifying it. */
interface Refusal {
  readonly code: number;
  readonly message: string;
  readonly headers?: Record<string, string>;
}

const QUEUE_FULL: Refusal = { code: 503, message: 'queue full, retry later', headers: { 'retry-after': '1' } };

export async function verify(service: VerifyService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  service.queue.arrival();
  const body = await service.bodies.read(req, res);
  if (body !== undefined) await answer(service, body, res, started);
}

/** The items a body counts for, or why the queue cannot take it: 413 (more than it ever could), 503 (full now). */
function admit(body: Buffer, waiting: number, maxItems: number, queueLimit: number): number | Refusal {
  if (waiting >= queueLimit) return QUEUE_FULL;
  const items = bodyItems(body);
  if (items > maxItems) {
    return {
      code: 413,
      message: `body holds ${items} ${isArrayBody(body) ? 'items' : 'lines'}, more than ${maxItems}`,
    };
  }
  if (items > queueLimit) {
    return { code: 413, message: `body holds ${items} items to verify, more than the queue holds (${queueLimit})` };
  }
  if (waiting + items > queueLimit) return QUEUE_FULL;
  return items;
}

async function answer(service: VerifyService, body: Buffer, res: ServerResponse, started: number): Promise<void> {
  const { metrics, queue, answering } = service;
  const items = admit(body, queue.waiting, service.maxItems, service.queueLimit);
  if (typeof items !== 'number') {
    replyError(metrics, res, items.code, items.message, items.headers);
    return;
  }
  answering.begin();
  try {
    const a = await new Promise<BodyAnswer>((resolve) => queue.enqueue({ body, items, answer: resolve }));
    if ('code' in a) {
      replyError(metrics, res, a.code, a.error);
      return;
    }
    const results = verdicts(metrics, a);
    metrics.latency((performance.now() - started) / 1000);
    reply(metrics, res, 200, JSON.stringify({ results }));
  } finally {
    answering.end();
  }
}

/** A body's verdicts as answered, each counted in the metrics. */
function verdicts(
  metrics: Metrics,
  a: Extract<BodyAnswer, { kinds: Uint8Array }>,
): { valid: boolean; reason?: string }[] {
  const results = new Array<{ valid: boolean; reason?: string }>(a.kinds.length);
  for (let i = 0; i < a.kinds.length; i++) {
    const kind = a.kinds[i] as number;
    metrics.item(kind === VALID ? 'valid' : kind === MALFORMED ? 'malformed' : 'invalid');
    results[i] = kind === VALID ? { valid: true } : { valid: false, reason: a.reasons[i] ?? 'invalid' };
  }
  return results;
}
