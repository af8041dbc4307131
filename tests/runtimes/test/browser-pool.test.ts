// The nostr pool in a browser: a page served with COOP/COEP (cross-origin isolated) verifies 20 000 events in
// headless Chromium through createNostrPool with 1 and with 2 Web Workers; every line's code equals Node's (the
// bytes form on this thread). Speed and long tasks are the bench's (`bench:pool`), not asserted here.

import { createNostrVerifier } from '@tallyio/nostr';
import { describe, expect, it } from 'vitest';
import { events, runPoolPage } from '../src/browser-pool.js';
import { chromiumMissing } from '../src/chromium.js';

if (chromiumMissing) console.warn(`browser pool skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== undefined)('the nostr pool in Chromium', () => {
  it('verifies 20 000 events with 1 and 2 Web Workers, every verdict equal to Node’s', async () => {
    const bytes = events(20_000);
    const r = await runPoolPage(bytes, [1, 2], 1);
    const node = await createNostrVerifier();
    const codes = new Uint8Array(bytes.length + 1);
    const n = node.verifyLinesInto(bytes, codes);
    node.close();
    expect(r.crossOriginIsolated).toBe(true);
    expect(r.lines).toBe(20_000);
    expect(r.codes).toEqual(Array.from(codes.subarray(0, n)));
    // Every kind planted shows: valid, bad signature, id mismatch, malformed JSON.
    expect(new Set(r.codes)).toEqual(new Set([0, 1, 2, 3]));
    console.log(
      `browser pool: 1 worker ${r.ms['1']?.[0]?.toFixed(0)} ms, 2 workers ${r.ms['2']?.[0]?.toFixed(0)} ms; long tasks ${r.longTasks.length}`,
    );
  }, 300_000);
});
