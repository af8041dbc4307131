// In a browser: @tallyio/verifier bundled by Vite into a page, opened in headless Chromium (Debian's chromium,
// driven by playwright-core), verifying BIP340 and Ed25519 batches and a FROST session there; the verdicts are asserted. Also
// reports the gzipped size of that minimal bundle (JS with the embedded WebAssembly) and the time from import to
// the first verification in the page and in Node.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, schnorr_FROST } from '@noble/curves/secp256k1.js';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import type { FrostSession } from '../src/frost.js';
import type { BatchItem } from '../src/index.js';
import { dealtGroup, signSession } from './helpers.js';

const here = new URL('..', import.meta.url).pathname;
const work = join(here, '.browser');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Eight items of the scheme, the sixth with a corrupted signature. */
function items(scheme: 'bip340' | 'ed25519'): BatchItem[] {
  return Array.from({ length: 8 }, (_, i) => {
    const message = crypto.getRandomValues(new Uint8Array(32));
    const bip = scheme === 'bip340';
    const sk = bip ? schnorr.utils.randomSecretKey() : ed25519.utils.randomSecretKey();
    const signature = bip ? schnorr.sign(message, sk) : ed25519.sign(message, sk);
    if (i === 5) signature[40] = (signature[40] as number) ^ 1;
    const publicKey = bip ? schnorr.getPublicKey(sk) : ed25519.getPublicKey(sk);
    return { signature, message, publicKey };
  });
}

/** A 3-of-4 taproot FROST session with the second signer's share corrupted. */
function frostSession(): { cheater: string; session: FrostSession } {
  const message = new TextEncoder().encode('frost in the browser');
  const { ids, session, shares } = signSession(schnorr_FROST, dealtGroup(schnorr_FROST, 3, 4), 3, message);
  const cheater = ids[1] as string;
  const z = shares[cheater] as Uint8Array;
  z[31] = (z[31] as number) ^ 1;
  return { cheater, session };
}

/** The page's data as JSON, each byte array as `{ "hex": … }` (the page's reviver turns them back into bytes). */
const pageJson = (data: unknown): string =>
  JSON.stringify(data, (_, v) => (v instanceof Uint8Array ? { hex: hex(v) } : v));

const ENTRY = `
const t0 = performance.now();
const { createVerifier } = await import('@tallyio/verifier');
const bytes = (h) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const data = JSON.parse(document.getElementById('data').textContent, (_, v) => (typeof v?.hex === 'string' ? bytes(v.hex) : v));
const bip = await createVerifier({ scheme: 'bip340' });
const first = data.bip340[0];
bip.verify(first.signature, first.message, first.publicKey);
const firstMs = performance.now() - t0;
const ed = await createVerifier({ scheme: 'ed25519' });
const { createFrostVerifier } = await import('@tallyio/verifier');
const frost = await createFrostVerifier({ suite: 'secp256k1-tr' });
window.__result = { bip340: bip.verifyBatch(data.bip340).valid, ed25519: ed.verifyBatch(data.ed25519).valid, frost: frost.verifyShares(data.frost.session).invalid, firstMs };
`;

// Debian's chromium: `.ci/run` installs it; elsewhere `apt-get install chromium` (the test says so when absent).
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

describe.skipIf(!haveChromium)('in the browser', () => {
  it('verifies BIP340 and Ed25519 batches and a FROST session in headless Chromium from a Vite bundle', async () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const data = { bip340: items('bip340'), ed25519: items('ed25519'), frost: frostSession() };
    writeFileSync(join(work, 'main.js'), ENTRY);
    writeFileSync(
      join(work, 'index.html'),
      `<!doctype html><script id="data" type="application/json">${pageJson(data)}</script><script type="module" src="./main.js"></script>`,
    );
    const outDir = join(work, 'dist');
    await build({
      root: work,
      logLevel: 'silent',
      resolve: { alias: { '@tallyio/verifier': join(here, 'dist', 'index.js') } },
      build: { outDir, target: 'es2022', emptyOutDir: true },
    });
    const assets = readdirSync(join(outDir, 'assets'));
    const gzipped = assets.reduce(
      (n, f) => n + gzipSync(readFileSync(join(outDir, 'assets', f)), { level: 9 }).length,
      0,
    );
    const server = createServer((req, res) => {
      const path = join(outDir, (req.url ?? '/') === '/' ? 'index.html' : (req.url as string));
      try {
        const body = readFileSync(path);
        res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, {
        timeout: 60_000,
      });
      const result = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as {
        bip340: boolean[];
        ed25519: boolean[];
        frost: string[];
        firstMs: number;
      };
      const expected = [true, true, true, true, true, false, true, true];
      expect(result.bip340).toEqual(expected);
      expect(result.ed25519).toEqual(expected);
      // FROST shares in the page (no Node built-ins, SIMD in Chromium): the planted cheater and only it.
      expect(result.frost).toEqual([data.frost.cheater]);
      const nodeMs = Number(
        execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const t0 = performance.now(); const { createVerifier } = await import(${JSON.stringify(join(here, 'dist', 'index.js'))}); const v = await createVerifier({ scheme: 'bip340' }); v.verify(new Uint8Array(64), new Uint8Array(32), new Uint8Array(32)); console.log(performance.now() - t0);`,
          ],
          { encoding: 'utf8' },
        ).trim(),
      );
      console.log(
        `bundle (JS with embedded WebAssembly): ${(gzipped / 1024).toFixed(1)} KB gzipped; import to first verification: Chromium ${result.firstMs.toFixed(1)} ms, Node ${nodeMs.toFixed(1)} ms`,
      );
      expect(gzipped).toBeGreaterThan(0);
    } finally {
      await browser.close();
      server.close();
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
