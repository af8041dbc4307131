// FROST sessions made with @noble/curves (trusted dealer and DKG, up to 50-of-100) and corrupted in the ways a
// coordinator meets: a wrong z, a share signed with a nonce other than the committed one, a share of another
// session. Verdicts equal noble's verifyShare; many sessions in one call equal each session alone; malformed
// input gets a reason per signer and never throws; the aggregate signature is checked on its own.
import { ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr, schnorr_FROST, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { createFrostVerifier, type FrostResult, type FrostSession, type FrostSuite } from '../src/frost.js';
import { dealtGroup, type FrostGroup, type NobleFrost, signSession } from './helpers.js';

const NOBLE: Record<FrostSuite, NobleFrost> = {
  secp256k1: secp256k1_FROST,
  'secp256k1-tr': schnorr_FROST,
  ed25519: ed25519_FROST as unknown as NobleFrost,
};
const SUITES = Object.keys(NOBLE) as FrostSuite[];

/** Three rounds of noble's DKG among max participants with identifiers derived from names (big scalars). */
function dkg(F: NobleFrost, min: number, max: number): FrostGroup {
  const ids = Array.from({ length: max }, (_, i) => F.Identifier.derive(`participant ${i}`));
  const r1 = ids.map((id) => F.DKG.round1(id, { min, max }));
  const pubs = r1.map((r) => r.public);
  const others = (i: number) => pubs.filter((_, j) => j !== i);
  const r2 = r1.map((r, i) => F.DKG.round2(r.secret, others(i)));
  const keys = r1.map((r, i) =>
    F.DKG.round3(
      r.secret,
      others(i),
      ids.flatMap((_, j) => (j === i ? [] : [(r2[j] as Record<string, never>)[ids[i] as string] as never])),
    ),
  );
  const secrets: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    secrets[ids[i] as string] = k.secret;
  });
  return { public: (keys[0] as { public: FrostSession['publicPackage'] }).public, secrets };
}

const text = (s: string) => new TextEncoder().encode(s);
const plusOne = (share: Uint8Array, le: boolean) => {
  const b = Uint8Array.from(share);
  // +1 on the low byte, carried; a share of n − 1 would wrap, which random shares never are.
  for (let k = 0; k < 32; k++) {
    const at = le ? k : 31 - k;
    b[at] = ((b[at] as number) + 1) & 0xff;
    if (b[at] !== 0) break;
  }
  return b;
};

/** Our verdicts for the listed identifiers equal noble's verifyShare. */
function expectNobleVerdicts(F: NobleFrost, s: FrostSession, r: FrostResult, ids: readonly string[]) {
  for (const id of ids) {
    expect(r.valid[id], id).toBe(
      F.verifyShare(s.publicPackage as never, s.commitments as never, s.message, id, s.shares[id] as Uint8Array),
    );
  }
}

for (const suite of SUITES) {
  const F = NOBLE[suite];
  const le = suite === 'ed25519';
  describe(`FROST(${suite}) sessions`, () => {
    it('DKG groups with derived identifiers: valid sessions, the aggregate equals noble and verifies', async () => {
      const f = await createFrostVerifier({ suite });
      const g = dkg(F, 3, 5);
      for (let round = 0; round < 3; round++) {
        const { ids, session } = signSession(F, g, 3 + (round % 2), text(`dkg ${round}`));
        const r = f.verifyShares(session);
        expect(r.allValid).toBe(true);
        expect(r.invalid).toEqual([]);
        expect(r.signatureValid).toBe(true);
        const agg = F.aggregate(
          session.publicPackage as never,
          session.commitments as never,
          session.message,
          session.shares,
        );
        expect(Buffer.from(r.signature as Uint8Array).toString('hex')).toBe(Buffer.from(agg).toString('hex'));
        const key = session.publicPackage.commitments[0] as Uint8Array;
        expect(F.verify(agg, session.message, key)).toBe(true);
        if (suite === 'secp256k1-tr')
          expect(schnorr.verify(r.signature as Uint8Array, session.message, key.subarray(1))).toBe(true);
        // One share wrong: named, and the aggregate of the shares no longer verifies.
        const bad = {
          ...session,
          shares: {
            ...session.shares,
            [ids[1] as string]: plusOne(session.shares[ids[1] as string] as Uint8Array, le),
          },
        };
        const rb = f.verifyShares(bad);
        expect(rb.invalid).toEqual([ids[1]]);
        expect(rb.signatureValid).toBe(false);
        expectNobleVerdicts(F, bad, rb, ids);
      }
    });

    it('50-of-100: no, one, several and all shares corrupted (wrong z, wrong nonce, another session)', async () => {
      const f = await createFrostVerifier({ suite, maxSigners: 100 });
      const g = dealtGroup(F, 50, 100);
      const { ids, session } = signSession(F, g, 50, text('fifty of a hundred'));
      const sorted = [...ids].sort();
      expect(f.verifyShares(session).allValid).toBe(true);
      // A share signed with fresh nonces (the signer's list carries their commitment, the coordinator's the
      // published one), and shares of a session on another message.
      const fresh = F.commit(g.secrets[ids[7] as string] as never);
      const wrongNonce = F.signShare(
        g.secrets[ids[7] as string] as never,
        g.public as never,
        fresh.nonces as never,
        session.commitments.map((c) => (c.identifier === ids[7] ? fresh.commitments : c)),
        session.message,
      );
      const other = signSession(F, g, 50, text('another message'), ids, (i) => i % 3 === 0);
      const corrupt = (which: readonly number[]) => {
        const shares = { ...session.shares };
        for (const i of which) {
          const id = ids[i] as string;
          shares[id] =
            i === 7
              ? wrongNonce
              : i % 3 === 0
                ? (other.session.shares[id] as Uint8Array)
                : plusOne(shares[id] as Uint8Array, le);
        }
        return { ...session, shares };
      };
      const several = [0, 7, 11, 23, 48];
      for (const which of [[], [7], several, ids.map((_, i) => i)]) {
        const s = corrupt(which);
        const r = f.verifyShares(s);
        const expected = which.map((i) => ids[i] as string).sort();
        expect(r.invalid).toEqual(expected);
        expect(r.allValid).toBe(which.length === 0);
        for (const id of sorted) expect(r.valid[id]).toBe(!expected.includes(id));
        for (const id of expected) expect(r.reasons[id]).toBe('bad-share');
        // noble on the corrupted shares of "several" and two good ones: the construction's verdicts are noble's.
        if (which === several) expectNobleVerdicts(F, s, r, [...expected, ids[1] as string, ids[49] as string]);
      }
    });

    it('many sessions in one call equal each session alone (mixed groups, sizes, cheaters, a broken one)', async () => {
      const f = await createFrostVerifier({ suite });
      const groups = [dealtGroup(F, 2, 3), dealtGroup(F, 4, 7), dkg(F, 2, 4)];
      const sessions: FrostSession[] = [];
      for (let k = 0; k < 12; k++) {
        const g = groups[k % groups.length] as FrostGroup;
        const t = g === groups[1] ? 4 + (k % 3) : 2;
        const { ids, session } = signSession(F, g, t, text(`batch session ${k}`));
        if (k % 4 === 1) {
          const id = ids[k % ids.length] as string;
          sessions.push({
            ...session,
            shares: { ...session.shares, [id]: plusOne(session.shares[id] as Uint8Array, le) },
          });
        } else sessions.push(session);
      }
      // A session with a malformed binding commitment: refused on its own, the others unaffected.
      const broken = sessions[5] as FrostSession;
      sessions[5] = {
        ...broken,
        commitments: broken.commitments.map((c, i) => (i === 0 ? { ...c, binding: new Uint8Array(5) } : c)),
      };
      const together = f.verifySessions(sessions);
      expect(together.length).toBe(sessions.length);
      sessions.forEach((s, k) => {
        const alone = f.verifyShares(s);
        const r = together[k] as FrostResult;
        expect(r.valid).toEqual(alone.valid);
        expect(r.invalid).toEqual(alone.invalid);
        expect(r.reasons).toEqual(alone.reasons);
        expect(r.signatureValid).toBe(alone.signatureValid);
        expect(r.invalid.length).toBe(k === 5 ? s.commitments.length : k % 4 === 1 ? 1 : 0);
        if (k !== 5) expectNobleVerdicts(F, s, r, Object.keys(s.shares));
      });
      const bytes = (sessions[0] as FrostSession).commitments[0]?.hiding.length;
      expect(Object.values((together[5] as FrostResult).reasons)).toContain(
        `binding commitment has the wrong length (5 bytes, not ${bytes})`,
      );
      // The same call split into sums of at most 8 shares (sessions kept whole): the same verdicts.
      const chunked = await createFrostVerifier({ suite, maxSigners: 8, maxBatch: 8 });
      chunked.verifySessions(sessions).forEach((r, k) => {
        const t = together[k] as FrostResult;
        expect(r.valid).toEqual(t.valid);
        expect(r.reasons).toEqual(t.reasons);
        expect(r.signatureValid).toBe(t.signatureValid);
        expect(r.signature).toEqual(t.signature);
      });
      expect(f.verifySessions([])).toEqual([]);
    });

    it('malformed input gets a reason per signer and never throws', async () => {
      const f = await createFrostVerifier({ suite });
      const { ids, session } = signSession(F, dealtGroup(F, 3, 4), 3, text('malformed'));
      const elementBytes = (session.commitments[0] as FrostSession['commitments'][number]).hiding.length;
      const id0 = ids[0] as string;
      const withCommitment = (patch: Partial<FrostSession['commitments'][number]>) => ({
        ...session,
        commitments: session.commitments.map((c) => (c.identifier === id0 ? { ...c, ...patch } : c)),
      });
      // x ≥ p (secp256k1: 0x02 ‖ ff…ff) or y ≥ p (Ed25519: ff…ff 7f), and the identity's encoding.
      const nonCanonical = new Uint8Array(elementBytes).fill(0xff);
      if (le) nonCanonical[31] = 0x7f;
      else nonCanonical[0] = 0x02;
      const identity = new Uint8Array(elementBytes);
      if (le) identity[0] = 1;
      const cases: [string, FrostSession, string | RegExp][] = [
        ['non-canonical hiding', withCommitment({ hiding: nonCanonical }), 'hiding commitment is invalid'],
        ['identity binding', withCommitment({ binding: identity }), 'binding commitment is invalid'],
        [
          'short hiding',
          withCommitment({ hiding: new Uint8Array(3) }),
          `hiding commitment has the wrong length (3 bytes, not ${elementBytes})`,
        ],
        [
          'unknown identifier',
          withCommitment({ identifier: Buffer.from(F.Identifier.fromNumber(99) as string, 'hex').toString('hex') }),
          /unknown identifier|session has a malformed/,
        ],
        [
          'duplicate identifiers',
          { ...session, commitments: [...session.commitments, session.commitments[0] as never] },
          'frost: duplicate identifiers',
        ],
        ['identifier not hex', withCommitment({ identifier: 'zz' }), /identifier/],
        [
          'verifying share off the curve',
          {
            ...session,
            publicPackage: {
              ...session.publicPackage,
              verifyingShares: { ...session.publicPackage.verifyingShares, [id0]: nonCanonical },
            },
          },
          'verifying share is invalid',
        ],
        [
          'group key malformed',
          { ...session, publicPackage: { ...session.publicPackage, commitments: [nonCanonical] } },
          'frost: group public key is not a point',
        ],
        [
          'group key short',
          { ...session, publicPackage: { ...session.publicPackage, commitments: [nonCanonical.subarray(1)] } },
          `frost: group public key has the wrong length (${elementBytes - 1} bytes, not ${elementBytes})`,
        ],
      ];
      for (const [name, s, reason] of cases) {
        const r = f.verifyShares(s);
        expect(r.allValid, name).toBe(false);
        expect(r.signatureValid, name).toBe(false);
        const culprit = Object.values(r.reasons).find((x) => x !== 'session has a malformed commitment');
        expect(culprit, name).toMatch(reason);
        for (const c of s.commitments) expect(r.valid[c.identifier], name).toBe(false);
      }
      // A bad share spoils only itself (and the aggregate): the other shares are still checked.
      for (const z of [new Uint8Array(31), new Uint8Array(32).fill(0xff), undefined]) {
        const r = f.verifyShares({ ...session, shares: { ...session.shares, [id0]: z as unknown as Uint8Array } });
        expect(r.invalid).toEqual([id0]);
        expect(r.reasons[id0]).toMatch(/signature share/);
        expect(r.signatureValid).toBe(false);
        expect(r.signature).toBeUndefined();
      }
      // Not even a session.
      for (const junk of [null, {}, { commitments: 5 }, { ...session, message: 'hi' }]) {
        expect(() => f.verifyShares(junk as unknown as FrostSession)).not.toThrow();
        expect(f.verifyShares(junk as unknown as FrostSession).signatureValid).toBe(false);
      }
    });
  });
}

describe('FROST aggregate checked apart from the shares', () => {
  it('valid shares under a group key the verifying shares do not sum to: shares valid, signature not', async () => {
    for (const suite of ['secp256k1', 'secp256k1-tr', 'ed25519'] as FrostSuite[]) {
      const F = NOBLE[suite];
      const f = await createFrostVerifier({ suite });
      const g = dealtGroup(F, 2, 3);
      const stranger = dealtGroup(F, 2, 3).public.commitments[0] as Uint8Array;
      const lying = { ...g, public: { ...g.public, commitments: [stranger, ...g.public.commitments.slice(1)] } };
      const { session } = signSession(F, lying, 2, text('lying group key'));
      const r = f.verifyShares(session);
      expect(r.allValid).toBe(true);
      expect(r.signatureValid).toBe(false);
      expect(F.verify(r.signature as Uint8Array, session.message, stranger)).toBe(false);
    }
  });
});
