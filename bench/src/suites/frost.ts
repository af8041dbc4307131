// FROST share verification per session (all shares and the aggregate), ours against a loop over @noble/curves'
// verifyShare, for 2-of-3, 10-of-15 and 50-of-100 sessions of each supported suite, and 100 sessions of 10-of-15
// in one call (per session). "first sight" verifiers have no key cache: every verifying share is decoded and
// tabled again, as for a group seen once.
import { ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr_FROST, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { createFrostVerifier, type FrostSuite } from '@tallyio/verifier/frost';
import { type BenchOptions, type CaseResult, measureCase } from '../harness.js';

type NobleFrost = typeof secp256k1_FROST;

function session(F: NobleFrost, min: number, max: number, deal = F.trustedDealer({ min, max }), tag = '') {
  const ids = Object.keys(deal.secretShares).slice(0, min);
  const nonces = ids.map((id) => F.commit(deal.secretShares[id] as never));
  const commitments = nonces.map((n) => n.commitments);
  const message = new TextEncoder().encode(`bench ${min}-of-${max}${tag}`);
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
    const firstSight = await createFrostVerifier({ suite, keyCache: 0 });
    for (const [min, max] of sizes) {
      const { ids, session: s } = session(F, min, max);
      const r = f.verifyShares(s);
      if (!r.allValid || !r.signatureValid) throw new Error('frost bench: session does not verify');
      const group = `${suite} ${min}-of-${max} session, all shares`;
      cases.push(await measureCase(group, 'tallyio', () => f.verifyShares(s), 1, opts));
      if (min === 10)
        cases.push(await measureCase(group, 'tallyio, first sight', () => firstSight.verifyShares(s), 1, opts));
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
      if (min !== 10) continue;
      // 100 sessions of one group in one call (10 in a quick run: signing them with noble is most of its time),
      // per session; noble's loop per session beside.
      const count = opts.quick ? 10 : 100;
      const deal = F.trustedDealer({ min, max });
      const many = Array.from({ length: count }, (_, k) => session(F, min, max, deal, ` #${k}`).session);
      if (!f.verifySessions(many).every((x) => x.allValid && x.signatureValid)) throw new Error('frost bench: batch');
      const batchGroup = `${suite} ${count} sessions of ${min}-of-${max} in one call, per session`;
      cases.push(await measureCase(batchGroup, 'tallyio', () => f.verifySessions(many), count, opts));
      const one = many[0] as typeof s;
      cases.push(
        await measureCase(
          batchGroup,
          'noble verifyShare loop',
          () =>
            Object.keys(one.shares).every((id) =>
              F.verifyShare(one.publicPackage, one.commitments, one.message, id, one.shares[id] as Uint8Array),
            ),
          1,
          { ...opts, quick: true },
        ),
      );
    }
  }
  return cases;
}
