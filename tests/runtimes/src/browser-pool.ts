// The nostr pool in headless Chromium: the page (pool-page.ts) built by Vite with its worker, served with the
// cross-origin isolation headers (COOP/COEP), and the NDJSON events it fetches. Used by the test (verdicts equal
// Node's) and by `pnpm --filter @tallyio/runtimes bench:pool` (1 worker against 2, long tasks).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { build as vite } from 'vite';
import { launchChromium, page, resultOf, serve } from './chromium.js';
import { ROOT } from './runtimes.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * NDJSON nostr events: `distinct` signed events from 100 keys (noble signs them), repeated to `count` lines, with
 * bad ones planted among the distinct events — a flipped signature bit, an edited content (id mismatch) and a
 * line cut short — so that every verdict kind shows in every repeat.
 */
export function events(count: number, distinct = 500): Uint8Array {
  const keys = Array.from({ length: 100 }, () => schnorr.utils.randomSecretKey());
  const lines = Array.from({ length: distinct }, (_, i) => {
    const sk = keys[i % keys.length] as Uint8Array;
    const e = {
      pubkey: hex(schnorr.getPublicKey(sk)),
      created_at: 1_700_000_000 + i,
      kind: 1,
      tags: [['t', 'pool']],
      content: `pool event ${i}`,
    };
    const id = sha256(new TextEncoder().encode(JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content])));
    const sig = schnorr.sign(id, sk);
    if (i % 97 === 5) sig[40] = (sig[40] as number) ^ 1;
    const line = JSON.stringify({
      id: hex(id),
      ...e,
      content: i % 89 === 7 ? `${e.content}!` : e.content,
      sig: hex(sig),
    });
    return i % 83 === 9 ? line.slice(0, 100) : line;
  });
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(lines[i % distinct] as string);
  return new TextEncoder().encode(`${out.join('\n')}\n`);
}

export interface PoolPageResult {
  readonly crossOriginIsolated: boolean;
  readonly lines: number;
  readonly codes: number[];
  /** Milliseconds per pass, by the number of workers. */
  readonly ms: Record<string, number[]>;
  /** Durations of the page thread's long tasks (over 50 ms) during the passes. */
  readonly longTasks: number[];
}

/** Builds the page, serves it with COOP/COEP and the events, and runs it in headless Chromium. */
export async function runPoolPage(
  bytes: Uint8Array,
  threads: readonly number[],
  runs: number,
): Promise<PoolPageResult> {
  const work = join(ROOT, '.work', 'pool');
  const dir = join(work, 'dist');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'main.js'), `import '../../dist/src/pool-page.js';\n`);
  writeFileSync(join(work, 'index.html'), page({ threads, runs }, './main.js', true));
  await vite({ root: work, logLevel: 'silent', build: { outDir: dir }, worker: { format: 'es' } });
  writeFileSync(join(dir, 'events.ndjson'), bytes);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const { url, server } = await serve(dir, () => html, {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
  const browser = await launchChromium();
  try {
    return (await resultOf(browser, url)) as PoolPageResult;
  } finally {
    await browser.close();
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
