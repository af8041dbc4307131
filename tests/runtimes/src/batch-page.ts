// The page each bundler builds with no configuration of its own: @tallyio/verifier alone, BIP340 and Ed25519
// batches with planted bad items and a taproot FROST session from the fixture, the verdicts in window.__result.
import { createFrostVerifier, createVerifier } from '@tallyio/verifier';
import { decodeItem, frostSession, type Inputs } from './inputs.js';

const input = JSON.parse(document.getElementById('data')?.textContent ?? 'null') as Inputs;
const out = window as unknown as { __result?: unknown; __error?: string };

async function main() {
  const bip340 = await createVerifier({ scheme: 'bip340' });
  const ed25519 = await createVerifier({ scheme: 'ed25519' });
  const frost = await createFrostVerifier({ suite: 'secp256k1-tr' });
  const s = input.frost.find((f) => f.suite === 'secp256k1-tr')?.session;
  if (!s) throw new Error('no taproot session in the fixture');
  const invalid = frost.verifyShares(frostSession(s)).invalid;
  return {
    bip340: bip340.verifyBatch(input.bip340.map(decodeItem)).valid,
    ed25519Zip215: ed25519.verifyBatch(input.ed25519.map(decodeItem)).valid,
    frost: invalid,
  };
}

main().then(
  (r) => {
    out.__result = r;
  },
  (e: unknown) => {
    out.__error = String((e as Error).stack ?? e);
  },
);
