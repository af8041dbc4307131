import type { Readable, Writable } from 'node:stream';
import { createNostrVerifier } from '@tallyio/nostr';
import { type BatchItem, createVerifier, type SchemeOptions, type VerificationResult } from '@tallyio/verifier';
import { createParallelVerifier } from '@tallyio/verifier/parallel';
import cliProgress from 'cli-progress';
import { parseLine, SCHEMES, type Scheme } from './items.js';
import { chunkBytes, type Line, LineSplitter, MAX_LINE_BYTES } from './lines.js';

export interface VerifyOptions {
  /** Write one JSON result per input line to out. */
  readonly json: boolean;
  /** Worker threads; 1 verifies on this thread. */
  readonly threads: number;
  readonly out: Writable;
  readonly err: Writable;
  /** Show a progress bar on err (only when it is a terminal). */
  readonly progress: boolean;
  /** Lines read before a window is verified and written out; memory stays bounded by it. */
  readonly window?: number;
  /** Longest line read (default 64 MiB); a longer one is answered "line too long" without being kept. */
  readonly maxLineBytes?: number;
}

/** A window is also verified once its lines hold this many characters, however few they are. */
const WINDOW_CHARS = 64 << 20;

export interface Summary {
  readonly lines: number;
  readonly valid: number;
  readonly invalid: number;
  readonly malformed: number;
  readonly seconds: number;
}

type Check = (items: BatchItem[]) => Promise<VerificationResult>;

const schemeOptions = (s: Scheme): SchemeOptions =>
  s === 'bip340' ? { scheme: 'bip340' } : { scheme: 'ed25519', mode: s === 'ed25519' ? 'zip215' : 'strict' };

/** Verifiers per scheme, made on first use. */
function checkers(threads: number): { get(s: Scheme): Promise<Check>; close(): Promise<void> } {
  const made = new Map<Scheme, Promise<{ check: Check; close: () => Promise<void> | void }>>();
  const open = async (s: Scheme) => {
    if (threads > 1) {
      const pool = await createParallelVerifier({ ...schemeOptions(s), threads, chunk: 1024 });
      return { check: (items: BatchItem[]) => pool.verifyBatch(items), close: () => pool.close() };
    }
    const v = await createVerifier({ ...schemeOptions(s), maxBatch: 4096 });
    return { check: async (items: BatchItem[]) => v.verifyBatch(items), close: () => v.close() };
  };
  return {
    async get(s) {
      let m = made.get(s);
      if (!m) {
        m = open(s);
        made.set(s, m);
      }
      return (await m).check;
    },
    async close() {
      for (const m of made.values()) await (await m).close();
    },
  };
}

/**
 * Verifies NDJSON from input: one result per line, in input order, in windows of bounded size. Lines end at \n
 * (a \r before it is dropped, a lone \r is data); a line that is not UTF-8 or is too long is answered as
 * malformed like any other. Rejects only when input or out fails.
 */
export async function verifyStream(input: Readable, opts: VerifyOptions): Promise<Summary> {
  const windowSize = opts.window ?? 4096;
  const started = performance.now();
  const verifiers = checkers(opts.threads);
  // Nostr events become BIP340 items here (checks, NIP-01 id); the items are verified with the others.
  const nostr = await createNostrVerifier({ maxBatch: 1, keyCacheCapacity: 0 });
  const bar =
    opts.progress && (opts.err as { isTTY?: boolean }).isTTY
      ? new cliProgress.SingleBar({ stream: opts.err, format: 'tally {bar} {value} lines | {rate} items/s' })
      : undefined;
  bar?.start(0, 0, { rate: 0 });
  let lines = 0;
  let valid = 0;
  let invalid = 0;
  let malformed = 0;
  let pending: Line[] = [];
  let pendingChars = 0;

  const flush = async () => {
    if (pending.length === 0) return;
    const first = lines - pending.length + 1;
    const reasons: (string | undefined)[] = new Array(pending.length);
    const ok: boolean[] = new Array(pending.length).fill(false);
    const groups = new Map<Scheme, { at: number[]; items: BatchItem[] }>();
    pending.forEach((line, k) => {
      const parsed = typeof line === 'string' ? parseLine(line, nostr) : { ok: false as const, reason: line.reason };
      if (!parsed.ok) {
        reasons[k] = parsed.reason;
        malformed++;
        return;
      }
      const g = groups.get(parsed.scheme) ?? { at: [], items: [] };
      groups.set(parsed.scheme, g);
      g.at.push(k);
      g.items.push(parsed.item);
    });
    for (const s of SCHEMES) {
      const g = groups.get(s);
      if (!g) continue;
      const r = await (await verifiers.get(s))(g.items);
      g.at.forEach((k, j) => {
        ok[k] = r.valid[j] as boolean;
        reasons[k] = r.reasons[j];
        if (ok[k]) valid++;
        else invalid++;
      });
    }
    if (opts.json) {
      let out = '';
      for (let k = 0; k < pending.length; k++) {
        out += ok[k]
          ? `{"line":${first + k},"valid":true}\n`
          : `{"line":${first + k},"valid":false,"reason":${JSON.stringify(reasons[k] ?? 'invalid')}}\n`;
      }
      if (!opts.out.write(out)) await new Promise((resolve) => opts.out.once('drain', resolve));
    }
    pending = [];
    pendingChars = 0;
    bar?.setTotal(lines);
    bar?.update(lines, { rate: Math.round(lines / ((performance.now() - started) / 1000)) });
  };

  const take = async (batch: Line[]) => {
    for (let line of batch) {
      // A byte-order mark before the first line is not part of it.
      if (lines === 0 && typeof line === 'string' && line.startsWith('\uFEFF')) line = line.slice(1);
      lines++;
      pending.push(line);
      pendingChars += typeof line === 'string' ? line.length : 0;
      if (pending.length >= windowSize || pendingChars >= WINDOW_CHARS) await flush();
    }
  };
  const splitter = new LineSplitter(opts.maxLineBytes ?? MAX_LINE_BYTES);
  try {
    for await (const chunk of input) await take(splitter.push(chunkBytes(chunk)));
    const last = splitter.end();
    if (last !== undefined) await take([last]);
    await flush();
  } finally {
    bar?.stop();
    await verifiers.close();
    nostr.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { lines, valid, invalid, malformed, seconds };
}

export function summaryLine(s: Summary): string {
  const rate = s.seconds > 0 ? Math.round(s.lines / s.seconds) : 0;
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  return `tally: ${s.lines} lines — ${s.valid} valid, ${s.invalid} invalid, ${s.malformed} malformed — ${s.seconds.toFixed(2)} s, ${rate} items/s, peak RSS ${rss} MB`;
}
