import type { BatchItem } from '@tallyio/verifier';
import { EventEngine } from './engine.js';
import { NOSTR_REASONS, NostrCode, type NostrReason, ScanCode } from './generated/spec.js';

export interface NostrVerifierOptions {
  /**
   * The caller's verified mark (nostr-tools' `verifiedSymbol`). verifyEvent returns a boolean already under it
   * without verifying again, and stores its verdict under it, as nostr-tools' verifyEvent does.
   */
  readonly verifiedSymbol?: symbol;
  /** Events per call into the batch kernel (default 1024); larger inputs run in chunks. */
  readonly maxBatch?: number;
  /**
   * Keys kept with their tables (default 4096, about 9.2 KB each; 0 disables): repeated authors skip their
   * key's decoding, and a single verification with a kept key runs a chain of 66 doublings instead of 129.
   */
  readonly keyCacheCapacity?: number;
  /**
   * verifyEvent hashes serializations of 256 bytes or more with the runtime's own SHA-256 where it has one
   * (Node, Bun, Deno: node:crypto, on the CPU's SHA instructions; about 9× the WebAssembly hash on 45 KB). It
   * allocates a digest per such event; false keeps every hash in WebAssembly. Default true.
   */
  readonly runtimeSha256?: boolean;
}

/** One verdict and one reason per input, in input order. */
export interface EventsResult {
  readonly allValid: boolean;
  readonly valid: boolean[];
  /** Indexes of the invalid inputs, ascending. */
  readonly invalid: number[];
  readonly reasons: (NostrReason | undefined)[];
}

export interface NostrVerifier {
  /**
   * nostr-tools' verifyEvent, synchronous: the same verdict on every input (where nostr-tools throws, this
   * returns false). Honours and sets the verified mark. Plug it into `new Relay(url, { verifyEvent })`.
   */
  verifyEvent(event: unknown): boolean;
  /** The reason the last verifyEvent call returned false (undefined after true). */
  readonly lastReason: NostrReason | undefined;
  /** Verifies events in batches: one verdict and reason each. Does not read or set verified marks. */
  verifyEvents(events: readonly unknown[]): EventsResult;
  /** Zero-allocation form: one code per event into codes (0 valid; reasonOf names the others); returns the invalid count. */
  verifyEventsInto(events: readonly unknown[], codes: Uint8Array): number;
  /**
   * Bytes form: NDJSON lines, each an event, `["EVENT", event]` or `["EVENT", subscription, event]`, as UTF-8
   * bytes. One code per line into codes (which must hold countLines(bytes)); returns the number of lines. A
   * final line without a newline counts; the empty remainder after a final newline does not.
   */
  verifyLinesInto(bytes: Uint8Array, codes: Uint8Array): number;
  /** verifyLinesInto with the verdicts and reasons in arrays. */
  verifyLines(bytes: Uint8Array): EventsResult;
  /**
   * The event as a BIP340 item (signature, id as the message, x-only key) for other verifiers — worker pools,
   * services — after the same checks as verifyEvent short of the signature; or why it cannot be one.
   */
  eventItem(event: unknown): EventItem;
  /** The NIP-01 id of a well-formed event as lowercase hex (nostr-tools' getEventHash), else undefined. */
  getEventHash(event: unknown): string | undefined;
  reasonOf(code: number): NostrReason | undefined;
  /** Releases the instance; later calls throw. */
  close(): void;
}

export type EventItem =
  | { readonly ok: true; readonly item: BatchItem }
  | { readonly ok: false; readonly reason: NostrReason };

/** Lines in NDJSON bytes: newlines, plus one for a final line without a newline. */
export function countLines(bytes: Uint8Array): number {
  let n = 0;
  let at = bytes.indexOf(10);
  while (at >= 0) {
    n++;
    at = bytes.indexOf(10, at + 1);
  }
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
}

export function resultOf(codes: Uint8Array, n: number): EventsResult {
  const valid = new Array<boolean>(n);
  const reasons = new Array<NostrReason | undefined>(n);
  const invalid: number[] = [];
  for (let i = 0; i < n; i++) {
    const code = codes[i] as number;
    valid[i] = code === NostrCode.VALID;
    reasons[i] = NOSTR_REASONS[code];
    if (code !== NostrCode.VALID) invalid.push(i);
  }
  return { allValid: invalid.length === 0, valid, invalid, reasons };
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * A nostr verifier with its own WebAssembly instance (tables, key cache, batch rows). Creating one compiles
 * and instantiates the module, hence async; every verification afterwards is synchronous.
 */
export async function createNostrVerifier(options: NostrVerifierOptions = {}): Promise<NostrVerifier> {
  const maxBatch = options.maxBatch ?? 1024;
  const keyCache = options.keyCacheCapacity ?? 4096;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('createNostrVerifier: maxBatch must be ≥ 1');
  if (!Number.isInteger(keyCache) || keyCache < 0) {
    throw new RangeError('createNostrVerifier: keyCacheCapacity must be ≥ 0');
  }
  const mark = options.verifiedSymbol;
  if (mark !== undefined && typeof mark !== 'symbol') throw new TypeError('createNostrVerifier: verifiedSymbol');
  const engine = await EventEngine.open(maxBatch, keyCache);
  engine.runtimeSha256 = options.runtimeSha256 ?? true;
  return detachable(new EventVerifier(engine, mark));
}

/**
 * The NostrVerifier of a verifier's state: functions that work detached from the object (`{ verifyEvent }`
 * plugged into a Relay), made once, each a plain method call on the one state.
 */
function detachable(v: EventVerifier): NostrVerifier {
  return {
    verifyEvent: (event) => v.verifyEvent(event),
    get lastReason() {
      return v.lastReason;
    },
    verifyEvents: (events) => v.verifyEvents(events),
    verifyEventsInto: (events, codes) => v.verifyEventsInto(events, codes),
    verifyLinesInto: (bytes, codes) => v.verifyLinesInto(bytes, codes),
    verifyLines: (bytes) => v.verifyLines(bytes),
    eventItem: (event) => v.eventItem(event),
    getEventHash: (event) => v.getEventHash(event),
    reasonOf: (code) => NOSTR_REASONS[code],
    close: () => v.close(),
  };
}

/** A verifier's state — its engine, the caller's mark, the last reason — and each form of verification. */
class EventVerifier {
  readonly #engine: EventEngine;
  readonly #mark: symbol | undefined;
  /** The reason the last verifyEvent call returned false (undefined after true). */
  lastReason: NostrReason | undefined = undefined;

  constructor(engine: EventEngine, mark: symbol | undefined) {
    this.#engine = engine;
    this.#mark = mark;
  }

  #open(): void {
    if (this.#engine.closed) throw new Error('nostr verifier: used after close()');
  }

  /** One event, as nostr-tools' verifyEvent: a verdict already under the mark stands; a new one is marked. */
  verifyEvent(event: unknown): boolean {
    this.#open();
    const mark = this.#mark;
    const record = event instanceof Object ? (event as Record<symbol, unknown>) : undefined;
    if (mark !== undefined && record !== undefined) {
      const marked = record[mark];
      if (typeof marked === 'boolean') {
        this.lastReason = marked ? undefined : NOSTR_REASONS[NostrCode.BAD_SIGNATURE];
        return marked;
      }
    }
    const code = this.#engine.verifyOne(event);
    this.lastReason = NOSTR_REASONS[code];
    if (mark !== undefined && record !== undefined) {
      try {
        record[mark] = code === NostrCode.VALID;
      } catch {
        // a frozen event keeps no mark; the verdict stands
      }
    }
    return code === NostrCode.VALID;
  }

  verifyEvents(events: readonly unknown[]): EventsResult {
    const codes = new Uint8Array(events.length);
    this.verifyEventsInto(events, codes);
    return resultOf(codes, events.length);
  }

  /** Events through the batch kernel: one code each into codes; the invalid count. */
  verifyEventsInto(events: readonly unknown[], codes: Uint8Array): number {
    this.#open();
    const n = events.length;
    if (codes.length < n) throw new RangeError(`nostr verifier: codes holds fewer than ${n} entries`);
    const engine = this.#engine;
    engine.begin();
    for (let i = 0; i < n; i++) engine.add(events[i], i, codes);
    engine.flush(codes);
    let bad = 0;
    for (let i = 0; i < n; i++) if (codes[i] !== NostrCode.VALID) bad++;
    return bad;
  }

  /** NDJSON bytes through the scanner and the batch kernel: one code per line into codes; the line count. */
  verifyLinesInto(bytes: Uint8Array, codes: Uint8Array): number {
    this.#open();
    if (!(bytes instanceof Uint8Array)) throw new TypeError('nostr verifier: bytes must be a Uint8Array');
    const engine = this.#engine;
    engine.begin();
    const line = engine.addLines(bytes, codes);
    engine.flush(codes);
    return line;
  }

  verifyLines(bytes: Uint8Array): EventsResult {
    const codes = new Uint8Array(countLines(bytes));
    const n = this.verifyLinesInto(bytes, codes);
    return resultOf(codes, n);
  }

  /** The event's BIP340 item, copied out of row 0, or the reason it has none. */
  eventItem(event: unknown): EventItem {
    this.#open();
    const engine = this.#engine;
    const code = engine.prepare(event, 0);
    if (code !== ScanCode.PENDING) return { ok: false, reason: NOSTR_REASONS[code] as NostrReason };
    const item = {
      signature: engine.sigAt(0).slice(),
      message: engine.idAt(0).slice(),
      publicKey: engine.keyAt(0).slice(),
    };
    return { ok: true, item };
  }

  /** The event's NIP-01 id as lowercase hex, hashed into row 0; undefined for a malformed event. */
  getEventHash(event: unknown): string | undefined {
    this.#open();
    const engine = this.#engine;
    if (!engine.hashEvent(event, 0)) return undefined;
    let hex = '';
    for (const b of engine.idAt(0)) hex += HEX[b];
    return hex;
  }

  close(): void {
    this.#engine.closed = true;
  }
}
