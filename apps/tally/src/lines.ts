import { isUtf8 } from 'node:buffer';

/** A line that cannot be read as text, and why. */
export interface Unreadable {
  readonly reason: string;
}

/** One input line: its text, or why it has none. */
export type Line = string | Unreadable;

/** Longest line read by default; a longer one is answered "line too long" without being held in memory. */
export const MAX_LINE_BYTES: number = 64 << 20;

/** One NDJSON line's bytes (without its \n) as text; a trailing \r (CRLF input) is dropped. */
export function decodeLine(bytes: Uint8Array): Line {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, end);
  return isUtf8(b) ? b.toString('utf8') : { reason: 'line is not valid UTF-8' };
}

/** A stream's chunk as bytes (streams in object or string mode give strings). */
export function chunkBytes(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), 'utf8');
}

/**
 * Splits bytes into lines at \n only: a lone \r is data, not a line break, so every \n-terminated line of the
 * input is exactly one line here. Lines are decoded as UTF-8 only once whole; one longer than maxLineBytes is
 * not kept, only counted, and comes out as an Unreadable.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  #parts: Buffer[] = [];
  #size = 0;
  #tooLong = false;

  constructor(maxLineBytes: number = MAX_LINE_BYTES) {
    this.#maxLineBytes = maxLineBytes;
  }

  /** The lines that chunk completes, in order. */
  push(chunk: Buffer): Line[] {
    const out: Line[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) {
        this.#add(chunk.subarray(start));
        return out;
      }
      this.#add(chunk.subarray(start, nl));
      out.push(this.#take());
      start = nl + 1;
    }
  }

  /** The last line, when the input did not end with \n. */
  end(): Line | undefined {
    return this.#size > 0 ? this.#take() : undefined;
  }

  #add(part: Buffer): void {
    if (part.length === 0) return;
    this.#size += part.length;
    if (this.#tooLong) return;
    if (this.#size > this.#maxLineBytes) {
      this.#tooLong = true;
      this.#parts = [];
    } else this.#parts.push(part);
  }

  #take(): Line {
    const line: Line = this.#tooLong
      ? { reason: tooLongReason(this.#size, this.#maxLineBytes) }
      : decodeLine(this.#parts.length === 1 ? (this.#parts[0] as Buffer) : Buffer.concat(this.#parts, this.#size));
    this.#parts = [];
    this.#size = 0;
    this.#tooLong = false;
    return line;
  }
}

/** Whole lines of the input, as bytes, and how many; or a line too long to keep, with its length. */
export type Frame = { readonly bytes: Buffer; readonly lines: number } | { readonly tooLong: number };

/** Why a line too long to keep is not read. */
export const tooLongReason = (bytes: number, max: number): string => `line too long: ${bytes} bytes (at most ${max})`;

/**
 * Cuts a byte stream into frames of whole lines of about frameBytes, for workers to split, parse and verify. It
 * only looks for newlines: lines split as LineSplitter splits them, a line over maxLineBytes becomes a frame of
 * its own (its length) and is not kept, and the last frame may end without a newline.
 */
export class LineFramer {
  readonly #max: number;
  readonly #frameBytes: number;
  /** Complete lines waiting for their frame. */
  #cur: Buffer[] = [];
  #curBytes = 0;
  #curLines = 0;
  /** The start of a line that began in an earlier chunk. */
  #tail: Buffer[] = [];
  #tailBytes = 0;
  /** Inside a line over the limit, and its bytes so far. */
  #skipping = false;
  #skipped = 0;

  readonly #frameLines: number;

  constructor(maxLineBytes: number = MAX_LINE_BYTES, frameBytes: number = 256 << 10, frameLines: number = Infinity) {
    this.#max = maxLineBytes;
    this.#frameBytes = frameBytes;
    this.#frameLines = frameLines;
  }

  /** The frames that chunk completes, in order. */
  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    let start = 0;
    /** Start of the complete lines of this chunk not yet in #cur. */
    let run = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      if (this.#skipping) this.#skipped += end - start;
      else if (this.#tailBytes + end - start > this.#max) {
        // This line is too long: the lines before it go first, and it is counted, not kept.
        this.#take(chunk, run, start);
        this.#emit(out);
        this.#skipping = true;
        this.#skipped = this.#tailBytes + end - start;
        this.#tail = [];
        this.#tailBytes = 0;
      }
      if (nl < 0) {
        if (!this.#skipping) {
          this.#take(chunk, run, start);
          if (start < chunk.length) {
            this.#tail.push(chunk.subarray(start));
            this.#tailBytes += chunk.length - start;
          }
        }
        return out;
      }
      if (this.#skipping) {
        out.push({ tooLong: this.#skipped });
        this.#skipping = false;
        this.#skipped = 0;
        run = nl + 1;
      } else {
        if (this.#tailBytes > 0) {
          // The line began in an earlier chunk (so it is this chunk's first line, and run is 0).
          this.#cur.push(...this.#tail);
          this.#curBytes += this.#tailBytes;
          this.#tail = [];
          this.#tailBytes = 0;
        }
        this.#curLines++;
        if (this.#curBytes + nl + 1 - run >= this.#frameBytes || this.#curLines >= this.#frameLines) {
          this.#take(chunk, run, nl + 1);
          this.#emit(out);
          run = nl + 1;
        }
      }
      start = nl + 1;
    }
  }

  /** The frames left at the end of the input (a last line without a newline included). */
  end(): Frame[] {
    const out: Frame[] = [];
    if (this.#skipping) {
      this.#emit(out);
      out.push({ tooLong: this.#skipped });
      this.#skipping = false;
      this.#skipped = 0;
    } else if (this.#tailBytes > 0) {
      this.#cur.push(...this.#tail);
      this.#curBytes += this.#tailBytes;
      this.#curLines++;
      this.#tail = [];
      this.#tailBytes = 0;
    }
    this.#emit(out);
    return out;
  }

  #take(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.#cur.push(chunk.subarray(from, to));
    this.#curBytes += to - from;
  }

  #emit(out: Frame[]): void {
    if (this.#curLines === 0) return;
    const bytes = this.#cur.length === 1 ? (this.#cur[0] as Buffer) : Buffer.concat(this.#cur, this.#curBytes);
    out.push({ bytes, lines: this.#curLines });
    this.#cur = [];
    this.#curBytes = 0;
    this.#curLines = 0;
  }
}
