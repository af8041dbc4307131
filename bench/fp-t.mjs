import { ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr_FROST, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { createFrostVerifier } from '@tallyio/verifier/frost';

function session(F, min, max) {
  const deal = F.trustedDealer({ min, max });
  const ids = Object.keys(deal.secretShares).slice(0, min);
  const nonces = ids.map((id) => F.commit(deal.secretShares[id]));
  const commitments = nonces.map((n) => n.commitments);
  const message = new TextEncoder().encode(`bench ${min}-of-${max}`);
  const shares = {};
  ids.forEach((id, i) => {
    shares[id] = F.signShare(deal.secretShares[id], deal.public, nonces[i].nonces, commitments, message);
  });
  return { ids, s: { publicPackage: deal.public, commitments, message, shares } };
}
const which = process.argv[2] ?? 'all';
for (const [suite, F] of [
  ['secp256k1', secp256k1_FROST],
  ['secp256k1-tr', schnorr_FROST],
  ['ed25519', ed25519_FROST],
]) {
  if (which !== 'all' && which !== suite) continue;
  const f = await createFrostVerifier({ suite });
  const { ids, s } = session(F, 10, 15);
  for (let i = 0; i < 200; i++) f.verifyShares(s);
  const times = [];
  for (let r = 0; r < +(process.env.R ?? 15); r++) {
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) f.verifyShares(s);
    times.push((performance.now() - t0) / 50);
  }
  times.sort((a, b) => a - b);
  const tn = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    ids.every((id) => F.verifyShare(s.publicPackage, s.commitments, s.message, id, s.shares[id]));
    tn.push(performance.now() - t0);
  }
  tn.sort((a, b) => a - b);
  console.log(
    suite,
    'ours ms',
    times[7].toFixed(3),
    'noble ms',
    tn[1].toFixed(2),
    'ratio',
    (tn[1] / times[7]).toFixed(1),
  );
}
