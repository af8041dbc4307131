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
      ? { reason: `line too long: ${this.#size} bytes (at most ${this.#maxLineBytes})` }
      : decodeLine(this.#parts.length === 1 ? (this.#parts[0] as Buffer) : Buffer.concat(this.#parts, this.#size));
    this.#parts = [];
    this.#size = 0;
    this.#tooLong = false;
    return line;
  }
}
