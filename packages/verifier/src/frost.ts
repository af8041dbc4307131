import { FROST_REASONS, FrostCode, FrostRegion, Session, FrostSuite as Suite } from './generated/spec.js';
import { fillRandom, randomValues } from './random.js';
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
   * Most shares in one weighted sum (default 4096, at least maxSigners): a call with more is verified in several
   * sums, sessions kept whole, so memory stays bounded.
   */
  readonly maxBatch?: number;
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

const SECP_N_BYTES = bytesOf(SECP_N, false);
const ED_L_BYTES = bytesOf(ED_L, false);
const concatBytes = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};
const HEX = /^[0-9a-f]{64}$/;
/** Hex of 64 lowercase digits (checked by HEX) to bytes; no Buffer, so the module runs in browsers too. */
const nibble = (c: number): number => (c <= 57 ? c - 48 : c - 87);
const hexToBytes = (h: string): Uint8Array => {
  const out = new Uint8Array(h.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibble(h.charCodeAt(2 * i)) << 4) | nibble(h.charCodeAt(2 * i + 1));
  return out;
};
/**
 * Identifiers recur (a group signs again and again): their bytes, and the big-endian form for sorting, are kept
 * per hex string and endianness, up to a bound. Internal only: nothing outside this module sees these arrays.
 */
const ID_CACHE_MAX = 1 << 16;
const idCache = new Map<string, { bytes: Uint8Array; be: Uint8Array }>();
function identifierBytes(hex: string, littleEndian: boolean): { bytes: Uint8Array; be: Uint8Array } | undefined {
  const key = littleEndian ? `l${hex}` : hex;
  let hit = idCache.get(key);
  if (hit) return hit;
  if (!HEX.test(hex)) return undefined;
  const bytes = hexToBytes(hex);
  hit = { bytes, be: littleEndian ? Uint8Array.from(bytes).reverse() : bytes };
  if (idCache.size >= ID_CACHE_MAX) idCache.clear();
  idCache.set(key, hit);
  return hit;
}
const toHex = (b: Uint8Array): string => {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
};
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
    const parsed = identifierBytes(hex, littleEndian);
    return { c, hex, bytes: parsed?.bytes, be: parsed?.be };
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
  // Shapes are named here (bytes, length); whether the bytes are a point is the kernel's answer ("is invalid",
  // "is not a point").
  const shape = (b: unknown, what: string): string | undefined =>
    !(b instanceof Uint8Array)
      ? `${what} is not bytes`
      : b.length !== elementBytes
        ? `${what} has the wrong length (${b.length} bytes, not ${elementBytes})`
        : undefined;
  const keyShape = shape(key, 'frost: group public key');
  if (keyShape !== undefined) return { ...sorted, fatal: keyShape };
  if (!(session.message instanceof Uint8Array)) return { ...sorted, fatal: 'frost: message is not bytes' };
  entries.forEach((e, i) => {
    const y = pp.verifyingShares?.[e.hex];
    const z = session.shares?.[e.hex];
    const broken =
      shape(e.c.hiding, 'hiding commitment') ??
      shape(e.c.binding, 'binding commitment') ??
      (y === undefined ? 'unknown identifier (no verifying share)' : shape(y, 'verifying share'));
    if (broken !== undefined) sorted.broken.set(i, broken);
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

const SUITE_CODE: Record<FrostSuite, number> = {
  secp256k1: Suite.SECP256K1,
  'secp256k1-tr': Suite.SECP256K1_TR,
  ed25519: Suite.ED25519,
};

/** What the suite fixes for the kernel: element and record sizes, the scalar order, the signature's form. */
interface SuiteShape {
  readonly ed: boolean;
  /** The aggregate is a BIP340 signature: x(R) ‖ z. */
  readonly taproot: boolean;
  readonly elementBytes: number;
  readonly order: bigint;
  /** Bytes per signer in the LIST region: id ‖ D ‖ E. */
  readonly listStride: number;
  /** Bytes per signer in the YZ region: verifying share ‖ signature share. */
  readonly yzStride: number;
}

function suiteShape(suite: FrostSuite): SuiteShape {
  const ed = suite === 'ed25519';
  const elementBytes = ed ? 32 : 33;
  return {
    ed,
    taproot: suite === 'secp256k1-tr',
    elementBytes,
    order: ed ? ED_L : SECP_N,
    listStride: 32 + 2 * elementBytes,
    yzStride: elementBytes + 32,
  };
}

/**
 * A module instance set up for one suite: its context string in memory, and the FROST regions sized for the
 * largest call so far (they only grow). Its bytes() view follows the memory when it grows.
 */
class FrostKernel {
  readonly x: VerifierExports;
  readonly shape: SuiteShape;
  readonly #suite: number;
  /** Where the context string is, and its length. */
  readonly #staging: number;
  readonly #ctxLength: number;
  #view: Uint8Array;
  #shareCap = 0;
  #sessionCap = 0;
  #messageCap = 0;

  constructor(x: VerifierExports, suite: FrostSuite) {
    this.x = x;
    this.shape = suiteShape(suite);
    this.#suite = SUITE_CODE[suite];
    const ctx = new TextEncoder().encode(CONTEXT[suite]);
    this.#staging = x.alloc(ctx.length);
    this.#ctxLength = ctx.length;
    this.#view = new Uint8Array(x.memory.buffer);
    this.bytes().set(ctx, this.#staging);
  }

  bytes(): Uint8Array {
    if (this.#view.buffer !== this.x.memory.buffer) this.#view = new Uint8Array(this.x.memory.buffer);
    return this.#view;
  }

  /** Sizes the regions for a call of that many shares, sessions and message bytes (they only grow). */
  reserve(shares: number, sessions: number, messageBytes: number): void {
    if (shares <= this.#shareCap && sessions <= this.#sessionCap && messageBytes <= this.#messageCap) return;
    this.#shareCap = Math.max(this.#shareCap, shares);
    this.#sessionCap = Math.max(this.#sessionCap, sessions);
    this.#messageCap = Math.max(this.#messageCap, messageBytes);
    this.x.reserveFrost(
      this.#suite,
      this.#staging,
      this.#ctxLength,
      this.#shareCap,
      this.#sessionCap,
      this.#messageCap,
    );
  }

  /**
   * Verifies the sessions laid out, with fresh random weights. The status codes: each share's, then each
   * session's aggregate.
   */
  verify(sessions: number, shares: number): Uint8Array {
    const count = shares + sessions;
    const rand = this.x.layoutRand();
    fillRandom(this.bytes().subarray(rand, rand + 16 * count + 16));
    this.x.verifyFrost(sessions, shares);
    const status = this.x.layoutStatus();
    return this.bytes().subarray(status, status + count);
  }
}

/** The suite's base table, and its key cache of `cache` slots unless that is 0. */
function initCurve(x: VerifierExports, ed: boolean, cache: number): void {
  const seed = randomValues(new Uint32Array(1))[0] as number;
  if (ed) {
    x.ed25519_initBase();
    if (cache > 0) x.ed25519_keyCacheInit(cache, seed);
  } else {
    x.secp256k1_initBase();
    if (cache > 0) x.secp256k1_keyCacheInit(cache, seed);
  }
}

/**
 * Writes the sessions into the kernel's regions: per session its record (group key; where its message and its
 * shares are) and its message, and its signers from the session's first share on.
 */
function layOutSessions(kernel: FrostKernel, runs: readonly Parsed[]): void {
  const { x, shape } = kernel;
  const list = x.frostRegions(FrostRegion.LIST);
  const yz = x.frostRegions(FrostRegion.YZ);
  const recs = x.frostRegions(FrostRegion.SESSIONS);
  const msgs = x.frostRegions(FrostRegion.MESSAGES);
  const mem = kernel.bytes();
  const dv = new DataView(mem.buffer);
  let first = 0;
  let msgAt = 0;
  runs.forEach((p, s) => {
    const rec = recs + Session.SIZE * s;
    const { session } = p;
    mem.set(session.publicPackage.commitments[0] as Uint8Array, rec + Session.GROUP_KEY);
    mem.set(session.message, msgs + msgAt);
    dv.setUint32(rec + Session.MSG_AT, msgAt, true);
    dv.setUint32(rec + Session.MSG_LENGTH, session.message.length, true);
    dv.setUint32(rec + Session.FIRST, first, true);
    dv.setUint32(rec + Session.SHARES, p.ids.length, true);
    msgAt += session.message.length;
    writeSigners(mem, shape, p, list + shape.listStride * first, yz + shape.yzStride * first);
    first += p.ids.length;
  });
}

/** A session's signers, in identifier order: id ‖ D ‖ E from list on, verifying share ‖ share from yz on. */
function writeSigners(mem: Uint8Array, shape: SuiteShape, p: Parsed, list: number, yz: number): void {
  const { session } = p;
  const { elementBytes } = shape;
  const byId = new Map(session.commitments.map((c) => [c.identifier, c]));
  p.ids.forEach((id, i) => {
    const c = byId.get(id) as FrostSession['commitments'][number];
    const e = list + shape.listStride * i;
    mem.set(p.idBytes[i] as Uint8Array, e);
    mem.set(c.hiding, e + 32);
    mem.set(c.binding, e + 32 + elementBytes);
    const k = yz + shape.yzStride * i;
    mem.set(session.publicPackage.verifyingShares[id] as Uint8Array, k);
    // A missing share becomes 2^256 − 1, which the kernel refuses as not below n; its reason is ours.
    if (p.badShare.has(i)) mem.fill(0xff, k + elementBytes, k + elementBytes + 32);
    else mem.set(session.shares[id] as Uint8Array, k + elementBytes);
  });
}

/** Each session's result, from the kernel's status codes and the aggregates in the session records. */
function readResults(
  kernel: FrostKernel,
  runs: readonly Parsed[],
  codes: Uint8Array,
  shareCount: number,
): FrostResult[] {
  const out = kernel.bytes();
  const recs = kernel.x.frostRegions(FrostRegion.SESSIONS);
  let first = 0;
  return runs.map((p, s) => {
    const aggregate = codes[shareCount + s] as number;
    const signature = aggregateSignature(out, recs + Session.SIZE * s, aggregate, kernel.shape);
    const result = sessionResult(p, codes, first, aggregate, signature);
    first += p.ids.length;
    return result;
  });
}

/**
 * A session's aggregate signature from its record, when the kernel formed one (every commitment and share
 * well-formed): R as the suite encodes it (x only in the taproot suite), then z.
 */
function aggregateSignature(
  out: Uint8Array,
  rec: number,
  aggregate: number,
  shape: SuiteShape,
): Uint8Array | undefined {
  if (aggregate !== FrostCode.VALID && aggregate !== FrostCode.INVALID) return undefined;
  if (shape.ed) {
    return concatBytes(
      out.subarray(rec + Session.R, rec + Session.R + 32),
      out.subarray(rec + Session.Z, rec + Session.Z + 32),
    );
  }
  return out.slice(shape.taproot ? rec + Session.R + 1 : rec + Session.R, rec + Session.Z + 32);
}

/** A checked session's result: its signers' codes (from `first` on, in identifier order) and its aggregate's. */
function sessionResult(
  p: Parsed,
  codes: Uint8Array,
  first: number,
  aggregate: number,
  signature: Uint8Array | undefined,
): FrostResult {
  const valid: Record<Identifier, boolean> = {};
  const reasons: Record<Identifier, string | undefined> = {};
  const invalid: Identifier[] = [];
  p.ids.forEach((id, i) => {
    const code = codes[first + i] as number;
    valid[id] = code === FrostCode.VALID;
    if (code !== FrostCode.VALID) {
      invalid.push(id);
      reasons[id] = p.badShare.get(i) ?? FROST_REASONS[code] ?? `code ${code}`;
    }
  });
  return {
    allValid: invalid.length === 0,
    valid,
    invalid,
    reasons,
    ...(signature ? { signature } : {}),
    signatureValid: aggregate === FrostCode.VALID,
  };
}

/** Lays out sessions the kernel can check (no fatal or broken entries), runs it once, reads their results. */
function runKernel(kernel: FrostKernel, runs: readonly Parsed[]): FrostResult[] {
  let shareCount = 0;
  let messageBytes = 0;
  for (const p of runs) {
    shareCount += p.ids.length;
    messageBytes += p.session.message.length;
  }
  kernel.reserve(shareCount, runs.length, messageBytes);
  layOutSessions(kernel, runs);
  const codes = kernel.verify(runs.length, shareCount);
  return readResults(kernel, runs, codes, shareCount);
}

/** The result of a session the kernel cannot check (fatal, or a malformed commitment or verifying share). */
function uncheckable(p: Parsed): FrostResult | undefined {
  if (p.fatal !== undefined) return refused(p, () => p.fatal as string);
  if (p.broken.size > 0) return refused(p, (i) => p.broken.get(i) ?? 'session has a malformed commitment');
  return undefined;
}

/** Most signers in a session, and most shares in one call of the kernel. */
interface Limits {
  readonly maxSigners: number;
  readonly maxBatch: number;
}

/**
 * Every session's result, in order. Checkable sessions go to the kernel in chunks of at most maxBatch shares
 * (a session is never split), so memory stays bounded however many sessions one call brings.
 */
function verifySessions(kernel: FrostKernel, limits: Limits, sessions: readonly FrostSession[]): FrostResult[] {
  const { order, ed, elementBytes } = kernel.shape;
  const parsed = (Array.isArray(sessions) ? sessions : []).map((s) =>
    parse(s, order, ed, elementBytes, limits.maxSigners),
  );
  const results: FrostResult[] = new Array(parsed.length);
  let chunk: number[] = [];
  let chunkShares = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    const runs = chunk.map((k) => parsed[k] as Parsed);
    const done = runKernel(kernel, runs);
    chunk.forEach((k, j) => {
      results[k] = done[j] as FrostResult;
    });
    chunk = [];
    chunkShares = 0;
  };
  parsed.forEach((p, k) => {
    const refusal = uncheckable(p);
    if (refusal) results[k] = refusal;
    else {
      if (chunkShares + p.ids.length > limits.maxBatch) flush();
      chunk.push(k);
      chunkShares += p.ids.length;
    }
  });
  flush();
  return results;
}

/**
 * One WebAssembly call per batch of sessions: the kernel hashes, decodes, computes R, c and the λ_i, and checks
 * every share and aggregate in one weighted sum with bisection.
 */
async function kernelVerifier(options: FrostVerifierOptions, maxSigners: number): Promise<FrostVerifier> {
  const x: VerifierExports = await instantiateVerifierModule();
  const maxBatch = Math.max(maxSigners, Number.isInteger(options.maxBatch) ? (options.maxBatch as number) : 4096);
  const kernel = new FrostKernel(x, options.suite);
  kernel.reserve(maxSigners, 1, 4096);
  initCurve(x, kernel.shape.ed, options.keyCache ?? 1024);
  const limits: Limits = { maxSigners, maxBatch };
  return {
    suite: options.suite,
    verifySessions: (sessions) => verifySessions(kernel, limits, sessions),
    verifyShares: (session) => verifySessions(kernel, limits, [session])[0] as FrostResult,
    verifySharesRaw: (raw) => verifySessions(kernel, limits, [fromRaw(raw)])[0] as FrostResult,
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
  return kernelVerifier(options, maxSigners);
}
