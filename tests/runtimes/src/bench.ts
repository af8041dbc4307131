// Start-up and throughput per runtime: import of @tallyio/verifier to its first verification on a fresh start,
// and BIP340 and Ed25519 batches of 1024 valid signatures (µs per signature). Medians of fresh starts, each
// timing many batches. Writes results/runtimes.json and the table in docs/runtimes.md.
// Run: pnpm build && pnpm --filter @tallyio/runtimes bench:runtimes
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { type BenchInputs, type HexItem, hex, type Timings } from './inputs.js';
import { ROOT, runtimes } from './runtimes.js';

const BATCH = 1024;
const STARTS = 3;
const SAMPLES = 15;

/** Valid items under distinct keys derived from the index (the same inputs on every run). */
function benchInputs(): BenchInputs {
  const key = (i: number, salt: number) => {
    const sk = new Uint8Array(32).fill(salt);
    new DataView(sk.buffer).setUint32(0, i + 1);
    return sk;
  };
  const items = (sign: (m: Uint8Array, sk: Uint8Array) => HexItem, salt: number) =>
    Array.from({ length: BATCH }, (_, i) => sign(new TextEncoder().encode(`throughput ${i}`), key(i, salt)));
  return {
    bip340: items(
      (m, sk) => ({
        signature: hex(schnorr.sign(m, sk, new Uint8Array(32))),
        message: hex(m),
        publicKey: hex(schnorr.getPublicKey(sk)),
      }),
      0x44,
    ),
    ed25519: items(
      (m, sk) => ({ signature: hex(ed25519.sign(m, sk)), message: hex(m), publicKey: hex(ed25519.getPublicKey(sk)) }),
      0x55,
    ),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const us = (x: number) => `${x.toFixed(1)} µs`;

const load = loadavg()[0] as number;
const inputs = benchInputs();
const rows: { runtime: string; version: string; timings?: Timings; skipped?: string }[] = [];
for (const rt of runtimes()) {
  if (rt.skip) {
    console.log(`${rt.name}: skipped (${rt.skip})`);
    rows.push({ runtime: rt.name, version: '', skipped: rt.skip });
    continue;
  }
  const runs: Timings[] = [];
  for (let i = 0; i < STARTS; i++) {
    const session = await rt.open();
    try {
      runs.push(await session.timings(inputs, SAMPLES));
    } finally {
      await session.close();
    }
  }
  const timings: Timings = {
    startupMs: median(runs.map((r) => r.startupMs)),
    bip340UsPerSig: median(runs.map((r) => r.bip340UsPerSig)),
    ed25519UsPerSig: median(runs.map((r) => r.ed25519UsPerSig)),
  };
  console.log(`${rt.name} (${rt.version}): ${JSON.stringify(timings)}`);
  rows.push({ runtime: rt.name, version: rt.version, timings });
}

let commit = '';
try {
  commit = `, commit ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}`;
} catch {}
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores)`;
const date = new Date().toISOString().slice(0, 10);
const header = [
  'runtime',
  'version',
  'import to first verification',
  `BIP340 batch of ${BATCH}, per signature`,
  `Ed25519 batch of ${BATCH}, per signature`,
];
const cells = rows.map((r) =>
  r.timings
    ? [r.runtime, r.version, ms(r.timings.startupMs), us(r.timings.bip340UsPerSig), us(r.timings.ed25519UsPerSig)]
    : [r.runtime, `skipped: ${r.skipped}`, '–', '–', '–'],
);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
const line = (c: string[]) =>
  `| ${c.map((x, i) => (i < 2 ? x.padEnd(widths[i] as number) : x.padStart(widths[i] as number))).join(' | ')} |`;
const table = [
  `Medians of ${STARTS} fresh starts, ${SAMPLES} batches each; ${machine}, load average ${load.toFixed(1)} at the start, ${date}${commit}. Reproduce: \`pnpm build && pnpm --filter @tallyio/runtimes bench:runtimes\`.`,
  '',
  line(header),
  `| ${widths.map((w, i) => (i < 2 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
  ...cells.map(line),
].join('\n');
console.log(`\n${table}`);

mkdirSync(join(ROOT, 'results'), { recursive: true });
writeFileSync(join(ROOT, 'results', 'runtimes.json'), `${JSON.stringify({ date, machine, load, rows }, null, 2)}\n`);
const doc = join(ROOT, '..', '..', 'docs', 'runtimes.md');
const text = readFileSync(doc, 'utf8');
const start = '<!-- runtimes:start -->';
const end = '<!-- runtimes:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error(`${doc}: no ${start} … ${end} section`);
writeFileSync(doc, `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`);
console.log(`updated ${doc}`);
