// The bytes form allocates no JavaScript object per event in the steady state: measured with the heap and GC
// counters, not assumed.
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { getEventHash } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { createNostrVerifier } from '../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const keys = Array.from({ length: 16 }, () => schnorr.utils.randomSecretKey());
const lines = Array.from({ length: 256 }, (_, i) => {
  const sk = keys[i % keys.length] as Uint8Array;
  const unsigned = {
    pubkey: bytesToHex(schnorr.getPublicKey(sk)),
    created_at: 1_700_000_000 + i,
    kind: i % 3 === 0 ? 7 : 1,
    tags: [['p', bytesToHex(schnorr.getPublicKey(sk))]],
    content: `note ${i} with é, 😀 and "quotes"\n`.repeat(1 + (i % 5)),
  };
  const id = getEventHash(unsigned);
  const event = { id, ...unsigned, sig: bytesToHex(schnorr.sign(hexToBytes(id), sk)) };
  return JSON.stringify(i % 2 === 0 ? ['EVENT', 'sub', event] : event);
});

describe('allocation in the steady state', () => {
  it('verifyLinesInto allocates (next to) nothing per event', async () => {
    const v = await createNostrVerifier({ maxBatch: 128 });
    const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
    const codes = new Uint8Array(lines.length);
    const rounds = 10;
    for (let r = 0; r < 20; r++) {
      v.verifyLinesInto(bytes, codes);
      expect(codes.every((c) => c === 0)).toBe(true);
    }
    const perEvent: number[] = [];
    let gcs = 0;
    const obs = new PerformanceObserver((list) => {
      gcs += list.getEntries().length;
    });
    for (let window = 0; window < 5; window++) {
      gc();
      gcs = 0;
      obs.observe({ entryTypes: ['gc'] });
      const before = process.memoryUsage().heapUsed;
      for (let r = 0; r < rounds; r++) v.verifyLinesInto(bytes, codes);
      const grown = process.memoryUsage().heapUsed - before;
      obs.disconnect();
      if (gcs === 0) perEvent.push(grown / (rounds * lines.length));
    }
    // One subarray per window of input and the random pool's refills are the only allocations; a single object
    // per event would be ≥ 16 bytes.
    expect(perEvent.length).toBeGreaterThan(0);
    expect(Math.min(...perEvent)).toBeLessThan(8);
  });
});
