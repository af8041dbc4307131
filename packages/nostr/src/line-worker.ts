// The worker of createNostrPool (pool.ts): NDJSON bytes in, one status code per line out, through the bytes form.
// Node loads it by itself; in a browser, make a module worker whose file imports '@tallyio/nostr/worker'.
import { serveJobs } from '@tallyio/verifier/parallel';
import { createNostrVerifier } from './verifier.js';

const verifier = await createNostrVerifier({ maxBatch: 1024 });
let codes = new Uint8Array(1 << 16);
serveJobs((bytes: Uint8Array) => {
  if (codes.length < bytes.length + 1) codes = new Uint8Array(bytes.length + 1);
  const n = verifier.verifyLinesInto(bytes, codes);
  return codes.slice(0, n);
});
