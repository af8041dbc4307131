// Vite, esbuild and webpack production builds of a page that verifies BIP340 and Ed25519 batches (planted bad
// items) and a taproot FROST session with @tallyio/verifier, with no bundler configuration for the WebAssembly;
// each page runs in headless Chromium and must give @noble/curves' verdicts. Prints each bundle's gzipped size.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLERS, buildPage } from '../src/bundlers.js';
import { chromiumMissing, launchChromium, resultOf, serve } from '../src/chromium.js';
import type { Fixture } from '../src/inputs.js';
import { ROOT } from '../src/runtimes.js';

const fixture = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'inputs.json'), 'utf8')) as Fixture;
if (chromiumMissing) console.warn(`bundler pages skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== undefined)('bundled pages in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(join(ROOT, '.work'), { recursive: true, force: true });
  });

  for (const bundler of BUNDLERS) {
    it(`${bundler}: a production build with no configuration verifies in the page`, async () => {
      const built = await buildPage(bundler, fixture.inputs);
      const { url, server } = await serve(built.dir, () => built.html);
      try {
        expect(await resultOf(browser, url)).toEqual({
          bip340: fixture.expected.bip340,
          ed25519Zip215: fixture.expected.ed25519Zip215,
          frost: fixture.expected.frost[0],
        });
      } finally {
        server.close();
      }
      console.log(
        `${bundler}: page bundle (JS with the embedded WebAssembly) ${(built.gzipBytes / 1024).toFixed(1)} KB gzipped`,
      );
    });
  }
});
