// `node dist/src/corpus.js <count> <keys> > file`: a BIP340 NDJSON corpus signed fast with tiny-secp256k1
// (libsecp256k1 in WebAssembly), for the app's 10^6-line benchmark.
import * as tiny from 'tiny-secp256k1';

const count = Number(process.argv[2] ?? 1_000_000);
const keyCount = Number(process.argv[3] ?? 16);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const keys = Array.from({ length: keyCount }, () => {
  const sk = crypto.getRandomValues(new Uint8Array(32));
  return { sk, pk: hex(tiny.xOnlyPointFromScalar(sk)) };
});
let chunk = '';
for (let i = 0; i < count; i++) {
  const k = keys[i % keys.length] as { sk: Uint8Array; pk: string };
  const message = crypto.getRandomValues(new Uint8Array(32));
  const sig = tiny.signSchnorr(message, k.sk, crypto.getRandomValues(new Uint8Array(32)));
  chunk += `{"scheme":"bip340","publicKey":"${k.pk}","message":"${hex(message)}","signature":"${hex(sig)}"}\n`;
  if (chunk.length > 1 << 20 || i === count - 1) {
    if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    chunk = '';
  }
}
