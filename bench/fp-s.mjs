import { schnorr_FROST, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { createFrostVerifier } from '@tallyio/verifier/frost';

function session(F, min, max, k) {
  const deal = F.trustedDealer({ min, max });
  const ids = Object.keys(deal.secretShares).slice(0, min);
  const out = [];
  for (let j = 0; j < k; j++) {
    const nonces = ids.map((id) => F.commit(deal.secretShares[id]));
    const commitments = nonces.map((n) => n.commitments);
    const message = new TextEncoder().encode(`bench ${min}-of-${max} ${j}`);
    const shares = {};
    ids.forEach((id, i) => {
      shares[id] = F.signShare(deal.secretShares[id], deal.public, nonces[i].nonces, commitments, message);
    });
    out.push({ publicPackage: deal.public, commitments, message, shares });
  }
  return { ids, out };
}
const F = process.argv[2] === 'tr' ? schnorr_FROST : process.argv[2] === 'ed' ? (await import('@noble/curves/ed25519.js')).ed25519_FROST : secp256k1_FROST;
const f = await createFrostVerifier({ suite: process.argv[2] === 'tr' ? 'secp256k1-tr' : process.argv[2] === 'ed' ? 'ed25519' : 'secp256k1' });
const K = +(process.argv[3] ?? 100);
const { ids, out } = session(F, 10, 15, K);
const r = f.verifySessions(out);
if (!r.every((x) => x.allValid && x.signatureValid)) throw new Error('bad');
const ts = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  f.verifySessions(out);
  ts.push(performance.now() - t0);
}
ts.sort((a, b) => a - b);
console.log(K, 'sessions: ms', ts[3].toFixed(2), 'per session us', ((ts[3] / K) * 1000).toFixed(1));
// one bad share in session 7
const bad = out.map((s) => ({ ...s, shares: { ...s.shares } }));
const z = bad[7].shares[ids[3]].slice();
z[31] ^= 1;
bad[7].shares[ids[3]] = z;
const t0 = performance.now();
const rb = f.verifySessions(bad);
console.log(
  'one bad share: ms',
  (performance.now() - t0).toFixed(2),
  rb[7].invalid,
  rb.filter((x) => !x.allValid).length,
);
