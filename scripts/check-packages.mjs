// Packs every public package as npm would publish it, checks each tarball with publint --strict and
// @arethetypeswrong/cli (ESM-only profile), then installs the tarballs into a fresh project and runs the
// examples of their READMEs there: what a consumer gets must work without the workspace or a toolchain.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const PUBLIC = ['field', 'tables', 'batch', 'verifier', 'nostr'];
const EXAMPLES = ['field', 'tables', 'verifier', 'nostr'];
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
const bin = (name) => join(root, 'node_modules', '.bin', name);

const packs = mkdtempSync(join(tmpdir(), 'tally-packs-'));
for (const p of PUBLIC) run('pnpm', ['pack', '--pack-destination', packs], join(root, 'packages', p));
const tarballs = readdirSync(packs).map((f) => join(packs, f));
// The `.wasm` subpaths (compiled modules for runtimes that import WebAssembly only as files) have no types to check.
const wasmEntries = PUBLIC.flatMap((p) => {
  const { exports } = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8'));
  return Object.keys(exports).filter((e) => e.endsWith('.wasm'));
});
let failed = 0;
for (const t of tarballs) {
  for (const [tool, args] of [
    ['publint', ['--strict', t]],
    ['attw', [t, '--profile', 'esm-only', '--exclude-entrypoints', ...wasmEntries]],
  ]) {
    try {
      run(bin(tool), args, root);
      console.log(`ok   ${tool} ${t.split('/').pop()}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${tool} ${t.split('/').pop()}\n${e.stdout}${e.stderr}`);
    }
  }
}

const consumer = mkdtempSync(join(tmpdir(), 'tally-consumer-'));
writeFileSync(join(consumer, 'package.json'), '{"name":"consumer","private":true,"type":"module"}\n');
run('npm', ['install', '--no-audit', '--no-fund', ...tarballs, '@noble/curves@2.4.0'], consumer);
for (const p of EXAMPLES) {
  const readme = readFileSync(join(root, 'packages', p, 'README.md'), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!example) {
    failed++;
    console.log(`FAIL ${p}: README has no example`);
    continue;
  }
  writeFileSync(join(consumer, `${p}.mjs`), example);
  try {
    run(process.execPath, [`${p}.mjs`], consumer);
    console.log(`ok   README example of @tallyio/${p} in a fresh project`);
  } catch (e) {
    failed++;
    console.log(`FAIL README example of @tallyio/${p}\n${e.stdout}${e.stderr}`);
  }
}
console.log(`package checks: ${failed === 0 ? 'all passed' : `${failed} failed`}`);
process.exit(failed === 0 ? 0 : 1);
