import { sha512 } from '@noble/hashes/sha2.js';
import { loadTables, type Tables } from '@tallyio/tables';
import { instantiateVerifierModule, type VerifierExports } from './wasm.js';

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

/**
 * One signing session as raw bytes, in the layout of the RFC 9591 vectors: serialized identifiers (scalars),
 * elements and scalars of the suite.
 */
export interface RawFrostSession {
  readonly groupPublicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signers: readonly {
    readonly identifier: Uint8Array;
    readonly hidingCommitment: Uint8Array;
    readonly bindingCommitment: Uint8Array;
    readonly verifyingShare: Uint8Array;
    readonly signatureShare: Uint8Array;
  }[];
}

export interface FrostResult {
  readonly allValid: boolean;
  readonly valid: Record<Identifier, boolean>;
  /** The cheaters, in identifier order. */
  readonly invalid: Identifier[];
  readonly reasons: Record<Identifier, string | undefined>;
  /**
   * The aggregate signature (R ‖ z; x(R) ‖ z in the taproot suite, a BIP340 signature), present when every
   * commitment and share is well-formed.
   */
  readonly signature?: Uint8Array;
  /** Whether that aggregate verifies under the group key. */
  readonly signatureValid: boolean;
}

export interface FrostVerifier {
  readonly suite: FrostSuite;
  /** Verifies every share of a session and its aggregate; pinpoints the cheaters. */
  verifyShares(session: FrostSession): FrostResult;
  /** The same for many sessions at once: one weighted sum over all of their shares. */
  verifySessions(sessions: readonly FrostSession[]): FrostResult[];
  /** A session given as raw bytes (RFC 9591 vector layout); identifiers in the result are their hex. */
  verifySharesRaw(session: RawFrostSession): FrostResult;
}

export interface FrostVerifierOptions {
  readonly suite: FrostSuite;
  /** Most signers in one session (default 256). */
  readonly maxSigners?: number;
  /**
   * Key-cache slots for verifying shares and group keys that recur across calls (default 1024, 0 to disable):
   * a recurring group's keys are decoded and tabled once. secp256k1 suites only.
   */
  readonly keyCache?: number;
}

const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const ED_L = 2n ** 252n + 27742317777372353535851937790883648493n;
const CONTEXT: Record<FrostSuite, string> = {
  ed25519: 'FROST-ED25519-SHA512-v1',
  secp256k1: 'FROST-secp256k1-SHA256-v1',
  'secp256k1-tr': 'FROST-secp256k1-SHA256-TR-v1',
};

function bytesOf(x: bigint, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[littleEndian ? i : 31 - i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
}
const bigOf = (b: Uint8Array, littleEndian: boolean): bigint => {
  let acc = 0n;
  for (let i = 0; i < b.length; i++) acc = (acc << 8n) | BigInt(b[littleEndian ? b.length - 1 - i : i] as number);
  return acc;
};
const SECP_N_BYTES = bytesOf(SECP_N, false);
const ED_L_BYTES = bytesOf(ED_L, false);
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
const HEX = /^[0-9a-f]{64}$/;
const hexToBytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** Big-endian comparison of equal-length byte strings. */
const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
};

/** A session after the structural checks: signers sorted by identifier, or a verdict for all of them. */
interface Parsed {
  readonly session: FrostSession;
  /** Sorted by identifier (as RFC 9591 orders the commitment list). */
  readonly ids: Identifier[];
  /** Identifier scalars' serializations. */
  readonly idBytes: Uint8Array[];
  /** A reason for every signer when the session cannot be checked at all. */
  readonly fatal?: string;
  /** Per signer: a reason its commitment or verifying share is malformed (spoils the session), by index. */
  readonly broken: Map<number, string>;
  /** Per signer: a reason its share is malformed (only that share), by index. */
  readonly badShare: Map<number, string>;
}

/**
 * Structural checks shared by the suites: identifiers (hex of a non-zero scalar below the order, distinct),
 * element and scalar lengths, a verifying share for every signer. Values are checked by the kernels.
 */
function parse(
  session: FrostSession,
  order: bigint,
  littleEndian: boolean,
  elementBytes: number,
  maxSigners: number,
): Parsed {
  const list = Array.isArray(session?.commitments) ? session.commitments : [];
  const entries = list.map((c) => {
    const hex = typeof c?.identifier === 'string' ? c.identifier : '';
    const bytes = HEX.test(hex) ? hexToBytes(hex) : undefined;
    const be = bytes && littleEndian ? Uint8Array.from(bytes).reverse() : bytes;
    return { c, hex, bytes, be };
  });
  const ids = entries.map((e) => e.hex);
  const base = { session, ids, idBytes: [] as Uint8Array[], broken: new Map(), badShare: new Map() };
  const whole = (fatal: string): Parsed => ({ ...base, fatal });
  if (!session || typeof session !== 'object' || !Array.isArray(session.commitments)) {
    return whole('frost: session has no commitment list');
  }
  if (entries.length === 0) return whole('frost: no signers');
  if (entries.length > maxSigners) return whole(`frost: more than ${maxSigners} signers`);
  const orderBytes = order === SECP_N ? SECP_N_BYTES : ED_L_BYTES;
  for (const e of entries) {
    if (!e.be) return whole('frost: an identifier is not 64 lowercase hex digits');
    if (e.be.every((x) => x === 0) || compareBytes(e.be, orderBytes) >= 0) {
      return whole('frost: an identifier is not a non-zero scalar');
    }
  }
  entries.sort((a, b) => compareBytes(a.be as Uint8Array, b.be as Uint8Array));
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(entries[i - 1]?.be as Uint8Array, entries[i]?.be as Uint8Array) === 0) {
      return whole('frost: duplicate identifiers');
    }
  }
  const sorted = { ...base, ids: entries.map((e) => e.hex), idBytes: entries.map((e) => e.bytes as Uint8Array) };
  const pp = session.publicPackage;
  const key = pp?.commitments?.[0];
  if (!(key instanceof Uint8Array) || key.length !== elementBytes) {
    return { ...sorted, fatal: 'frost: group public key is not a point' };
  }
  if (!(session.message instanceof Uint8Array)) return { ...sorted, fatal: 'frost: message is not bytes' };
  const element = (b: unknown) => b instanceof Uint8Array && b.length === elementBytes;
  entries.forEach((e, i) => {
    const y = pp.verifyingShares?.[e.hex];
    const z = session.shares?.[e.hex];
    if (!element(e.c.hiding)) sorted.broken.set(i, 'hiding commitment is invalid');
    else if (!element(e.c.binding)) sorted.broken.set(i, 'binding commitment is invalid');
    else if (y === undefined) sorted.broken.set(i, 'unknown identifier (no verifying share)');
    else if (!element(y)) sorted.broken.set(i, 'verifying share is invalid');
    if (!(z instanceof Uint8Array) || z.length !== 32)
      sorted.badShare.set(i, 'signature share is missing or not 32 bytes');
  });
  return sorted;
}

/** The result for a session whose every signer gets the same (or its own) reason. */
function refused(p: Parsed, reasonOf: (i: number) => string): FrostResult {
  const valid: Record<Identifier, boolean> = {};
  const reasons: Record<Identifier, string | undefined> = {};
  p.ids.forEach((id, i) => {
    valid[id] = false;
    reasons[id] = reasonOf(i);
  });
  return { allValid: p.ids.length === 0, valid, invalid: [...p.ids], reasons, signatureValid: false };
}

/** A raw session in the shapes of @noble/curves' FROST (identifiers become their hex). */
function fromRaw(raw: RawFrostSession): FrostSession {
  const verifyingShares: Record<Identifier, Uint8Array> = {};
  const shares: Record<Identifier, Uint8Array> = {};
  const commitments = (Array.isArray(raw?.signers) ? raw.signers : []).map((s) => {
    const identifier = s?.identifier instanceof Uint8Array ? toHex(s.identifier) : '';
    verifyingShares[identifier] = s?.verifyingShare;
    shares[identifier] = s?.signatureShare;
    return { identifier, hiding: s?.hidingCommitment, binding: s?.bindingCommitment };
  });
  return {
    publicPackage: { commitments: [raw?.groupPublicKey], verifyingShares },
    commitments,
    message: raw?.message,
    shares,
  };
}

/** Codes of the secp256k1 kernel (assembly/frost.ts). */
const SECP_REASONS: readonly string[] = [
  '',
  'bad-share',
  'hiding commitment is invalid',
  'binding commitment is invalid',
  'verifying share is invalid',
  'signature share is not below the group order',
  'session has a malformed commitment',
  'frost: the group commitment is the identity',
  'frost: group public key is not a point',
  'frost: a signature share is malformed',
];
const LIST_STRIDE = 98;
const YZ_STRIDE = 65;
const SESSION_STRIDE = 120;

/**
 * FROST(secp256k1) and FROST(secp256k1)-TR in one WebAssembly call per batch of sessions: the kernel hashes,
 * decodes, computes R, c and the λ_i, and checks every share and aggregate in one weighted sum with bisection.
 */
async function secpVerifier(options: FrostVerifierOptions, maxSigners: number): Promise<FrostVerifier> {
  const x: VerifierExports = await instantiateVerifierModule();
  const ctx = new TextEncoder().encode(CONTEXT[options.suite]);
  const staging = x.alloc(ctx.length);
  let view = new Uint8Array(x.memory.buffer);
  const bytes = () => {
    if (view.buffer !== x.memory.buffer) view = new Uint8Array(x.memory.buffer);
    return view;
  };
  bytes().set(ctx, staging);
  const taproot = options.suite === 'secp256k1-tr' ? 1 : 0;
  let shareCap = 0;
  let sessionCap = 0;
  let messageCap = 0;
  /** Sizes the kernel's regions for a call (they only grow). */
  const grow = (shares: number, sessions: number, messageBytes: number) => {
    if (shares <= shareCap && sessions <= sessionCap && messageBytes <= messageCap) return;
    shareCap = Math.max(shareCap, shares);
    sessionCap = Math.max(sessionCap, sessions);
    messageCap = Math.max(messageCap, messageBytes);
    x.reserveFrost(staging, ctx.length, taproot, shareCap, sessionCap, messageCap);
  };
  grow(maxSigners, 1, 4096);
  x.secp256k1_initBase();
  const cache = options.keyCache ?? 1024;
  if (cache > 0) x.secp256k1_keyCacheInit(cache, crypto.getRandomValues(new Uint32Array(1))[0] as number);

  function verifySessions(sessions: readonly FrostSession[]): FrostResult[] {
    const parsed = sessions.map((s) => parse(s, SECP_N, false, 33, maxSigners));
    // Sessions the kernel can check (no fatal or broken entries), laid out in its regions.
    const runs = parsed.filter((p) => p.fatal === undefined && p.broken.size === 0);
    let shareCount = 0;
    let messageBytes = 0;
    for (const p of runs) {
      shareCount += p.ids.length;
      messageBytes += p.session.message.length;
    }
    grow(shareCount, runs.length, messageBytes);
    const list = x.frostRegions(0);
    const yz = x.frostRegions(1);
    const recs = x.frostRegions(2);
    const msgs = x.frostRegions(3);
    const mem = bytes();
    const dv = new DataView(mem.buffer);
    let first = 0;
    let msgAt = 0;
    runs.forEach((p, s) => {
      const rec = recs + SESSION_STRIDE * s;
      const { session } = p;
      mem.set(session.publicPackage.commitments[0] as Uint8Array, rec);
      mem.set(session.message, msgs + msgAt);
      dv.setUint32(rec + 36, msgAt, true);
      dv.setUint32(rec + 40, session.message.length, true);
      dv.setUint32(rec + 44, first, true);
      dv.setUint32(rec + 48, p.ids.length, true);
      msgAt += session.message.length;
      const byId = new Map(session.commitments.map((c) => [c.identifier, c]));
      p.ids.forEach((id, i) => {
        const g = first + i;
        const c = byId.get(id) as FrostSession['commitments'][number];
        const e = list + LIST_STRIDE * g;
        mem.set(p.idBytes[i] as Uint8Array, e);
        mem.set(c.hiding, e + 32);
        mem.set(c.binding, e + 65);
        const k = yz + YZ_STRIDE * g;
        mem.set(session.publicPackage.verifyingShares[id] as Uint8Array, k);
        // A missing share becomes 2^256 − 1, which the kernel refuses as not below n; its reason is ours.
        if (p.badShare.has(i)) mem.fill(0xff, k + 33, k + 65);
        else mem.set(session.shares[id] as Uint8Array, k + 33);
      });
      first += p.ids.length;
    });
    const count = shareCount + runs.length;
    if (runs.length > 0) {
      const rand = x.layoutRand();
      const random = mem.subarray(rand, rand + 16 * count + 16);
      for (let at = 0; at < random.length; at += 65536) crypto.getRandomValues(random.subarray(at, at + 65536));
      x.verifyFrost(runs.length, shareCount);
    }
    const codes = bytes().subarray(x.layoutStatus(), x.layoutStatus() + count);
    const out = bytes();
    let run = 0;
    first = 0;
    return parsed.map((p) => {
      if (p.fatal !== undefined) return refused(p, () => p.fatal as string);
      if (p.broken.size > 0) return refused(p, (i) => p.broken.get(i) ?? 'session has a malformed commitment');
      const s = run++;
      const valid: Record<Identifier, boolean> = {};
      const reasons: Record<Identifier, string | undefined> = {};
      const invalid: Identifier[] = [];
      p.ids.forEach((id, i) => {
        const code = codes[first + i] as number;
        valid[id] = code === 0;
        if (code !== 0) {
          invalid.push(id);
          reasons[id] = p.badShare.get(i) ?? SECP_REASONS[code] ?? `code ${code}`;
        }
      });
      first += p.ids.length;
      const aggregate = codes[shareCount + s] as number;
      const rec = recs + SESSION_STRIDE * s;
      const formed = aggregate === 0 || aggregate === 1;
      const signature = !formed ? undefined : taproot ? out.slice(rec + 53, rec + 117) : out.slice(rec + 52, rec + 117);
      return {
        allValid: invalid.length === 0,
        valid,
        invalid,
        reasons,
        ...(signature ? { signature } : {}),
        signatureValid: aggregate === 0,
      };
    });
  }

  return {
    suite: options.suite,
    verifySessions,
    verifyShares: (session) => verifySessions([session])[0] as FrostResult,
    verifySharesRaw: (raw) => verifySessions([fromRaw(raw)])[0] as FrostResult,
  };
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

/**
 * FROST(Ed25519, SHA-512): session math in TypeScript, one weighted MSM per session (3t points + B), each share's
 * own equation to name cheaters, and the aggregate z·B = R + c·PK.
 */
async function ed25519Verifier(maxSigners: number): Promise<FrostVerifier> {
  const T: Tables = await loadTables({ maxPoints: 3 * maxSigners + 2, keyCacheCapacity: 0 });
  const C = T.ed25519;
  const pointBytes = C.pointBytes;
  const pts = C.allocPoints(3 * maxSigners + 1);
  const scs = C.allocScalars(3 * maxSigners + 1);
  const g = C.allocScalars();
  const out = C.allocPoints(2);
  const q = ED_L;
  const context = CONTEXT.ed25519;
  const scalar = (v: bigint) => bytesOf(mod(v, q), true);
  const hashToScalar = (msg: Uint8Array, tag: string) => mod(bigOf(sha512(concat(utf8(tag), msg)), true), q);

  /** Decodes a canonical element of the prime-order subgroup, not the identity. */
  const decodeAt = (h: number, bytes: Uint8Array): boolean =>
    C.decodeInto(h, bytes, 'strict') === 0 && !C.isIdentityAt(h) && C.isTorsionFreeAt(h);
  /** out = gScalar·B + Σ terms. */
  const combine = (gScalar: bigint, n: number) => {
    C.loadScalarInto(g, scalar(gScalar));
    C.linearCombinationInto(out, gScalar === 0n ? 0 : g, pts, scs, n);
  };

  function verifyShares(session: FrostSession): FrostResult {
    const p = parse(session, q, true, 32, maxSigners);
    if (p.fatal !== undefined) return refused(p, () => p.fatal as string);
    if (p.broken.size > 0) return refused(p, (i) => p.broken.get(i) ?? 'session has a malformed commitment');
    const t = p.ids.length;
    const groupKey = session.publicPackage.commitments[0] as Uint8Array;
    if (!decodeAt(pts + pointBytes * 3 * t, groupKey))
      return refused(p, () => 'frost: group public key is not a point');
    const byId = new Map(session.commitments.map((c) => [c.identifier, c]));
    const list = p.ids.map((id) => byId.get(id) as FrostSession['commitments'][number]);
    const broken = new Map<number, string>();
    list.forEach((c, i) => {
      const key = session.publicPackage.verifyingShares[c.identifier] as Uint8Array;
      const why =
        (!decodeAt(pts + pointBytes * i, c.hiding) && 'hiding commitment is invalid') ||
        (!decodeAt(pts + pointBytes * (t + i), c.binding) && 'binding commitment is invalid') ||
        (!decodeAt(pts + pointBytes * (2 * t + i), key) && 'verifying share is invalid') ||
        undefined;
      if (why) broken.set(i, why);
    });
    if (broken.size > 0) return refused(p, (i) => broken.get(i) ?? 'session has a malformed commitment');
    const ids = p.idBytes.map((b) => bigOf(b, true));
    const z = list.map((c, i) => (p.badShare.has(i) ? -1n : bigOf(session.shares[c.identifier] as Uint8Array, true)));
    // Binding factors ρ_i = H1(PK ‖ H4(msg) ‖ H5(encoded commitment list) ‖ id_i).
    const encodedList = concat(...list.flatMap((c, i) => [p.idBytes[i] as Uint8Array, c.hiding, c.binding]));
    const prefix = concat(
      groupKey,
      sha512(concat(utf8(`${context}msg`), session.message)),
      sha512(concat(utf8(`${context}com`), encodedList)),
    );
    const rho = p.idBytes.map((id) => hashToScalar(concat(prefix, id), `${context}rho`));
    // R = Σ D_i + ρ_i·E_i
    for (let i = 0; i < t; i++) {
      C.loadScalarInto(scs + 36 * i, scalar(1n));
      C.loadScalarInto(scs + 36 * (t + i), scalar(rho[i] as bigint));
    }
    C.linearCombinationInto(out, 0, pts, scs, 2 * t);
    if (C.isIdentityAt(out)) return refused(p, () => 'frost: the group commitment is the identity');
    const R = C.encode(out);
    const c = hashToScalar(concat(R, groupKey, session.message), '');
    // λ_i = Π_{j≠i} x_j / (x_j − x_i), all denominators inverted together.
    const den = ids.map((xi) => ids.reduce((acc, xj) => (xj === xi ? acc : mod(acc * (xj - xi), q)), 1n));
    const num = ids.map((xi) => ids.reduce((acc, xj) => (xj === xi ? acc : mod(acc * xj, q)), 1n));
    const inverses = T.fields.ed25519L.batchInv(den.map((d) => scalar(d)));
    if (!inverses.ok) return refused(p, () => `frost: ${inverses.reason}`);
    const lambda = num.map((n, i) => mod(n * bigOf(inverses.value[i] as Uint8Array, true), q));
    const wellFormed = z.map((zi) => zi >= 0n && zi < q);
    // All well-formed shares at once: Σ w_i·(z_i·B − D_i − ρ_i·E_i − c·λ_i·Y_i), w_0 = 1, others 128-bit.
    const random = crypto.getRandomValues(new Uint8Array(16 * t));
    const w = ids.map((_, i) =>
      !wellFormed[i] ? 0n : i === 0 ? 1n : bigOf(random.subarray(16 * i, 16 * i + 16), false) || 1n,
    );
    let gSum = 0n;
    for (let i = 0; i < t; i++) {
      const wi = w[i] as bigint;
      if (wi !== 0n) gSum += wi * (z[i] as bigint);
      C.loadScalarInto(scs + 36 * i, scalar(-wi));
      C.loadScalarInto(scs + 36 * (t + i), scalar(-wi * (rho[i] as bigint)));
      C.loadScalarInto(scs + 36 * (2 * t + i), scalar(-wi * c * (lambda[i] as bigint)));
    }
    combine(mod(gSum, q), 3 * t);
    const allGood = C.isIdentityAt(out);
    const valid: Record<Identifier, boolean> = {};
    const reasons: Record<Identifier, string | undefined> = {};
    const invalid: Identifier[] = [];
    // Each share alone when the sum fails: its three points moved to the front.
    const snapshot = allGood ? undefined : T.fields.memory.bytes.slice(pts, pts + pointBytes * (3 * t + 1));
    list.forEach((cm, i) => {
      let ok = wellFormed[i] as boolean;
      if (ok && snapshot) {
        const mem = T.fields.memory.bytes;
        mem.set(snapshot.subarray(pointBytes * i, pointBytes * (i + 1)), pts);
        mem.set(snapshot.subarray(pointBytes * (t + i), pointBytes * (t + i + 1)), pts + pointBytes);
        mem.set(snapshot.subarray(pointBytes * (2 * t + i), pointBytes * (2 * t + i + 1)), pts + 2 * pointBytes);
        C.loadScalarInto(scs, scalar(-1n));
        C.loadScalarInto(scs + 36, scalar(-(rho[i] as bigint)));
        C.loadScalarInto(scs + 72, scalar(-c * (lambda[i] as bigint)));
        combine(z[i] as bigint, 3);
        ok = C.isIdentityAt(out);
      }
      valid[cm.identifier] = ok;
      if (!ok) {
        invalid.push(cm.identifier);
        reasons[cm.identifier] =
          p.badShare.get(i) ?? (wellFormed[i] ? 'bad-share' : 'signature share is not below the group order');
      }
    });
    if (!wellFormed.every(Boolean)) return { allValid: false, valid, invalid, reasons, signatureValid: false };
    // The aggregate (R, z = Σ z_i): z·B − R − c·PK = 0.
    const zSum = mod(
      z.reduce((a, b) => a + b, 0n),
      q,
    );
    if (snapshot) T.fields.memory.bytes.set(snapshot.subarray(pointBytes * 3 * t), pts + pointBytes * 3 * t);
    C.decodeInto(pts, R, 'strict');
    T.fields.memory.bytes.copyWithin(pts + pointBytes, pts + pointBytes * 3 * t, pts + pointBytes * (3 * t + 1));
    C.loadScalarInto(scs, scalar(-1n));
    C.loadScalarInto(scs + 36, scalar(-c));
    combine(zSum, 2);
    return {
      allValid: invalid.length === 0,
      valid,
      invalid,
      reasons,
      signature: concat(R, bytesOf(zSum, true)),
      signatureValid: C.isIdentityAt(out),
    };
  }

  return {
    suite: 'ed25519',
    verifyShares,
    verifySessions: (sessions) => sessions.map(verifyShares),
    verifySharesRaw: (raw) => verifyShares(fromRaw(raw)),
  };
}

/**
 * A FROST share verifier (RFC 9591 §5.4): for all shares at once, with random 128-bit weights w_i,
 * Σ w_i·(z_i·G − D_i − ρ_i·E_i − (c·λ_i)·Y_i) = 0 in one multi-scalar multiplication; on failure the cheaters
 * are named. In the taproot suite the terms carry the signs the signers applied: ±(D_i + ρ_i·E_i) by the parity
 * of R, ±Y_i by the parity of the group key.
 */
export async function createFrostVerifier(options: FrostVerifierOptions): Promise<FrostVerifier> {
  const suite = options?.suite;
  if (!suite || !(suite in CONTEXT)) throw new Error(`createFrostVerifier: unsupported suite ${String(suite)}`);
  const maxSigners = options.maxSigners ?? 256;
  if (!Number.isInteger(maxSigners) || maxSigners < 1) throw new Error('createFrostVerifier: maxSigners must be ≥ 1');
  return suite === 'ed25519' ? ed25519Verifier(maxSigners) : secpVerifier(options, maxSigners);
}
