import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1, secp256k1_hasher } from '@noble/curves/secp256k1.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { loadTables, type Tables } from '@tallyio/tables';

/**
 * Ciphersuites verified here: RFC 9591's FROST(Ed25519, SHA-512) and FROST(secp256k1, SHA-256), and
 * FROST(secp256k1, SHA-256)-TR, whose group signatures are BIP340 signatures (taproot).
 */
export type FrostSuite = 'ed25519' | 'secp256k1' | 'secp256k1-tr';

/** Identifiers as @noble/curves' FROST writes them: hex of the serialized scalar. */
export type Identifier = string;

/** One signing session, in the shapes of @noble/curves' FROST (FrostPublic, NonceCommitments[], share map). */
export interface FrostSession {
  readonly publicPackage: {
    readonly commitments: readonly Uint8Array[];
    readonly verifyingShares: Readonly<Record<Identifier, Uint8Array>>;
  };
  readonly commitments: readonly { identifier: Identifier; hiding: Uint8Array; binding: Uint8Array }[];
  readonly message: Uint8Array;
  readonly shares: Readonly<Record<Identifier, Uint8Array>>;
}

export interface FrostResult {
  readonly allValid: boolean;
  readonly valid: Record<Identifier, boolean>;
  /** The cheaters, in commitment-list order. */
  readonly invalid: Identifier[];
  readonly reasons: Record<Identifier, string | undefined>;
}

interface SuiteMath {
  readonly context: string;
  readonly order: bigint;
  readonly littleEndian: boolean;
  hashToScalar(msg: Uint8Array, dst: string): bigint;
  hash(msg: Uint8Array): Uint8Array;
  /** BIP340 flavour: even-Y group key, x-only tagged challenge, commitment shares follow R's parity. */
  readonly taproot?: boolean;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
const bytesOf = (x: bigint, littleEndian: boolean): Uint8Array => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[littleEndian ? i : 31 - i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
};
const bigOf = (b: Uint8Array, littleEndian: boolean): bigint =>
  (littleEndian ? [...b].reverse() : [...b]).reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
const hexToBytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

const SUITES: Record<FrostSuite, SuiteMath> = {
  // FROST(Ed25519, SHA-512): H1, H3 = SHA-512(context ‖ tag ‖ m) mod l, H2 undecorated (RFC 8032's challenge).
  ed25519: {
    context: 'FROST-ED25519-SHA512-v1',
    order: ed25519.Point.Fn.ORDER,
    littleEndian: true,
    hashToScalar: (msg, dst) => mod(bigOf(sha512(concat(utf8(dst), msg)), true), ed25519.Point.Fn.ORDER),
    hash: sha512,
  },
  // FROST(secp256k1, SHA-256): hash_to_field with expand_message_xmd (RFC 9380).
  secp256k1: {
    context: 'FROST-secp256k1-SHA256-v1',
    order: secp256k1.Point.Fn.ORDER,
    littleEndian: false,
    hashToScalar: (msg, dst) => secp256k1_hasher.hashToScalar(msg, { DST: dst }),
    hash: sha256,
  },
  // The taproot variant (as frost-secp256k1-tr and @noble/curves' schnorr_FROST): same hashes, its own context,
  // and the challenge of BIP340: int(tagged_hash("BIP0340/challenge", x(R) ‖ x(PK) ‖ m)) mod n.
  'secp256k1-tr': {
    context: 'FROST-secp256k1-SHA256-TR-v1',
    order: secp256k1.Point.Fn.ORDER,
    littleEndian: false,
    hashToScalar: (msg, dst) => secp256k1_hasher.hashToScalar(msg, { DST: dst }),
    hash: sha256,
    taproot: true,
  },
};

const CHALLENGE_TAG = sha256(new TextEncoder().encode('BIP0340/challenge'));
const bip340Challenge = (rx: Uint8Array, px: Uint8Array, msg: Uint8Array): bigint =>
  mod(bigOf(sha256(concat(CHALLENGE_TAG, CHALLENGE_TAG, rx, px, msg)), false), secp256k1.Point.Fn.ORDER);

export interface FrostVerifier {
  readonly suite: FrostSuite;
  /** Verifies every share of a session with one multi-scalar multiplication; pinpoints the cheaters. */
  verifyShares(session: FrostSession): FrostResult;
}

/**
 * A FROST share verifier (RFC 9591 §5.4): for all shares of a session at once, with random 128-bit weights w_i,
 * Σ w_i·(z_i·G − D_i − ρ_i·E_i − (c·λ_i)·Y_i) = 0 in one multi-scalar multiplication; on failure each share's
 * own equation, reusing ρ_i, c and λ_i, names the cheaters. In the taproot suite the terms carry the signs the
 * signers applied: ±(D_i + ρ_i·E_i) by the parity of R, ±Y_i by the parity of the group key.
 */
export async function createFrostVerifier(options: { suite: FrostSuite; maxSigners?: number }): Promise<FrostVerifier> {
  const S = SUITES[options.suite];
  if (!S) throw new Error(`createFrostVerifier: unsupported suite ${String(options.suite)}`);
  const maxSigners = options.maxSigners ?? 256;
  const T: Tables = await loadTables({ maxPoints: 3 * maxSigners + 1, keyCacheCapacity: 0 });
  const secp = options.suite !== 'ed25519';
  const C = secp ? T.secp256k1 : T.ed25519;
  const pointBytes = C.pointBytes;
  const pts = C.allocPoints(3 * maxSigners);
  const scs = C.allocScalars(3 * maxSigners);
  const g = C.allocScalars();
  const out = C.allocPoints(2);
  const aff = C.allocPoints();
  const q = S.order;
  const scalar = (x: bigint) => bytesOf(mod(x, q), S.littleEndian);

  /** Decodes an element per the suite (SEC1 compressed; Ed25519 canonical, prime order, not the identity). */
  const decodeAt = (h: number, bytes: Uint8Array): string | undefined => {
    if (!(bytes instanceof Uint8Array)) return 'not bytes';
    if (secp) {
      if (bytes.length !== 33) return `has ${bytes.length} bytes, expected 33`;
      return T.secp256k1.decodeCompressedInto(h, bytes) === 0 ? undefined : 'not a point';
    }
    if (bytes.length !== 32) return `has ${bytes.length} bytes, expected 32`;
    if (T.ed25519.decodeInto(h, bytes, 'strict') !== 0) return 'not a canonical point';
    if (T.ed25519.isIdentityAt(h) || !T.ed25519.isTorsionFreeAt(h)) return 'not in the prime-order subgroup';
    return undefined;
  };
  const encodeResult = (): Uint8Array | undefined => {
    if (secp) return T.secp256k1.toAffineInto(aff, out) ? T.secp256k1.encodeCompressed(aff) : undefined;
    return T.ed25519.isIdentityAt(out) ? undefined : T.ed25519.encode(out);
  };
  const isZero = (): boolean => (secp ? !T.secp256k1.toAffineInto(aff, out) : T.ed25519.isIdentityAt(out));
  /** out = gScalar·G + Σ terms (points by index in the pts region, scalars alongside). */
  const combine = (gScalar: bigint, n: number) => {
    C.loadScalarInto(g, scalar(gScalar));
    C.linearCombinationInto(out, gScalar === 0n ? 0 : g, pts, scs, n);
  };

  function verifyShares(session: FrostSession): FrostResult {
    const valid: Record<Identifier, boolean> = {};
    const reasons: Record<Identifier, string | undefined> = {};
    // Identifiers parsed once, commitments sorted by them (RFC 9591 orders the list by identifier).
    const sorted = session.commitments
      .map((c) => ({ c, id: bigOf(hexToBytes(c.identifier), S.littleEndian) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const list = sorted.map((e) => e.c);
    const ids = sorted.map((e) => e.id);
    const t = list.length;
    const fail = (reason: string): FrostResult => {
      for (const c of list) {
        valid[c.identifier] = false;
        reasons[c.identifier] = reason;
      }
      return { allValid: false, valid, invalid: list.map((c) => c.identifier), reasons };
    };
    if (t === 0) return { allValid: true, valid, invalid: [], reasons };
    if (t > maxSigners) return fail(`frost: more than ${maxSigners} signers`);
    if (new Set(list.map((c) => c.identifier)).size !== t) return fail('frost: duplicate identifiers');
    if (ids.some((x) => x === 0n || x >= q)) return fail('frost: an identifier is not a non-zero scalar');
    const givenKey = session.publicPackage.commitments[0];
    // The group key only needs checking (it enters the hashes as bytes); the points region holds D_i, E_i, Y_i.
    if (!givenKey || decodeAt(out, givenKey) !== undefined) return fail('frost: group public key is not a point');
    // Taproot: an odd-Y group key is negated, and with it every verifying share (sY = −1).
    const keyOdd = S.taproot === true && givenKey[0] === 0x03;
    const groupKey = keyOdd ? Uint8Array.of(0x02, ...givenKey.subarray(1)) : givenKey;
    const bad = new Map<Identifier, string>();
    list.forEach((c, i) => {
      const share = session.shares[c.identifier];
      const key = session.publicPackage.verifyingShares[c.identifier];
      const why =
        (decodeAt(pts + pointBytes * i, c.hiding) && 'hiding commitment is invalid') ||
        (decodeAt(pts + pointBytes * (t + i), c.binding) && 'binding commitment is invalid') ||
        (key === undefined ? 'unknown identifier (no verifying share)' : undefined) ||
        (key && decodeAt(pts + pointBytes * (2 * t + i), key) && 'verifying share is invalid') ||
        (!(share instanceof Uint8Array) || share.length !== 32
          ? 'signature share is missing or not 32 bytes'
          : undefined) ||
        (share && bigOf(share, S.littleEndian) >= q ? 'signature share is not below the group order' : undefined);
      if (why) bad.set(c.identifier, why);
    });
    if (bad.size > 0) {
      // Binding factors and the group commitment need every commitment: a malformed one spoils the session.
      for (const c of list) {
        valid[c.identifier] = false;
        reasons[c.identifier] = bad.get(c.identifier) ?? 'session has a malformed commitment';
      }
      return { allValid: false, valid, invalid: list.map((c) => c.identifier), reasons };
    }
    // Binding factors ρ_i = H1(PK ‖ H4(msg) ‖ H5(encoded commitment list) ‖ id_i).
    const encodedList = concat(...list.flatMap((c, i) => [scalar(ids[i] as bigint), c.hiding, c.binding]));
    const prefix = concat(
      groupKey,
      S.hash(concat(utf8(`${S.context}msg`), session.message)),
      S.hash(concat(utf8(`${S.context}com`), encodedList)),
    );
    const rho = ids.map((id) => S.hashToScalar(concat(prefix, scalar(id)), `${S.context}rho`));
    // R = Σ D_i + ρ_i·E_i (terms 0..2t−1 of the region as they stand).
    for (let i = 0; i < t; i++) {
      C.loadScalarInto(scs + 36 * i, scalar(1n));
      C.loadScalarInto(scs + 36 * (t + i), scalar(rho[i] as bigint));
    }
    C.linearCombinationInto(out, 0, pts, scs, 2 * t);
    const R = encodeResult();
    if (!R) return fail('frost: the group commitment is the identity');
    const c = S.taproot
      ? bip340Challenge(R.subarray(1), groupKey.subarray(1), session.message)
      : S.hashToScalar(concat(R, groupKey, session.message), options.suite === 'ed25519' ? '' : `${S.context}chal`);
    // Taproot signers negate their nonces when R has odd Y, and their key shares when the group key does.
    const sR = S.taproot && R[0] === 0x03 ? -1n : 1n;
    const sY = keyOdd ? -1n : 1n;
    // λ_i = Π_{j≠i} x_j / (x_j − x_i), all denominators inverted together.
    const den = ids.map((xi) => ids.reduce((acc, xj) => (xj === xi ? acc : mod(acc * (xj - xi), q)), 1n));
    const num = ids.map((xi) => ids.reduce((acc, xj) => (xj === xi ? acc : mod(acc * xj, q)), 1n));
    const field = secp ? T.fields.secp256k1N : T.fields.ed25519L;
    const inverses = field.batchInv(den.map((d) => scalar(d)));
    if (!inverses.ok) return fail(`frost: ${inverses.reason}`);
    const lambda = num.map((n, i) => mod(n * bigOf(inverses.value[i] as Uint8Array, S.littleEndian), q));
    const z = list.map((cm) => bigOf(session.shares[cm.identifier] as Uint8Array, S.littleEndian));
    // All shares at once: Σ w_i·(z_i·G − D_i − ρ_i·E_i − c·λ_i·Y_i), w_0 = 1, others 128-bit random.
    const random = crypto.getRandomValues(new Uint8Array(16 * t));
    const w = ids.map((_, i) => (i === 0 ? 1n : bigOf(random.subarray(16 * i, 16 * i + 16), false) || 1n));
    let gSum = 0n;
    for (let i = 0; i < t; i++) {
      const wi = w[i] as bigint;
      gSum += wi * (z[i] as bigint);
      C.loadScalarInto(scs + 36 * i, scalar(-wi * sR));
      C.loadScalarInto(scs + 36 * (t + i), scalar(-wi * sR * (rho[i] as bigint)));
      C.loadScalarInto(scs + 36 * (2 * t + i), scalar(-wi * sY * c * (lambda[i] as bigint)));
    }
    combine(mod(gSum, q), 3 * t);
    if (isZero()) {
      for (const cm of list) valid[cm.identifier] = true;
      return { allValid: true, valid, invalid: [], reasons };
    }
    // Each share alone: z_i·G − D_i − ρ_i·E_i − c·λ_i·Y_i, its three points moved to the front.
    const invalid: Identifier[] = [];
    const snapshot = T.fields.memory.bytes.slice(pts, pts + pointBytes * 3 * t);
    list.forEach((cm, i) => {
      const mem = T.fields.memory.bytes;
      mem.set(snapshot.subarray(pointBytes * i, pointBytes * (i + 1)), pts);
      mem.set(snapshot.subarray(pointBytes * (t + i), pointBytes * (t + i + 1)), pts + pointBytes);
      mem.set(snapshot.subarray(pointBytes * (2 * t + i), pointBytes * (2 * t + i + 1)), pts + 2 * pointBytes);
      C.loadScalarInto(scs, scalar(-sR));
      C.loadScalarInto(scs + 36, scalar(-sR * (rho[i] as bigint)));
      C.loadScalarInto(scs + 72, scalar(-sY * c * (lambda[i] as bigint)));
      combine(z[i] as bigint, 3);
      const ok = isZero();
      valid[cm.identifier] = ok;
      if (!ok) {
        invalid.push(cm.identifier);
        reasons[cm.identifier] = 'bad-share';
      }
    });
    return { allValid: invalid.length === 0, valid, invalid, reasons };
  }

  return { suite: options.suite, verifyShares };
}
