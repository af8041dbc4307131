// FROST share verification (RFC 9591): the RFC's final vectors (vectors/frost-cfrg) and ZcashFoundation's
// (frost-zf, with 257-signer big-identifier sessions and the secp256k1-tr suite), every share valid and each corrupted
// share pinpointed; and sessions made with @noble/curves' FROST, verdicts equal to its verifyShare.
import { ed25519, ed25519_FROST } from '@noble/curves/ed25519.js';
import { __TEST, schnorr, schnorr_FROST, secp256k1, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { createFrostVerifier, type FrostSession, type FrostSuite } from '../src/frost.js';
import { dealtGroup, hexBytes, type NobleFrost, readVector, signSession } from './helpers.js';

const zf = (dir: string) => [`frost-zf/${dir}/vectors.json`, `frost-zf/${dir}/vectors-big-identifier.json`];
const SUITES = {
  ed25519: {
    files: ['frost-cfrg/frost-ed25519-sha512.json', ...zf('frost-ed25519')],
    frost: ed25519_FROST,
    Point: ed25519.Point,
    le: true,
  },
  secp256k1: {
    files: ['frost-cfrg/frost-secp256k1-sha256.json', ...zf('frost-secp256k1')],
    frost: secp256k1_FROST,
    Point: secp256k1.Point,
    le: false,
  },
  'secp256k1-tr': { files: zf('frost-secp256k1-tr'), frost: schnorr_FROST, Point: secp256k1.Point, le: false },
} as const;

const idHex = (n: number, le: boolean) => {
  const b = new Uint8Array(32);
  for (let k = 0; k < 4; k++) b[le ? k : 31 - k] = (n >>> (8 * k)) & 0xff;
  return Buffer.from(b).toString('hex');
};
/** A share's scalar changed by f, written back in the suite's byte order (noble's scalar field). */
interface ScalarField {
  fromBytes(b: Uint8Array): bigint;
  toBytes(x: bigint): Uint8Array;
  create(x: bigint): bigint;
}
const alterShare = (Fn: ScalarField, share: Uint8Array, f: (z: bigint) => bigint) =>
  Fn.toBytes(Fn.create(f(Fn.fromBytes(share))));
const scalarOf = (h: string, le: boolean) =>
  (le ? [...hexBytes(h)].reverse() : [...hexBytes(h)]).reduce((a, x) => (a << 8n) | BigInt(x), 0n);

for (const suite of ['ed25519', 'secp256k1', 'secp256k1-tr'] as FrostSuite[]) {
  const S = SUITES[suite];
  describe(`FROST(${suite})`, () => {
    it.each(S.files)('vectors %s: all shares valid; each corrupted share pinpointed', async (file) => {
      const v = JSON.parse(readVector(file));
      const f = await createFrostVerifier({ suite });
      const verifyingShares: Record<string, Uint8Array> = {};
      for (const p of v.inputs.participant_shares) {
        verifyingShares[idHex(p.identifier, S.le)] = S.Point.BASE.multiply(
          scalarOf(p.participant_share, S.le),
        ).toBytes();
      }
      const commitments = v.round_one_outputs.outputs.map(
        (o: { identifier: number; hiding_nonce_commitment: string; binding_nonce_commitment: string }) => ({
          identifier: idHex(o.identifier, S.le),
          hiding: hexBytes(o.hiding_nonce_commitment),
          binding: hexBytes(o.binding_nonce_commitment),
        }),
      );
      const shares: Record<string, Uint8Array> = {};
      for (const o of v.round_two_outputs.outputs) shares[idHex(o.identifier, S.le)] = hexBytes(o.sig_share);
      const session: FrostSession = {
        publicPackage: {
          commitments: [hexBytes(v.inputs.group_public_key ?? v.inputs.verifying_key_key)],
          verifyingShares,
        },
        commitments,
        message: hexBytes(v.inputs.message),
        shares,
      };
      const r = f.verifyShares(session);
      expect(r.allValid).toBe(true);
      expect(Object.values(r.valid).every(Boolean)).toBe(true);
      // The aggregate is the vector's signature, and verifies.
      expect(r.signatureValid).toBe(true);
      expect(Buffer.from(r.signature as Uint8Array).toString('hex')).toBe(v.final_output.sig);
      // The raw-byte entry point (the vectors' own layout) gives the same verdicts.
      const raw = f.verifySharesRaw({
        groupPublicKey: session.publicPackage.commitments[0] as Uint8Array,
        message: session.message,
        signers: commitments.map((c: FrostSession['commitments'][number]) => ({
          identifier: hexBytes(c.identifier),
          hidingCommitment: c.hiding,
          bindingCommitment: c.binding,
          verifyingShare: verifyingShares[c.identifier] as Uint8Array,
          signatureShare: shares[c.identifier] as Uint8Array,
        })),
      });
      expect(raw.valid).toEqual(r.valid);
      expect(raw.signature).toEqual(r.signature);
      for (const id of Object.keys(shares)) {
        const bad = Uint8Array.from(shares[id] as Uint8Array);
        bad[S.le ? 0 : 31] = (bad[S.le ? 0 : 31] as number) ^ 1;
        const rr = f.verifyShares({ ...session, shares: { ...shares, [id]: bad } });
        expect(rr.invalid).toEqual([id]);
        expect(rr.reasons[id]).toBe('bad-share');
      }
    });

    it('sessions from noble (trusted dealer, up to 15 signers): verdicts equal noble verifyShare', async () => {
      const f = await createFrostVerifier({ suite });
      for (const [min, max, corrupt] of [
        [2, 3, 0],
        [3, 5, 1],
        [10, 15, 3],
      ] as const) {
        const F = S.frost as unknown as NobleFrost;
        const deal = dealtGroup(F, min, max);
        const message = new TextEncoder().encode(`session ${min}-of-${max}`);
        const { ids, session, commitments, shares } = signSession(F, deal, min, message);
        // corrupt some: z + 1 (a wrong share)
        for (const id of ids.slice(0, corrupt)) {
          shares[id] = alterShare(S.Point.Fn, shares[id] as Uint8Array, (z) => z + 1n);
        }
        const r = f.verifyShares(session);
        for (const id of ids) {
          expect(r.valid[id]).toBe(
            F.verifyShare(deal.public as never, commitments, message, id, shares[id] as Uint8Array),
          );
        }
        expect(r.invalid.length).toBe(corrupt);
      }
    });
  });
}

describe('FROST(secp256k1)-TR: both parities of the group key and of R, tweaked keys, BIP340 output', () => {
  it('every share verdict equals noble; aggregates verify as BIP340 signatures', async () => {
    const f = await createFrostVerifier({ suite: 'secp256k1-tr' });
    const seen = new Set<string>();
    for (let round = 0; round < 24; round++) {
      let deal = schnorr_FROST.trustedDealer({ min: 3, max: 4 });
      if (round % 2 === 1) {
        // The taproot tweak with an empty merkle root, as DKG output carries it.
        const root = new Uint8Array(0);
        const secretShares = Object.fromEntries(
          Object.entries(deal.secretShares).map(([id, s]) => [id, __TEST.frostTweakSecret(s, deal.public, root)]),
        );
        deal = { public: __TEST.frostTweakPublic(deal.public, root), secretShares } as typeof deal;
      }
      const message = new TextEncoder().encode(`taproot session ${round}`);
      const group = { public: deal.public, secrets: deal.secretShares };
      const { ids, session, commitments, shares } = signSession(schnorr_FROST, group, 3, message);
      const good = f.verifyShares(session);
      expect(good.allValid).toBe(true);
      const sig = schnorr_FROST.aggregate(deal.public, commitments, message, shares);
      const key = (deal.public.commitments[0] as Uint8Array).subarray(1);
      expect(schnorr.verify(sig, message, key)).toBe(true);
      // The group key's parity is tracked; R's is each session's coin flip, and every session must pass, so
      // 24 sessions cover both parities of R but with probability 2^-23.
      seen.add(`key ${(deal.public.commitments[0] as Uint8Array)[0] === 3 ? 'odd' : 'even'}`);
      // One share wrong (z + 1), one negated (right only up to sign): both caught, as noble says.
      const bad = { ...shares };
      const Fn = secp256k1.Point.Fn;
      bad[ids[0] as string] = alterShare(Fn, shares[ids[0] as string] as Uint8Array, (z) => z + 1n);
      bad[ids[1] as string] = alterShare(Fn, shares[ids[1] as string] as Uint8Array, (z) => -z);
      const r = f.verifyShares({ publicPackage: deal.public, commitments, message, shares: bad });
      for (const id of ids) {
        expect(r.valid[id]).toBe(
          schnorr_FROST.verifyShare(deal.public, commitments, message, id, bad[id] as Uint8Array),
        );
      }
      expect(r.invalid).toEqual([ids[0], ids[1]].sort());
    }
    expect(seen.has('key odd') && seen.has('key even')).toBe(true);
  });
});
