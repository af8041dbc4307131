// `tally verify` fuzzed: streams of hostile lines (fuzz-cases.ts) mixed with valid and broken items, cut into
// random chunks, CRLF or LF, through verifyStream in memory; a few through the real CLI process for its exit
// status and stdout; 10 MB lines. Every line gets exactly one answer, in order, right when known, with a reason
// when invalid. More runs: TALLY_FUZZ_RUNS=<runs per property> (the main property's runs; each is a stream of 1–1024 lines, the CLI property's 1–256).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Summary, verifyStream } from '../src/verify.js';
import {
  anyCase,
  type Case,
  checkAnswer,
  chunked,
  fuzzRuns,
  GOOD_LINES,
  joinLines,
  nostrEventId,
} from './fuzz-cases.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
// Time limits: loose (a busy machine is slow), and none to speak of for long runs.
const LONG = fuzzRuns(1) > 1 ? 4 * 3600_000 : 300_000;
let inputs = 0;
let streams = 0;
const started = performance.now();
afterAll(() => {
  const s = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`fuzz-verify: ${inputs} input lines in ${streams} streams, ${s} s`);
});

interface Answer {
  line: number;
  valid: boolean;
  reason?: string;
}

async function run(
  chunks: Buffer[],
  opts: { window?: number | undefined; threads?: number; maxLineBytes?: number } = {},
): Promise<{ summary: Summary; answers: Answer[] }> {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const summary = await verifyStream(Readable.from(chunks), {
    json: true,
    threads: opts.threads ?? 1,
    out: sink,
    err: sink,
    progress: false,
    ...(opts.window === undefined ? {} : { window: opts.window }),
    ...(opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes }),
  });
  const answers =
    out === ''
      ? []
      : out
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as Answer);
  return { summary, answers };
}

/** Exactly one answer per line, numbered in order, each right for its case; the summary adds up. */
function checkAll(cases: readonly Case[], summary: Summary, answers: readonly Answer[], bom = false): void {
  expect(answers).toHaveLength(cases.length);
  expect(summary.lines).toBe(cases.length);
  answers.forEach((a, i) => {
    expect(a.line).toBe(i + 1);
    // A byte-order mark is dropped from the first line: the stream's own, else the line's.
    checkAnswer(cases[i] as Case, a, i === 0 && !bom);
  });
  const valid = answers.filter((a) => a.valid).length;
  expect(summary.valid).toBe(valid);
  expect(summary.invalid + summary.malformed).toBe(cases.length - valid);
}

const streamOf = (maxLines: number) =>
  fc.record({
    cases: fc.array(anyCase, { minLength: 1, maxLength: maxLines, size: 'max' }),
    crlf: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
    lastOpen: fc.boolean(),
    bom: fc.boolean(),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
    window: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
  });
// Many lines per stream: each verifyStream call sets up its verifiers (~0.1 s), lines are cheap.
const stream = streamOf(1024);

const bytesOf = (s: { cases: Case[]; crlf: boolean[]; lastOpen: boolean; bom: boolean }) => {
  const body = joinLines(s.cases, s.crlf, s.lastOpen);
  return s.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
};

describe('tally verify, fuzzed', () => {
  it(
    'answers every line of hostile streams once, in order, rightly (in memory)',
    async () => {
      await fc.assert(
        fc.asyncProperty(stream, async (s) => {
          const { summary, answers } = await run(chunked(bytesOf(s), s.cuts), { window: s.window });
          checkAll(s.cases, summary, answers, s.bom);
          inputs += s.cases.length;
          streams++;
        }),
        { numRuns: fuzzRuns(30) },
      );
    },
    LONG,
  );

  it(
    'gives the same answers with worker threads',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(anyCase, { minLength: 1, maxLength: 200, size: 'max' }), async (cases) => {
          const bytes = joinLines(cases, [false], false);
          const one = await run([bytes], { window: 50 });
          const two = await run([bytes], { window: 50, threads: 2 });
          expect(two.answers).toEqual(one.answers);
          checkAll(cases, two.summary, two.answers);
          inputs += cases.length;
          streams++;
        }),
        { numRuns: Math.max(2, Math.round(fuzzRuns(30) / 15)) },
      );
    },
    LONG,
  );

  it(
    'through the CLI process: stdout answers every line, exit status 0 all valid, else 1',
    async () => {
      const good = fc
        .constantFrom(...GOOD_LINES)
        .map((l): Case => ({ bytes: new TextEncoder().encode(l), expect: { valid: true }, kind: 'good' }));
      const allGood = fc.record({
        cases: fc.array(good, { minLength: 1, maxLength: 20 }),
        crlf: fc.array(fc.boolean(), { minLength: 1, maxLength: 2 }),
        lastOpen: fc.boolean(),
        bom: fc.boolean(),
      });
      await fc.assert(
        fc.property(fc.oneof(streamOf(256), streamOf(1), allGood), (s) => {
          const r = spawnSync(process.execPath, [CLI, 'verify', '-', '--json'], {
            input: bytesOf(s),
            encoding: 'utf8',
            timeout: 60_000,
          });
          const answers =
            r.stdout === ''
              ? []
              : r.stdout
                  .trimEnd()
                  .split('\n')
                  .map((l) => JSON.parse(l) as Answer);
          expect(answers).toHaveLength(s.cases.length);
          answers.forEach((a, i) => {
            expect(a.line).toBe(i + 1);
            checkAnswer(s.cases[i] as Case, a, i === 0 && !s.bom);
          });
          expect(r.status).toBe(answers.every((a) => a.valid) ? 0 : 1);
          expect(r.stderr).toMatch(new RegExp(`tally: ${s.cases.length} lines — `));
          inputs += s.cases.length;
          streams++;
        }),
        { numRuns: Math.max(6, Math.round(fuzzRuns(30) / 5)) },
      );
    },
    LONG,
  );

  it(
    '10 MB lines: valid ones verified, garbage answered, over-long ones refused without being kept',
    async () => {
      const sk = schnorr.utils.randomSecretKey();
      const e = { pubkey: bytesToHex(schnorr.getPublicKey(sk)), created_at: 1, kind: 1, tags: [], content: '' };
      const big = { ...e, content: 'x'.repeat(10 << 20) };
      const id = nostrEventId(big);
      const bigEvent = JSON.stringify({ id: bytesToHex(id), ...big, sig: bytesToHex(schnorr.sign(id, sk)) });
      const edSk = ed25519.utils.randomSecretKey();
      const msg = crypto.getRandomValues(new Uint8Array(1 << 16));
      const message = bytesToHex(msg).repeat(80); // 10 MB of hex
      const m = Buffer.from(message, 'hex');
      const bigItem = JSON.stringify({
        scheme: 'ed25519',
        publicKey: bytesToHex(ed25519.getPublicKey(edSk)),
        message,
        signature: bytesToHex(ed25519.sign(m, edSk)),
      });
      const enc = (s: string) => new TextEncoder().encode(s);
      const bigCases: Case[] = [
        { bytes: enc(bigEvent), expect: { valid: true }, kind: 'big-event' },
        { bytes: enc(bigItem), expect: { valid: true }, kind: 'big-item' },
        {
          bytes: enc(`${bigEvent.slice(0, -3)}${bigEvent.at(-3) === '0' ? '1' : '0'}"}`),
          expect: { valid: false },
          kind: 'big-event-broken',
        },
        {
          bytes: new Uint8Array(10 << 20).map(() => Math.floor(Math.random() * 255) + 1).map((b) => (b === 10 ? 9 : b)),
          expect: { valid: false },
          kind: 'big-binary',
        },
        { bytes: new Uint8Array(10 << 20), expect: { valid: false, reason: /^malformed JSON/ }, kind: 'big-nul' },
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.array(anyCase, { maxLength: 8 }),
          fc.shuffledSubarray(bigCases, { minLength: 1, maxLength: 2 }),
          fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
          async (small, bigs, at, cuts) => {
            const cases = [...small];
            bigs.forEach((b, k) => {
              cases.splice((at[k] as number) % (cases.length + 1), 0, b);
            });
            const { summary, answers } = await run(chunked(joinLines(cases, [true, false], true), cuts), { window: 3 });
            checkAll(cases, summary, answers);
            inputs += cases.length;
            streams++;
          },
        ),
        { numRuns: 4 },
      );
      // Lines over maxLineBytes are counted, not kept, and answered as too long.
      const long = enc(bigItem);
      const cases: Case[] = [
        {
          bytes: long,
          expect: { valid: false, reason: /^line too long: \d+ bytes \(at most 1048576\)$/ },
          kind: 'too-long',
        },
        { bytes: enc(GOOD_LINES[0] as string), expect: { valid: true }, kind: 'good' },
        { bytes: long, expect: { valid: false, reason: /^line too long/ }, kind: 'too-long-open' },
      ];
      const { summary, answers } = await run(chunked(joinLines(cases, [false], true), [0.1, 0.5, 0.9]), {
        maxLineBytes: 1 << 20,
      });
      checkAll(cases, summary, answers);
    },
    LONG,
  );

  it('exits 2 on input it cannot read, with one line saying why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-fuzz-'));
    writeFileSync(join(dir, 'ok.ndjson'), `${GOOD_LINES[0]}\n`);
    const r = spawnSync(process.execPath, [CLI, 'verify', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^tally: cannot read .*: /);
  });
});
