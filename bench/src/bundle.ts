// `node dist/src/bundle.js`: the browser bundle of verifyEvent alone (esbuild --bundle --minify --format=esm,
// then gzip), ours beside nostr-tools' wasm verifyEvent with nostr-wasm measured the same way.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entries: [string, string][] = [
  [
    '@tallyio/nostr verifyEvent',
    "import { createNostrVerifier } from '@tallyio/nostr';\nexport const v = await createNostrVerifier();\nexport const verifyEvent = v.verifyEvent;\n",
  ],
  [
    'nostr-tools/wasm verifyEvent + nostr-wasm',
    "import { initNostrWasm } from 'nostr-wasm';\nimport { setNostrWasm, verifyEvent } from 'nostr-tools/wasm';\nsetNostrWasm(await initNostrWasm());\nexport { verifyEvent };\n",
  ],
  ['nostr-tools/pure verifyEvent', "export { verifyEvent } from 'nostr-tools/pure';\n"],
];

/** Minified and gzipped bytes of a browser ESM bundle of the entry's source. */
export async function bundleSize(source: string): Promise<{ minified: number; gzipped: number }> {
  const r = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
  });
  const code = r.outputFiles[0]?.contents ?? new Uint8Array(0);
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [label, source] of entries) {
    const s = await bundleSize(source);
    console.log(`${label}: ${(s.minified / 1024).toFixed(1)} KB minified, ${(s.gzipped / 1024).toFixed(1)} KB gzipped`);
  }
}
