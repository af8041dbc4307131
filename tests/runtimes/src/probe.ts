// The script every runtime runs: the public packages loaded as that runtime resolves them, the fixture's
// inputs verified, the verdicts returned as plain JSON. Nothing here depends on a runtime's own APIs.
import { loadFields } from '@tallyio/field';
import { createNostrVerifier } from '@tallyio/nostr';
import { loadTables } from '@tallyio/tables';
import { createFrostVerifier, createVerifier, type Verifier } from '@tallyio/verifier';
import { bytes, decodeItem, frostSession, type HexItem, hex, type Inputs, type Verdicts } from './inputs.js';

async function batchVerdicts(v: Verifier, items: readonly HexItem[]): Promise<boolean[]> {
  const r = v.verifyBatch(items.map(decodeItem));
  v.close();
  return r.valid;
}

export async function verdicts(inputs: Inputs): Promise<Verdicts> {
  const { secp256k1P, ed25519L } = await loadFields();
  const three = secp256k1P.encode(3n);
  const square = three.ok ? secp256k1P.sqr(three.value) : three;
  const nine = square.ok ? secp256k1P.decode(square.value) : square;
  const reduced = ed25519L.reduce(new Uint8Array(64).fill(7));

  const { secp256k1 } = await loadTables({ maxPoints: 16 });
  const k = bytes(inputs.scalar);
  const kG = secp256k1.multiplyBase(k);
  const msm = kG.ok ? secp256k1.msm([kG.value, kG.value], [k, k]) : kG;

  const frost = [];
  for (const { suite, session } of inputs.frost) {
    const f = await createFrostVerifier({ suite });
    frost.push(f.verifyShares(frostSession(session)).invalid);
  }
  const nostr = await createNostrVerifier();
  const events = inputs.nostr.map((line) => {
    const v = JSON.parse(line);
    return Array.isArray(v) ? v[v.length - 1] : v; // ["EVENT", sub, event]
  });
  const nostrEvents = nostr.verifyEvents(events).valid;
  const nostrLines = nostr.verifyLines(new TextEncoder().encode(inputs.nostr.join('\n'))).valid;
  nostr.close();
  return {
    field: {
      square: nine.ok ? nine.value.toString() : nine.reason,
      reduced: reduced.ok ? hex(reduced.value) : reduced.reason,
    },
    tables: msm.ok ? hex(msm.value) : msm.reason,
    bip340: await batchVerdicts(await createVerifier({ scheme: 'bip340' }), inputs.bip340),
    ed25519Zip215: await batchVerdicts(await createVerifier({ scheme: 'ed25519' }), inputs.ed25519),
    ed25519Strict: await batchVerdicts(await createVerifier({ scheme: 'ed25519', mode: 'strict' }), inputs.ed25519),
    frost,
    nostrEvents,
    nostrLines,
  };
}
