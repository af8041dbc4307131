// Verifies a frame of whole NDJSON lines, as bytes: the work a pool's worker does, or the calling thread when
// there are no workers. Nostr events and relay messages go through @tallyio/nostr's bytes form (scanned, hashed
// and verified in WebAssembly, no JavaScript object per event); a line it cannot read as an event is read again
// as text, as a scheme item or with the reason that names what is wrong.
import { createNostrVerifier, NOSTR_REASONS, type NostrReason, type NostrVerifier } from '@tallyio/nostr';
import { type BatchItem, createVerifier, type SchemeOptions, type Verifier } from '@tallyio/verifier';
import { nostrReasonText, parseLine, SCHEMES, type Scheme } from './items.js';
import { type Line, LineSplitter } from './lines.js';

/** A frame to verify: its bytes, the number of its first line in the input, and whether to write results. */
export interface FrameJob {
  readonly bytes: Uint8Array;
  readonly firstLine: number;
  readonly json: boolean;
}

export interface FrameResult {
  readonly lines: number;
  readonly valid: number;
  readonly invalid: number;
  readonly malformed: number;
  /** One JSON result per line (when the job asked for them). */
  readonly out: string;
}

export const schemeOptions = (s: Scheme): SchemeOptions =>
  s === 'bip340' ? { scheme: 'bip340' } : { scheme: 'ed25519', mode: s === 'ed25519' ? 'zip215' : 'strict' };

/** Codes of the nostr bytes form taken as they are: valid and id mismatch. The others are read again as text: a
 * bad signature for the verifier's finer reason (r ≥ p, s ≥ n, key not on the curve), a malformed line for the
 * reason in the service's and CLI's words, or because it is a scheme item. */
const VALID = 0;
const ID_MISMATCH = 2;

/** One JSON result line. */
export const resultLine = (line: number, ok: boolean, reason: string | undefined): string =>
  ok
    ? `{"line":${line},"valid":true}\n`
    : `{"line":${line},"valid":false,"reason":${JSON.stringify(reason ?? 'invalid')}}\n`;

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

  async check(job: FrameJob): Promise<FrameResult> {
    const { bytes, firstLine } = job;
    let codes = this.#codes;
    // A frame holds at most bytes.length + 1 lines.
    if (codes.length < bytes.length + 1) codes = this.#codes = new Uint8Array(bytes.length + 1);
    const n = this.#nostr.verifyLinesInto(bytes, codes);
    const ok = new Array<boolean>(n).fill(false);
    const reasons = new Array<string | undefined>(n);
    let malformed = 0;
    const groups = new Map<Scheme, { at: number[]; items: BatchItem[] }>();
    const again: number[] = [];
    for (let k = 0; k < n; k++) {
      const code = codes[k] as number;
      if (code === VALID) ok[k] = true;
      else if (code === ID_MISMATCH) {
        // Read as an event, it was never an item to verify: malformed, as the text path counts it.
        reasons[k] = nostrReasonText(NOSTR_REASONS[code] as NostrReason);
        malformed++;
      }
      else again.push(k);
    }
    if (again.length > 0) {
      // The lines the bytes form could not read as events, read again as text.
      const splitter = new LineSplitter(Number.POSITIVE_INFINITY);
      const lines = splitter.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      const last = splitter.end();
      if (last !== undefined) lines.push(last);
      for (const k of again) {
        let line = lines[k] as Line;
        // A byte-order mark before the first line of the input is not part of it.
        if (k === 0 && firstLine === 1 && typeof line === 'string' && line.startsWith('\uFEFF')) line = line.slice(1);
        const parsed = typeof line === 'string' ? parseLine(line, this.#nostr) : { ok: false as const, reason: line.reason };
        if (!parsed.ok) {
          reasons[k] = parsed.reason;
          malformed++;
          continue;
        }
        const g = groups.get(parsed.scheme) ?? { at: [], items: [] };
        groups.set(parsed.scheme, g);
        g.at.push(k);
        g.items.push(parsed.item);
      }
    }
    for (const s of SCHEMES) {
      const g = groups.get(s);
      if (!g) continue;
      const r = (await this.#verifier(s)).verifyBatch(g.items);
      g.at.forEach((k, j) => {
        ok[k] = r.valid[j] as boolean;
        reasons[k] = r.reasons[j];
      });
    }
    let valid = 0;
    let out = '';
    for (let k = 0; k < n; k++) {
      if (ok[k]) valid++;
      if (job.json) out += resultLine(firstLine + k, ok[k] as boolean, reasons[k]);
    }
    return { lines: n, valid, invalid: n - valid - malformed, malformed, out };
  }

  close(): void {
    this.#nostr.close();
    for (const v of this.#verifiers.values()) v.close();
  }
}
