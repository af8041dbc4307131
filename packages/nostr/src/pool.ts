// Nostr events on every core: NDJSON bytes cut into frames of whole lines, each verified by a worker (Node worker
// threads, or Web Workers in a browser) through the bytes form; the calling thread only cuts and routes, so a web
// client's page stays responsive while a relay's backlog is verified.
import { createJobPool, type JobPool, ownBytes } from '@tallyio/verifier/parallel';
import { type EventsResult, resultOf } from './verifier.js';

export interface NostrPoolOptions {
  /** Workers (default: the available cores). */
  readonly threads?: number;
  /**
   * Browsers: makes the worker — a module worker whose file imports '@tallyio/nostr/worker', written in the
   * application so that its bundler sees it: `() => new Worker(new URL('./verify-worker.js', import.meta.url), {
   * type: 'module' })`. Node needs none.
   */
  readonly createWorker?: () => unknown;
  /** Bytes per job (default 256 KiB): the lines of a job are verified in batches by one worker. */
  readonly frameBytes?: number;
}

export interface NostrPool {
  readonly threads: number;
  /** verifyLines of the bytes form, on the workers: one verdict and reason per line, in order. */
  verifyLines(bytes: Uint8Array): Promise<EventsResult>;
  /** One code per line into codes (0 valid; see NOSTR_REASONS); returns the number of lines. */
  verifyLinesInto(bytes: Uint8Array, codes: Uint8Array): Promise<number>;
  /** Jobs in flight per worker. */
  depths(): number[];
  /** Lets the jobs in flight finish, then stops the workers. */
  close(): Promise<void>;
}

/** Whole-line frames of about frameBytes (a line longer than that is a frame of its own). */
export function frames(bytes: Uint8Array, frameBytes: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    let end = Math.min(bytes.length, at + frameBytes);
    if (end < bytes.length) {
      const nl = bytes.lastIndexOf(10, end - 1);
      end = nl >= at ? nl + 1 : bytes.indexOf(10, end) + 1 || bytes.length;
    }
    out.push(bytes.subarray(at, end));
    at = end;
  }
  return out;
}

/**
 * The input on a SharedArrayBuffer where one can be posted (Node, Bun, Deno; a browser page that is
 * crossOriginIsolated): its frames are then views that a job's message shares instead of copying. Otherwise (or
 * when it is shared already) the input as it is, and each frame goes on a buffer of its own (ownBytes), since a
 * view is cloned with its whole buffer.
 */
function sharedInput(bytes: Uint8Array): Uint8Array {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  if (typeof SharedArrayBuffer !== 'function' || !isolated || !(bytes.buffer instanceof ArrayBuffer)) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}

export async function createNostrPool(options: NostrPoolOptions = {}): Promise<NostrPool> {
  const frameBytes = options.frameBytes ?? 256 << 10;
  const pool: JobPool<Uint8Array, Uint8Array> = await createJobPool<Uint8Array, Uint8Array>({
    url: new URL('./line-worker.js', import.meta.url),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.createWorker === undefined ? {} : { createWorker: options.createWorker }),
  });
  const verifyLinesInto = async (bytes: Uint8Array, codes: Uint8Array): Promise<number> => {
    const input = sharedInput(bytes);
    const parts = await Promise.all(
      frames(input, frameBytes).map((f) => pool.run(input.buffer instanceof ArrayBuffer ? ownBytes(f) : f)),
    );
    let n = 0;
    for (const p of parts) {
      codes.set(p, n);
      n += p.length;
    }
    return n;
  };
  return {
    threads: pool.threads,
    verifyLinesInto,
    async verifyLines(bytes) {
      const codes = new Uint8Array(bytes.length + 1);
      const n = await verifyLinesInto(bytes, codes);
      return resultOf(codes, n);
    },
    depths: () => pool.depths(),
    close: () => pool.close(),
  };
}
