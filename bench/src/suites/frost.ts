// FROST share verification per session (all shares), ours against a loop over @noble/curves' verifyShare, for
// 2-of-3, 10-of-15 and 50-of-100 sessions of each supported suite.
import { ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr_FROST, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { createFrostVerifier, type FrostSuite } from '@tallyio/verifier/frost';
import { type BenchOptions, type CaseResult, measureCase } from '../harness.js';

type NobleFrost = typeof secp256k1_FROST;

function session(F: NobleFrost, min: number, max: number) {
  const deal = F.trustedDealer({ min, max });
  const ids = Object.keys(deal.secretShares).slice(0, min);
  const nonces = ids.map((id) => F.commit(deal.secretShares[id] as never));
  const commitments = nonces.map((n) => n.commitments);
  const message = new TextEncoder().encode(`bench ${min}-of-${max}`);
  const shares: Record<string, Uint8Array> = {};
  ids.forEach((id, i) => {
    shares[id] = F.signShare(
      deal.secretShares[id] as never,
      deal.public,
      nonces[i]?.nonces as never,
      commitments,
      message,
    );
  });
  return { ids, session: { publicPackage: deal.public, commitments, message, shares } };
}

export async function frostSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const sizes: [number, number][] = opts.quick
    ? [
        [2, 3],
        [10, 15],
      ]
    : [
        [2, 3],
        [10, 15],
        [50, 100],
      ];
  for (const [suite, F] of [
    ['secp256k1', secp256k1_FROST],
    ['secp256k1-tr', schnorr_FROST],
    ['ed25519', ed25519_FROST as unknown as NobleFrost],
  ] as [FrostSuite, NobleFrost][]) {
    const f = await createFrostVerifier({ suite });
    for (const [min, max] of sizes) {
      const { ids, session: s } = session(F, min, max);
      if (!f.verifyShares(s).allValid) throw new Error('frost bench: session does not verify');
      const group = `${suite} ${min}-of-${max} session, all shares`;
      cases.push(await measureCase(group, 'tallyio', () => f.verifyShares(s), 1, opts));
      cases.push(
        await measureCase(
          group,
          'noble verifyShare loop',
          () =>
            ids.every((id) => F.verifyShare(s.publicPackage, s.commitments, s.message, id, s.shares[id] as Uint8Array)),
          1,
          { ...opts, quick: opts.quick || min >= 50 },
        ),
      );
    }
  }
  return cases;
}
