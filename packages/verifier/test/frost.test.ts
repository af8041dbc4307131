// FROST share verification (RFC 9591): the RFC's final vectors (../shared/vectors/frost-cfrg, from
// cfrg/draft-irtf-cfrg-frost poc) for FROST(Ed25519, SHA-512) and FROST(secp256k1, SHA-256), every share valid and
// each corrupted share pinpointed; and sessions made with @noble/curves' FROST, verdicts equal to its verifyShare.
import { ed25519, ed25519_FROST } from '@noble/curves/ed25519.js';
import { secp256k1, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { createFrostVerifier, type FrostSession, type FrostSuite } from '../src/frost.js';
import { hexBytes, readVector } from './helpers.js';

const SUITES = {
  ed25519: { file: 'frost-cfrg/frost-ed25519-sha512.json', frost: ed25519_FROST, Point: ed25519.Point, le: true },
  secp256k1: {
    file: 'frost-cfrg/frost-secp256k1-sha256.json',
    frost: secp256k1_FROST,
    Point: secp256k1.Point,
    le: false,
  },
} as const;

const idHex = (n: number, le: boolean) => {
  const b = new Uint8Array(32);
  b[le ? 0 : 31] = n;
  return Buffer.from(b).toString('hex');
};
const scalarOf = (h: string, le: boolean) =>
  (le ? [...hexBytes(h)].reverse() : [...hexBytes(h)]).reduce((a, x) => (a << 8n) | BigInt(x), 0n);

for (const suite of ['ed25519', 'secp256k1'] as FrostSuite[]) {
  const S = SUITES[suite];
  describe(`FROST(${suite})`, () => {
    it('RFC 9591 vectors: all shares valid; each corrupted share pinpointed', async () => {
      const v = JSON.parse(readVector(S.file));
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
        publicPackage: { commitments: [hexBytes(v.inputs.group_public_key)], verifyingShares },
        commitments,
        message: hexBytes(v.inputs.message),
        shares,
      };
      const r = f.verifyShares(session);
      expect(r.allValid).toBe(true);
      expect(Object.values(r.valid).every(Boolean)).toBe(true);
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
        const deal = S.frost.trustedDealer({ min, max });
        const ids = Object.keys(deal.secretShares).slice(0, min);
        const nonces = ids.map((id) => S.frost.commit(deal.secretShares[id] as never));
        const commitments = nonces.map((n) => n.commitments);
        const message = new TextEncoder().encode(`session ${min}-of-${max}`);
        const shares: Record<string, Uint8Array> = {};
        ids.forEach((id, i) => {
          shares[id] = S.frost.signShare(
            deal.secretShares[id] as never,
            deal.public,
            nonces[i]?.nonces as never,
            commitments,
            message,
          );
        });
        // corrupt some: z + 1 (a wrong share)
        const q = S.Point.Fn.ORDER;
        for (const id of ids.slice(0, corrupt)) {
          const z = (scalarOf(Buffer.from(shares[id] as Uint8Array).toString('hex'), S.le) + 1n) % q;
          const b = new Uint8Array(32);
          for (let k = 0; k < 32; k++) b[S.le ? k : 31 - k] = Number((z >> BigInt(8 * k)) & 0xffn);
          shares[id] = b;
        }
        const r = f.verifyShares({ publicPackage: deal.public, commitments, message, shares });
        for (const id of ids) {
          expect(r.valid[id]).toBe(
            S.frost.verifyShare(deal.public, commitments, message, id, shares[id] as Uint8Array),
          );
        }
        expect(r.invalid.length).toBe(corrupt);
      }
    });
  });
}
