// Request bodies of `tally serve`: reading one within the limits (size, pauses), refusing one before it is read
// (413, 408), and counting its items without parsing it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countLines } from '@tallyio/nostr';
import { isArrayBody } from './check.js';
import type { Metrics } from './metrics.js';
import { replyError } from './serve-http.js';

/** Bytes of a refused body read and dropped at most before its connection is closed. */
const DRAIN_BYTES = 64 << 20;

/** Limits on reading a request body. */
export interface BodyLimits {
  /** Bodies above this get 413. */
  readonly maxBodyBytes: number;
  /** Longest pause between two pieces of a body; then 408. */
  readonly bodyIdleMs: number;
}

/** Reads request bodies within their limits, answering the ones it refuses. */
export class BodyReader {
  readonly #metrics: Metrics;
  readonly #limits: BodyLimits;

  constructor(metrics: Metrics, limits: BodyLimits) {
    this.#metrics = metrics;
    this.#limits = limits;
  }

  /** The body, or undefined after answering 413 or 408 (or when the client went away). */
  read(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const { maxBodyBytes, bodyIdleMs } = this.#limits;
    const declared = Number(req.headers['content-length']);
    if (declared > maxBodyBytes) {
      this.refuse(req, res, 413, `body exceeds ${maxBodyBytes} bytes`);
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
        this.refuse(req, res, 408, `request body stalled: nothing received for ${bodyIdleMs} ms`);
        finish(undefined);
      }, bodyIdleMs);
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > maxBodyBytes) {
          this.refuse(req, res, 413, `body exceeds ${maxBodyBytes} bytes`);
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

  /**
   * Answers before the body was read (413, 408). After a 413 the rest of the body is read and dropped (up to
   * DRAIN_BYTES, with no pause over bodyIdleMs), so that a client still sending gets the answer rather than a reset
   * connection. When the body's length is declared and drainable the connection stays open for the next request:
   * closing it would make the client reconnect, and under load a new connection waits for Node to accept it (one
   * per turn of the event loop). A stalled body (408), or one of unknown length, closes the connection.
   */
  refuse(req: IncomingMessage, res: ServerResponse, code: number, message: string): void {
    const { bodyIdleMs } = this.#limits;
    const declared = Number(req.headers['content-length']);
    const keepAlive = code === 413 && declared <= DRAIN_BYTES && req.headers['transfer-encoding'] === undefined;
    replyError(this.#metrics, res, code, message, keepAlive ? {} : { connection: 'close' });
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
  }
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
