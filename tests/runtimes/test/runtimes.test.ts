// The runtime matrix: the same probe (the three public packages; BIP340 and Ed25519 batches with planted bad items
// in both Ed25519 modes; a taproot and an Ed25519 FROST session, each with a cheater) in Node 20, 22 and 24, Bun,
// Deno, workerd and Chromium. Each runtime's verdicts must equal @noble/curves' (fixtures/inputs.json, written by
// scripts/fixture.ts), hence each other's. A runtime that cannot run on this machine is skipped with its reason.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Fixture, Verdicts } from '../src/inputs.js';
import { bundleWorker, ROOT, runtimes, startWorkerd, WORKERD } from '../src/runtimes.js';

const fixture = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'inputs.json'), 'utf8')) as Fixture;
const seen = new Map<string, Verdicts>();

describe('runtime matrix', () => {
  for (const rt of runtimes()) {
    it(`${rt.name} (${rt.version})`, async (ctx) => {
      if (rt.skip) {
        console.warn(`runtime matrix: ${rt.name} skipped: ${rt.skip}`);
        ctx.skip(rt.skip);
      }
      const session = await rt.open();
      try {
        const verdicts = await session.verdicts(fixture.inputs);
        seen.set(rt.name, verdicts);
        expect(verdicts).toEqual(fixture.expected);
      } finally {
        await session.close();
      }
    });
  }

  afterAll(() => {
    console.log(`runtime matrix: same verdicts as @noble/curves in ${[...seen.keys()].join(', ')}`);
  });
});

describe('workerd without the workerd condition', () => {
  it('refuses the default entry (WebAssembly compiled from the embedded bytes)', async (ctx) => {
    if (!WORKERD) ctx.skip('no workerd binary for this platform');
    const dir = mkdtempSync(join(tmpdir(), 'tally-workerd-default-'));
    await bundleWorker(dir, false);
    const { port, child } = await startWorkerd(WORKERD as string, dir);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/verdicts`, {
        method: 'POST',
        body: JSON.stringify(fixture.inputs),
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      console.log(`workerd, default entry: ${text.split('\n')[0]}`);
      expect(text).toMatch(/code generation disallowed/);
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
