// Verifies NDJSON lines and request bodies, as bytes: the work a pool's worker does (or the calling thread's,
// when there are no workers). Nostr events and relay messages go through @tallyio/nostr's bytes form (scanned,
// hashed and verified in WebAssembly, no JavaScript object per event); a line it does not take as it is — not an
// event, or a bad signature whose finer reason the verifier gives — is read again as text, as a scheme item or
// with the reason that names what is wrong.
import { isUtf8 } from 'node:buffer';
import { countLines, createNostrVerifier, NOSTR_REASONS, type NostrReason, type NostrVerifier } from '@tallyio/nostr';
import { type BatchItem, createVerifier, type SchemeOptions, type Verifier } from '@tallyio/verifier';
import { nostrReasonText, type ParsedLine, parseLine, parseValue, SCHEMES, type Scheme } from './items.js';
import { LineSplitter } from './lines.js';

/** A frame of whole lines to verify: its bytes, the number of its first line in the input, what to return. */
export interface FrameJob {
  readonly bytes: Uint8Array;
  readonly firstLine: number;
  /** Return one JSON result line per line, in out. */
  readonly json: boolean;
  /** Return each line's kind and reason. */
  readonly verdicts?: boolean;
}

/** A line's verdict: verified valid, verified invalid, or never an item to verify. */
export const VALID = 0;
export const INVALID = 1;
export const MALFORMED = 2;

export interface FrameResult {
  readonly lines: number;
  readonly valid: number;
  readonly invalid: number;
  readonly malformed: number;
  /** One JSON result per line (when the job asked for them). */
  readonly out: string;
  /** Per line (when the job asked for verdicts): VALID, INVALID or MALFORMED, and the reason of the others. */
  readonly kinds?: Uint8Array;
  readonly reasons?: (string | undefined)[];
}

/** Request bodies to verify together (one batch of the service): NDJSON, or JSON arrays of items. */
export interface BodiesJob {
  readonly bodies: readonly Uint8Array[];
  /** Items one body may hold at most; more get 413. */
  readonly maxItems: number;
}

/** A body's answer: its verdicts, or the status and message that refuse it. */
export type BodyAnswer =
  | { readonly kinds: Uint8Array; readonly reasons: (string | undefined)[] }
  | { readonly code: number; readonly error: string };

export const schemeOptions = (s: Scheme): SchemeOptions =>
  s === 'bip340' ? { scheme: 'bip340' } : { scheme: 'ed25519', mode: s === 'ed25519' ? 'zip215' : 'strict' };

/** Codes of the nostr bytes form taken as they are (the others are read again as text). */
const NOSTR_VALID = 0;
const NOSTR_ID_MISMATCH = 2;

/** One JSON result line. */
export const resultLine = (line: number, ok: boolean, reason: string | undefined): string =>
  ok
    ? `{"line":${line},"valid":true}\n`
    : `{"line":${line},"valid":false,"reason":${JSON.stringify(reason ?? 'invalid')}}\n`;

/** Index of the first byte that is not JSON whitespace. */
function firstNonSpace(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const b = bytes[at] as number;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) break;
    at++;
  }
  return at;
}

/** Whether a body is read as a JSON array of items (else as NDJSON): it starts with "[". */
export const isArrayBody = (bytes: Uint8Array): boolean => bytes[firstNonSpace(bytes)] === 0x5b;

/** Whether bytes are one JSON value on their own. */
function parsesAlone(bytes: Uint8Array): boolean {
  try {
    JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/** Verdicts being gathered for n lines or items. */
class Verdicts {
  readonly kinds: Uint8Array;
  readonly reasons: (string | undefined)[];
  /** Items to verify, by scheme, with their places. */
  readonly groups = new Map<Scheme, { at: number[]; items: BatchItem[] }>();

  constructor(n: number) {
    this.kinds = new Uint8Array(n).fill(INVALID);
    this.reasons = new Array(n);
  }

  /** Takes a parsed line: a reason now, or an item for later. */
  add(k: number, parsed: ParsedLine): void {
    if (!parsed.ok) {
      this.kinds[k] = MALFORMED;
      this.reasons[k] = parsed.reason;
      return;
    }
    const g = this.groups.get(parsed.scheme) ?? { at: [], items: [] };
    this.groups.set(parsed.scheme, g);
    g.at.push(k);
    g.items.push(parsed.item);
  }
}

export class FrameChecker {
  readonly #nostr: NostrVerifier;
  readonly #verifiers = new Map<Scheme, Verifier>();
  #codes = new Uint8Array(4096);

  private constructor(nostr: NostrVerifier) {
    this.#nostr = nostr;
  }

  static async create(): Promise<FrameChecker> {
    return new FrameChecker(await createNostrVerifier({ maxBatch: 1024 }));
  }

  async #verifier(s: Scheme): Promise<Verifier> {
    let v = this.#verifiers.get(s);
    if (!v) {
      v = await createVerifier({ ...schemeOptions(s), maxBatch: 4096 });
      this.#verifiers.set(s, v);
    }
    return v;
  }

  /** Verifies the items gathered, a batch per scheme. */
  async #settle(v: Verdicts): Promise<void> {
    for (const s of SCHEMES) {
      const g = v.groups.get(s);
      if (!g) continue;
      const r = (await this.#verifier(s)).verifyBatch(g.items);
      g.at.forEach((k, j) => {
        if (r.valid[j]) v.kinds[k] = VALID;
        else v.reasons[k] = r.reasons[j];
      });
    }
  }

  /** Verdicts for NDJSON lines; bom: a byte-order mark before the first line is not part of it. */
  async #lines(bytes: Uint8Array, bom: boolean): Promise<Verdicts> {
    let codes = this.#codes;
    // Bytes hold at most bytes.length + 1 lines.
    if (codes.length < bytes.length + 1) codes = this.#codes = new Uint8Array(bytes.length + 1);
    const n = this.#nostr.verifyLinesInto(bytes, codes);
    const v = new Verdicts(n);
    const again: number[] = [];
    for (let k = 0; k < n; k++) {
      const code = codes[k] as number;
      if (code === NOSTR_VALID) v.kinds[k] = VALID;
      else if (code === NOSTR_ID_MISMATCH) {
        // Read as an event it was never an item to verify: malformed, as the text path has it.
        v.kinds[k] = MALFORMED;
        v.reasons[k] = nostrReasonText(NOSTR_REASONS[code] as NostrReason);
      } else again.push(k);
    }
    if (again.length > 0) {
      const splitter = new LineSplitter(Number.POSITIVE_INFINITY);
      const lines = splitter.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      const last = splitter.end();
      if (last !== undefined) lines.push(last);
      for (const k of again) {
        let line = lines[k];
        if (line === undefined) throw new Error(`line ${k} of ${n}: the bytes form and the text split differ`);
        if (k === 0 && bom && typeof line === 'string' && line.startsWith('\uFEFF')) line = line.slice(1);
        v.add(k, typeof line === 'string' ? parseLine(line, this.#nostr) : { ok: false, reason: line.reason });
      }
    }
    await this.#settle(v);
    return v;
  }

  async check(job: FrameJob): Promise<FrameResult> {
    const v = await this.#lines(job.bytes, job.firstLine === 1);
    const n = v.kinds.length;
    let valid = 0;
    let malformed = 0;
    let out = '';
    for (let k = 0; k < n; k++) {
      const kind = v.kinds[k];
      if (kind === VALID) valid++;
      else if (kind === MALFORMED) malformed++;
      if (job.json) out += resultLine(job.firstLine + k, kind === VALID, v.reasons[k]);
    }
    const result = { lines: n, valid, invalid: n - valid - malformed, malformed, out };
    return job.verdicts ? { ...result, kinds: v.kinds, reasons: v.reasons } : result;
  }

  /**
   * The service's batch: NDJSON bodies are verified together as one run of lines (a newline added after a body
   * that lacks one), then split back; a JSON array body is read on its own.
   */
  async checkBodies(job: BodiesJob): Promise<BodyAnswer[]> {
    const answers = new Array<BodyAnswer>(job.bodies.length);
    const ndjson: number[] = [];
    const parts: Uint8Array[] = [];
    for (const [b, body] of job.bodies.entries()) {
      const array = isArrayBody(body) ? this.#arrayBody(body, job.maxItems) : 'ndjson';
      if (array === 'ndjson') {
        ndjson.push(b);
        parts.push(body);
        if (body.length > 0 && body[body.length - 1] !== 10) parts.push(NEWLINE);
      } else if ('code' in array) answers[b] = array;
      else {
        const v = new Verdicts(array.length);
        for (const [k, p] of array.entries()) v.add(k, p);
        await this.#settle(v);
        answers[b] = { kinds: v.kinds, reasons: v.reasons };
      }
    }
    if (ndjson.length > 0) {
      const v = await this.#lines(Buffer.concat(parts), false);
      let at = 0;
      for (const b of ndjson) {
        const n = countLines(job.bodies[b] as Uint8Array);
        answers[b] = { kinds: v.kinds.slice(at, at + n), reasons: v.reasons.slice(at, at + n) };
        at += n;
      }
    }
    return answers;
  }

  /** A body that starts with "[": its items, a refusal, or 'ndjson' (NDJSON whose first line is a relay message). */
  #arrayBody(body: Uint8Array, maxItems: number): ParsedLine[] | { code: number; error: string } | 'ndjson' {
    let values: unknown;
    const text = Buffer.from(body.buffer, body.byteOffset, body.length);
    try {
      values = JSON.parse(text.toString('utf8'));
    } catch (e) {
      // NDJSON whose first line is a relay message ["EVENT", …] also starts with "[": it is NDJSON when that
      // line is JSON on its own.
      const start = firstNonSpace(body);
      const nl = body.indexOf(10, start);
      if (nl < 0 || !parsesAlone(body.subarray(start, nl))) {
        return { code: 400, error: `malformed JSON array: ${(e as Error).message}` };
      }
      return 'ndjson';
    }
    if (!isUtf8(text)) return { code: 400, error: 'body is not valid UTF-8' };
    if (!Array.isArray(values)) return { code: 400, error: 'body is not a JSON array' };
    // A relay message alone ("["EVENT", …]") is one item, not an array of items.
    if (values[0] === 'EVENT') return [parseValue(values, this.#nostr)];
    if (values.length > maxItems)
      return { code: 413, error: `body holds ${values.length} items, more than ${maxItems}` };
    return values.map((v) => parseValue(v, this.#nostr));
  }

  close(): void {
    this.#nostr.close();
    for (const v of this.#verifiers.values()) v.close();
  }
}

const NEWLINE = Uint8Array.of(10);

/**
 * A batch's answers in three pieces for the trip back from a worker — every line's kind in one array, each body's
 * line count (or minus its status code, when refused), and the texts in order: a refused body's message, then
 * the reason of each line not valid. Cloning one array and strings costs a fraction of cloning an object and two
 * arrays per body.
 */
export interface PackedAnswers {
  readonly kinds: Uint8Array;
  readonly sizes: Int32Array;
  readonly texts: string[];
}

export function packAnswers(answers: readonly BodyAnswer[]): PackedAnswers {
  const sizes = new Int32Array(answers.length);
  let total = 0;
  for (const [b, a] of answers.entries()) {
    sizes[b] = 'code' in a ? -a.code : a.kinds.length;
    if (!('code' in a)) total += a.kinds.length;
  }
  const kinds = new Uint8Array(total);
  const texts: string[] = [];
  let at = 0;
  for (const a of answers) {
    if ('code' in a) {
      texts.push(a.error);
      continue;
    }
    kinds.set(a.kinds, at);
    at += a.kinds.length;
    for (let i = 0; i < a.kinds.length; i++) if (a.kinds[i] !== VALID) texts.push(a.reasons[i] ?? 'invalid');
  }
  return { kinds, sizes, texts };
}

export function unpackAnswers(p: PackedAnswers): BodyAnswer[] {
  const out: BodyAnswer[] = [];
  let at = 0;
  let t = 0;
  for (const size of p.sizes) {
    if (size < 0) {
      out.push({ code: -size, error: p.texts[t++] as string });
      continue;
    }
    const kinds = p.kinds.subarray(at, at + size);
    const reasons = new Array<string | undefined>(size);
    for (let i = 0; i < size; i++) if (kinds[i] !== VALID) reasons[i] = p.texts[t++];
    out.push({ kinds, reasons });
    at += size;
  }
  return out;
}
