// `node dist/src/noble-loop.js <file> [lines]`: the baseline of the app's benchmark — a plain loop over
// @noble/curves' schnorr.verify reading the same NDJSON file (the first `lines` lines), items per second.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { schnorr } from '@noble/curves/secp256k1.js';

const file = process.argv[2] as string;
const limit = Number(process.argv[3] ?? 20_000);
const started = performance.now();
let n = 0;
let valid = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
  const it = JSON.parse(line) as { publicKey: string; message: string; signature: string };
  if (
    schnorr.verify(Buffer.from(it.signature, 'hex'), Buffer.from(it.message, 'hex'), Buffer.from(it.publicKey, 'hex'))
  )
    valid++;
  if (++n >= limit) break;
}
const seconds = (performance.now() - started) / 1000;
console.log(`noble loop: ${n} lines, ${valid} valid, ${seconds.toFixed(2)} s, ${Math.round(n / seconds)} items/s`);
