import { ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr_FROST, secp256k1_FROST } from '@noble/curves/secp256k1.js';

for (const F of [secp256k1_FROST, ed25519_FROST]) {
  let t0 = performance.now();
  const deal = F.trustedDealer({ min: 50, max: 100 });
  const ids = Object.keys(deal.secretShares).slice(0, 50);
  const nonces = ids.map((id) => F.commit(deal.secretShares[id]));
  const commitments = nonces.map((n) => n.commitments);
  const message = new Uint8Array(5);
  const shares = {};
  ids.forEach((id, i) => {
    shares[id] = F.signShare(deal.secretShares[id], deal.public, nonces[i].nonces, commitments, message);
  });
  console.log('setup ms', (performance.now() - t0).toFixed(0));
  t0 = performance.now();
  F.verifyShare(deal.public, commitments, message, ids[0], shares[ids[0]]);
  console.log('verifyShare ms', (performance.now() - t0).toFixed(0));
  t0 = performance.now();
  F.aggregate(deal.public, commitments, message, shares);
  console.log('aggregate ms', (performance.now() - t0).toFixed(0));
}
