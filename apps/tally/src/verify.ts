import type { Readable, Writable } from 'node:stream';
import { ownBytes } from '@tallyio/verifier/parallel';
import cliProgress from 'cli-progress';
import { type FrameJob, type FrameResult, resultLine } from './check.js';
import { createEngine } from './engine.js';
import { chunkBytes, type Frame, LineFramer, MAX_LINE_BYTES, tooLongReason } from './lines.js';

export interface VerifyOptions {
  /** Write one JSON result per input line to out. */
  readonly json: boolean;
  /** Worker threads that split, parse and verify; 0 does it all on this thread. */
  readonly threads: number;
  readonly out: Writable;
  readonly err: Writable;
  /** Show a progress bar on err (only when it is a terminal). */
  readonly progress: boolean;
  /** Lines per job at most (default: as many as fit in FRAME_BYTES). */
  readonly window?: number;
  /** Longest line read (default 64 MiB); a longer one is answered "line too long" without being kept. */
  readonly maxLineBytes?: number;
}

/** Bytes of whole lines per job handed to a worker. */
const FRAME_BYTES = 256 << 10;
/** Jobs in flight per worker: enough to keep it busy while results are written; memory stays bounded by it. */
const JOBS_PER_THREAD = 16;
/** Bytes of a shared frame buffer: a frame is FRAME_BYTES and the line that crosses it; larger ones are cloned. */
const SHARED_FRAME_BYTES = 2 * FRAME_BYTES;

/**
 * Frame buffers on SharedArrayBuffers, reused: a frame copied into one is shared with its worker when the job is
 * posted, where a buffer of its own would be serialized (that took 64 ms of the main thread's 300 in a 2.4 s run
 * of 100 000 events; a fresh SharedArrayBuffer per frame costs as much to allocate). A buffer goes back to the
 * pool once its job is answered: the pool sends a job again only until then.
 */
class SharedFrames {
  readonly #free: SharedArrayBuffer[] = [];

  /** The frame's bytes to post, and what to call once its job is answered. */
  take(bytes: Uint8Array): { readonly bytes: Uint8Array; readonly release: () => void } {
    if (typeof SharedArrayBuffer !== 'function' || bytes.length > SHARED_FRAME_BYTES) {
      return { bytes: ownBytes(bytes), release: () => undefined };
    }
    const buffer = this.#free.pop() ?? new SharedArrayBuffer(SHARED_FRAME_BYTES);
    const view = new Uint8Array(buffer, 0, bytes.length);
    view.set(bytes);
    return { bytes: view, release: () => this.#free.push(buffer) };
  }
}

export interface Summary {
  readonly lines: number;
  readonly valid: number;
  readonly invalid: number;
  readonly malformed: number;
  readonly seconds: number;
}

/**
 * Verifies NDJSON from input: one result per line, in input order. This thread only cuts the input into frames
 * of whole lines and writes the results; the workers split, parse, hash and verify, while the next frames are
 * read. Lines end at \n (a \r before it is dropped, a lone \r is data); a line that is not UTF-8 or is too long
 * is answered as malformed like any other. Rejects only when input or out fails.
 */
export async function verifyStream(input: Readable, opts: VerifyOptions): Promise<Summary> {
  const started = performance.now();
  const maxLineBytes = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const threads = opts.threads;
  const verifier = await createEngine(threads);
  const bar =
    opts.progress && (opts.err as { isTTY?: boolean }).isTTY
      ? new cliProgress.SingleBar({ stream: opts.err, format: 'tally {bar} {value} lines | {rate} items/s' })
      : undefined;
  bar?.start(0, 0, { rate: 0 });
  let lines = 0;
  let written = 0;
  let valid = 0;
  let invalid = 0;
  let malformed = 0;
  /** Results of the frames in flight, in input order. */
  const inFlight: Promise<FrameResult>[] = [];
  const maxInFlight = Math.max(2, threads * JOBS_PER_THREAD);
  const shared = new SharedFrames();

  const failed = (firstLine: number, count: number, reason: string): FrameResult => {
    let out = '';
    if (opts.json) for (let k = 0; k < count; k++) out += resultLine(firstLine + k, false, reason);
    return { lines: count, valid: 0, invalid: count, malformed: 0, out };
  };
  const write = async (r: FrameResult) => {
    written += r.lines;
    valid += r.valid;
    invalid += r.invalid;
    malformed += r.malformed;
    if (opts.json && r.out.length > 0 && !opts.out.write(r.out)) {
      await new Promise((resolve) => opts.out.once('drain', resolve));
    }
    bar?.setTotal(lines);
    bar?.update(written, { rate: Math.round(written / ((performance.now() - started) / 1000)) });
  };
  const submit = async (frames: Frame[]) => {
    for (const f of frames) {
      const firstLine = lines + 1;
      if ('tooLong' in f) {
        lines++;
        inFlight.push(
          Promise.resolve({
            lines: 1,
            valid: 0,
            invalid: 0,
            malformed: 1,
            out: opts.json ? resultLine(firstLine, false, tooLongReason(f.tooLong, maxLineBytes)) : '',
          }),
        );
      } else {
        lines += f.lines;
        // Without workers the frame is read in place.
        const frame = threads > 0 ? shared.take(f.bytes) : { bytes: f.bytes, release: () => undefined };
        const job: FrameJob = { bytes: frame.bytes, firstLine, json: opts.json };
        // A frame whose worker kept dying still gets one answer per line.
        inFlight.push(
          verifier
            .check(job)
            .catch((e: Error) => failed(firstLine, f.lines, `worker-failed: ${e.message}`))
            .finally(frame.release),
        );
      }
      while (inFlight.length >= maxInFlight) await write(await (inFlight.shift() as Promise<FrameResult>));
    }
  };
  const framer = new LineFramer(maxLineBytes, FRAME_BYTES, opts.window ?? Number.POSITIVE_INFINITY);
  try {
    for await (const chunk of input) await submit(framer.push(chunkBytes(chunk)));
    await submit(framer.end());
    while (inFlight.length > 0) await write(await (inFlight.shift() as Promise<FrameResult>));
  } finally {
    bar?.stop();
    await Promise.allSettled(inFlight);
    await verifier.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { lines, valid, invalid, malformed, seconds };
}

export function summaryLine(s: Summary): string {
  const rate = s.seconds > 0 ? Math.round(s.lines / s.seconds) : 0;
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  return `tally: ${s.lines} lines — ${s.valid} valid, ${s.invalid} invalid, ${s.malformed} malformed — ${s.seconds.toFixed(2)} s, ${rate} items/s, peak RSS ${rss} MB`;
}
