// FROST signature shares (RFC 9591) of many signing sessions, and each session's aggregate signature, in one
// weighted sum: FROST(Ed25519, SHA-512), FROST(secp256k1, SHA-256) and its taproot variant (frost-secp256k1-tr,
// noble's schnorr_FROST). What differs between the suites is in frost_suites.ts.
//
// Per session: binding factors ρ_i = H1(PK ‖ H4(m) ‖ H5(commitment list) ‖ id_i), the group commitment
// R = Σ D_i + Σ ρ_i·E_i, the challenge c, Lagrange coefficients λ_i (one batch inversion). Each share i then
// owes z_i·G − s_R·(D_i + ρ_i·E_i) − s_Y·c·λ_i·Y_i = 0 and the session's aggregate (R, z = Σ z_i) owes
// z·G − s_R·R − s_Y·c·PK = 0, where s_R, s_Y are the taproot suite's parity signs (+1 otherwise).
// All of these equations, across sessions, go through the batch engine: random 128-bit weights, verifying
// shares (Y_i) and group keys merged across sessions and served from the key cache, and bisection that reuses
// the terms to name every bad share.

import { KeyTag } from "@tallyio/tables/assembly/generated/spec";
import { FE } from "@tallyio/tables/assembly/secp256k1/point";
import { runBatch, SchemeOps, valid } from "./engine";
// biome-ignore lint/style/useImportType: AssemblyScript has no type-only imports
import { ED25519, PK_ENC, R_ENC, R_POINT, SECP256K1, Suite, setContext, taproot } from "./frost_suites";
import { FrostCode, FrostRegion, FrostSuite, Session } from "./generated/spec";
import {
  weights as A,
  keyPoints as K,
  keyFactors as K3,
  nonces as P1,
  slots as SLOTS,
  baseFactors as Z,
} from "./items";
import { reserveLayout, setLayout } from "./layout";
import { BASE_SCALAR, beginRange, finishSum, freshPts, freshScs, keyScalar, reserveItems, strausFits } from "./merge";

let S: Suite = SECP256K1;
/** Commitment list entry, RFC 9591's encoding: id (32) ‖ D ‖ E; then Y_i ‖ z_i per signer. */
let listStride: usize = 0;
let yzStride: usize = 0;
let keyBytes: usize = 0; // encoding ‖ cache tag
let maxItems: i32 = 0;
let maxSessions: i32 = 0;
let frostList: usize = 0;
let frostYZ: usize = 0;
let frostSessions: usize = 0;
let frostMessages: usize = 0;
let frostMessageBytes: usize = 0;

// Per item (shares first, then one aggregate per session). Under this file's names, items.ts's regions hold
// P1 (coefficient a_i: −s_R·D_i, or −s_R·R for an aggregate), the key point K (Y_i or PK) and its cache slot
// (SLOTS), K3 (the key's coefficient: −s_Y·c·λ_i, or −s_Y·c), z_i (Z) and a_i (A).
let P2: usize = 0; // coefficient a_i·ρ_i: −s_R·E_i (shares only)
let RHO: usize = 0;
let KEYS: usize = 0; // key encoding ‖ tag, for merging and the cache
let PREP: usize = 0; // u8 code per item
let SESSION_OF: usize = 0; // i32 per share: its session
let ETAB: usize = 0; // per share (suites with prebuilt tables): the Straus tables of E_i
let DTAB: usize = 0; // and of −s_R·D_i, built when a Straus sum first needs them
let etabItems: i32 = 0;
let DBUILT: usize = 0; // u8 per share: its D table is built
let ENEG: usize = 0; // u8 per share: P2 holds −E_i (the tables are E_i's)
let TPTR: usize = 0; // u32 per term: table addresses of the tabled terms of a sum
let TSCS: usize = 0; // their scalars
let FOLD: usize = 0; // u8 per session: its aggregate's R is summed as its shares' D_i + ρ_i·E_i in this range
let shareCount: i32 = 0;
// Per session scratch
let X: usize = 0; // identifiers
let INV: usize = 0;
let INV_SCRATCH: usize = 0;

const C: usize = memory.data(36);
const T: usize = memory.data(36);
const U: usize = memory.data(36);
const PROD: usize = memory.data(36);
const SUM: usize = memory.data(144);

/**
 * Sets the suite (0 secp256k1, 1 secp256k1-tr, 2 Ed25519; context string at ctx) and sizes every region for up
 * to `shares` shares, `sessions` sessions and `messageBytes` bytes of messages. Call again to grow.
 */
export function reserveFrost(
  suite: i32,
  ctx: usize,
  ctxLength: i32,
  shares: i32,
  sessions: i32,
  messageBytes: i32,
): void {
  S = suite == FrostSuite.ED25519 ? ED25519 : SECP256K1;
  setContext(ctx, <usize>ctxLength, suite == FrostSuite.SECP256K1_TR);
  listStride = 32 + 2 * S.elementBytes;
  yzStride = S.elementBytes + 32;
  keyBytes = S.elementBytes + 1;
  if (<usize>messageBytes > frostMessageBytes) {
    frostMessages = heap.alloc(<usize>messageBytes);
    frostMessageBytes = <usize>messageBytes;
  }
  if (sessions > maxSessions) {
    frostSessions = heap.alloc(<usize>sessions * Session.SIZE);
    FOLD = heap.alloc(<usize>sessions);
    maxSessions = sessions;
  }
  const all = shares + sessions;
  if (S.tableBytes != 0 && all > etabItems) {
    ETAB = heap.alloc(<usize>all * S.tableBytes);
    DTAB = heap.alloc(<usize>all * S.tableBytes);
    DBUILT = heap.alloc(<usize>all);
    etabItems = all;
  }
  if (all <= maxItems) return;
  const n = <usize>all;
  const pb = S.pointBytes;
  reserveLayout(all);
  // Up to three fresh terms per item: a share's D_i and E_i (an aggregate's R), and its key.
  reserveItems(all, S, 3);
  frostList = heap.alloc(n * listStride);
  frostYZ = heap.alloc(n * yzStride);
  P2 = heap.alloc(n * pb);
  RHO = heap.alloc(n * FE);
  KEYS = heap.alloc(n * keyBytes);
  PREP = heap.alloc(n);
  SESSION_OF = heap.alloc(4 * n);
  ENEG = heap.alloc(n);
  TPTR = heap.alloc(2 * 4 * n); // up to two tabled terms per share
  TSCS = heap.alloc(2 * n * FE);
  X = heap.alloc(n * FE);
  INV = heap.alloc(2 * n * FE);
  INV_SCRATCH = heap.alloc(2 * n * FE);
  maxItems = all;
}

function setOne(a: usize): void {
  memory.fill(a, 0, FE);
  store<u32>(a, 1);
}

/** Marks every item of session s (its shares and its aggregate) with code, except where a culprit's own is. */
function spoil(s: i32, first: i32, t: i32, code: u8): void {
  for (let i = 0; i < t; i++) {
    const at = PREP + <usize>(first + i);
    if (load<u8>(at) == FrostCode.VALID) store<u8>(at, code);
  }
  store<u8>(PREP + <usize>(shareCount + s), code);
}

/** Decodes key (an element) into item g's key point through the cache; false when it is not a valid element. */
function decodeKey(g: usize, key: usize): bool {
  const tagged = KEYS + keyBytes * g;
  const len = <i32>keyBytes;
  memory.copy(tagged, key, S.elementBytes);
  store<u8>(tagged + S.elementBytes, KeyTag.FROST);
  const point = K + S.pointBytes * g;
  let slot = S.keyFind(tagged, len, point);
  if (slot < 0) {
    if (!S.decodeElement(point, key)) return false;
    slot = S.keyAdmit(tagged, len, point);
  }
  store<i32>(SLOTS + 4 * g, slot);
  return true;
}

/** Decodes, hashes and sets up the equations of session s. */
function prepareSession(s: i32): void {
  const rec = frostSessions + Session.SIZE * <usize>s;
  const msg = frostMessages + <usize>load<u32>(rec + Session.MSG_AT);
  const msgLen = <usize>load<u32>(rec + Session.MSG_LENGTH);
  const first = <i32>load<u32>(rec + Session.FIRST);
  const t = <i32>load<u32>(rec + Session.SHARES);
  const eb = S.elementBytes;
  const pb = S.pointBytes;
  const agg = shareCount + s;
  store<u8>(PREP + <usize>agg, FrostCode.VALID);
  for (let i = 0; i < t; i++) {
    store<u8>(PREP + <usize>(first + i), FrostCode.VALID);
    store<i32>(SESSION_OF + 4 * <usize>(first + i), s);
    if (S.tableBytes != 0) store<u8>(DBUILT + <usize>(first + i), 0);
  }
  // The group key: through the cache (the aggregate's key term); the taproot hashes take its even-Y form.
  if (!decodeKey(<usize>agg, rec)) {
    spoil(s, first, t, FrostCode.GROUP_KEY_NOT_A_POINT);
    return;
  }
  const keyOdd = taproot && load<u8>(rec) == 3;
  memory.copy(PK_ENC, rec, eb);
  if (keyOdd) store<u8>(PK_ENC, 2);
  // Commitments, verifying shares (through the cache), signature shares.
  let broken = false;
  let zBad = false;
  for (let i = 0; i < t; i++) {
    const g = <usize>(first + i);
    const entry = frostList + listStride * g;
    const yz = frostYZ + yzStride * g;
    let code: u8 = FrostCode.VALID;
    const commitments = S.decodePair(P1 + pb * g, entry + 32, P2 + pb * g, entry + 32 + eb);
    if (!(commitments & 1)) code = FrostCode.HIDING_NOT_A_POINT;
    else if (!(commitments & 2)) code = FrostCode.BINDING_NOT_A_POINT;
    else if (!decodeKey(g, yz)) code = FrostCode.SHARE_KEY_NOT_A_POINT;
    if (code != FrostCode.VALID) {
      store<u8>(PREP + g, code);
      broken = true;
      continue;
    }
    if (!S.sFromBytes(Z + FE * g, yz + eb)) {
      store<u8>(PREP + g, FrostCode.Z_NOT_BELOW_ORDER);
      zBad = true;
    }
    S.sFromBytes(X + FE * <usize>i, entry);
  }
  if (broken) {
    spoil(s, first, t, FrostCode.SESSION_SPOILED);
    return;
  }
  // ρ_i = H1(PK ‖ H4(m) ‖ H5(commitment list) ‖ id_i)
  S.prefixHashes(msg, msgLen, frostList + listStride * <usize>first, listStride * <usize>t);
  for (let i = 0; i < t; i++) {
    const g = <usize>(first + i);
    S.rho(RHO + FE * g, frostList + listStride * g);
  }
  // R = Σ D_i + Σ ρ_i·E_i, keeping the E_i's tables for the weighted sum where the suite can.
  if (S.tableBytes != 0) {
    const tables = ETAB + S.tableBytes * <usize>first;
    for (let i = 0; i < t; i++) store<u32>(TPTR + 4 * <usize>i, <u32>(tables + S.tableBytes * <usize>i));
    S.buildTables(TPTR, P2 + pb * <usize>first, t);
    S.addTabled(TPTR, RHO + FE * <usize>first, t);
    S.straus(SUM, 0, 0, 0, 0, 0, 0, 0);
  } else S.straus(SUM, P2 + pb * <usize>first, RHO + FE * <usize>first, t, 0, 0, 0, 0);
  for (let i = 0; i < t; i++) S.addToSum(SUM, P1 + pb * <usize>(first + i));
  if (!S.finishR(SUM)) {
    spoil(s, first, t, FrostCode.R_IS_IDENTITY);
    return;
  }
  memory.copy(rec + Session.R, R_ENC, eb);
  S.challenge(C, msg, msgLen);
  const rOdd = taproot && S.rOdd();
  // −s_Y·c, the key coefficient before λ_i.
  if (keyOdd) memory.copy(U, C, FE);
  else S.sNeg(U, C);
  // λ_i = Π_{j≠i} x_j / (x_j − x_i): the denominators and the x_i inverted together.
  setOne(PROD);
  for (let i = 0; i < t; i++) {
    const xi = X + FE * <usize>i;
    S.sMul(PROD, PROD, xi);
    const den = INV + FE * <usize>i;
    setOne(den);
    for (let j = 0; j < t; j++) {
      if (j == i) continue;
      S.sSub(T, X + FE * <usize>j, xi);
      S.sMul(den, den, T);
    }
    memory.copy(INV + FE * <usize>(t + i), xi, FE);
  }
  S.sBatchInv(INV, INV, 2 * t, INV_SCRATCH);
  // Shares: P1 = −s_R·D_i, P2 = −s_R·E_i (so their coefficients are a_i and a_i·ρ_i), K3 = −s_Y·c·λ_i.
  const z = BASE_SCALAR; // scratch until the sums
  memory.fill(z, 0, FE);
  for (let i = 0; i < t; i++) {
    const g = <usize>(first + i);
    if (!rOdd) {
      S.negate(P1 + pb * g);
      S.negate(P2 + pb * g);
    }
    store<u8>(ENEG + g, rOdd ? 0 : 1);
    S.sMul(T, PROD, INV + FE * <usize>(t + i));
    S.sMul(T, T, INV + FE * <usize>i);
    S.sMul(K3 + FE * g, U, T);
    if (!zBad) S.sAdd(z, z, Z + FE * g);
  }
  // The aggregate: P1 = −s_R·R, key PK with −s_Y·c, z = Σ z_i.
  const ag = <usize>agg;
  memory.copy(P1 + pb * ag, R_POINT, pb);
  if (!rOdd) S.negate(P1 + pb * ag);
  memory.copy(K3 + FE * ag, U, FE);
  memory.copy(Z + FE * ag, z, FE);
  S.sToBytes(rec + Session.Z, z);
  if (zBad) store<u8>(PREP + ag, FrostCode.SHARES_MALFORMED);
}

function prepare(i: i32): u8 {
  return load<u8>(PREP + <usize>i);
}

/**
 * out = Σ over valid[lo..hi) of a_i·(item i's equation), keys merged. An aggregate whose shares are all in the
 * range adds its weight to theirs instead of a term for R (R = Σ D_i + ρ_i·E_i exactly, as computed): one
 * point fewer per session in the sum. (A valid aggregate implies all its shares were well-formed.)
 */
function rangeSum(lo: i32, hi: i32, out: usize, seed: u32): void {
  const pb = S.pointBytes;
  const count = hi - lo;
  const items = valid + 4 * <usize>lo;
  const unique = beginRange(lo, hi, seed, S.elementBytes);
  const firstItem = load<i32>(items);
  const lastItem = load<i32>(items + 4 * <usize>(count - 1));
  // Shares come first in the item order, then aggregates.
  let shares = 0;
  for (; shares < count; shares++) {
    const i = load<i32>(items + 4 * <usize>shares);
    if (i >= shareCount) break;
    store<u8>(FOLD + <usize>load<i32>(SESSION_OF + 4 * <usize>i), 0);
  }
  let kept = 0; // aggregates that bring R as a point
  for (let k = shares; k < count; k++) {
    const i = load<i32>(items + 4 * <usize>k);
    const rec = frostSessions + Session.SIZE * <usize>(i - shareCount);
    const first = <i32>load<u32>(rec + Session.FIRST);
    const t = <i32>load<u32>(rec + Session.SHARES);
    const fold = first >= firstItem && first + t - 1 <= lastItem;
    store<u8>(FOLD + <usize>(i - shareCount), fold ? 1 : 0);
    if (!fold) kept++;
  }
  // With Straus, the E_i come with the tables built for R (their scalars negated where P2 holds −E_i).
  const tabled = S.tableBytes != 0 && strausFits(2 * shares + kept + unique + 1, S.strausMax);
  if (tabled) {
    // The D tables this range lacks, built together (bisection's later ranges find them ready).
    let m = 0;
    for (let k = 0; k < count; k++) {
      const i = <usize>load<i32>(items + 4 * <usize>k);
      if (i >= <usize>shareCount || load<u8>(DBUILT + i)) continue;
      store<u8>(DBUILT + i, 1);
      store<u32>(TPTR + 4 * <usize>m, <u32>(DTAB + S.tableBytes * i));
      memory.copy(freshPts + pb * <usize>m, P1 + pb * i, pb);
      m++;
    }
    if (m > 0) S.buildTables(TPTR, freshPts, m);
  }
  let tn = 0;
  let fresh = 0;
  for (let k = 0; k < count; k++) {
    const i = <usize>load<i32>(items + 4 * <usize>k);
    const a = A + FE * i;
    S.sMul(T, a, Z + FE * i);
    S.sAdd(BASE_SCALAR, BASE_SCALAR, T);
    if (i < <usize>shareCount) {
      // Weight of D_i: a_i, plus the aggregate's when its R is folded in here.
      const session = load<i32>(SESSION_OF + 4 * i);
      const w = tabled ? TSCS + FE * <usize>tn : freshScs + FE * <usize>fresh;
      if (load<u8>(FOLD + <usize>session)) S.sAdd(w, a, A + FE * <usize>(shareCount + session));
      else memory.copy(w, a, FE);
      if (tabled) {
        store<u32>(TPTR + 4 * <usize>tn, <u32>(DTAB + S.tableBytes * i));
        const e = TSCS + FE * <usize>(tn + 1);
        S.sMul(e, w, RHO + FE * i);
        if (load<u8>(ENEG + i)) S.sNeg(e, e);
        store<u32>(TPTR + 4 * <usize>(tn + 1), <u32>(ETAB + S.tableBytes * i));
        tn += 2;
      } else {
        memory.copy(freshPts + pb * <usize>fresh, P1 + pb * i, pb);
        fresh++;
        memory.copy(freshPts + pb * <usize>fresh, P2 + pb * i, pb);
        S.sMul(freshScs + FE * <usize>fresh, w, RHO + FE * i);
        fresh++;
      }
    } else if (!load<u8>(FOLD + (i - <usize>shareCount))) {
      memory.copy(freshPts + pb * <usize>fresh, P1 + pb * i, pb);
      memory.copy(freshScs + FE * <usize>fresh, a, FE);
      fresh++;
    }
    const u = keyScalar(i);
    S.sMul(T, a, K3 + FE * i);
    S.sAdd(u, u, T);
  }
  if (tn > 0) S.addTabled(TPTR, TSCS, tn);
  finishSum(out, unique, fresh, S, tn);
}

/** a_i from 16 random bytes (uniform below 2^128), or 1. */
function setCoefficient(i: usize, random: usize): void {
  const a = A + FE * i;
  if (random != 0) S.weight(a, random);
  else memory.fill(a, 0, FE);
  if (S.sIsZero(a)) store<u32>(a, 1);
}

function vanishes(q: usize): bool {
  return S.vanishes(q);
}

function difference(out: usize, a: usize, b: usize): void {
  S.difference(out, a, b);
}

/** The kernel pins the key cache itself, around all sessions of a call. */
function noPin(_on: bool): void {}

const OPS = new SchemeOps(prepare, setCoefficient, rangeSum, vanishes, difference, noPin, 144);

/**
 * Verifies sessions 0..sessions (their shares numbered 0..shares in session order): a code per item in the
 * layout's status (shares, then one aggregate per session); returns how many are not valid.
 */
export function verifyFrost(sessions: i32, shares: i32): i32 {
  shareCount = shares;
  setLayout(0, 0, KEYS, keyBytes, 0, 0);
  OPS.pointBytes = S.sumBytes;
  S.keyPin(true);
  for (let s = 0; s < sessions; s++) prepareSession(s);
  const bad = runBatch(OPS, shares + sessions);
  S.keyPin(false);
  return bad;
}

/** Where a region TypeScript fills lives (FrostRegion: commitment lists, shares, session records, messages). */
export function frostRegions(which: i32): usize {
  if (which == FrostRegion.LIST) return frostList;
  if (which == FrostRegion.YZ) return frostYZ;
  if (which == FrostRegion.SESSIONS) return frostSessions;
  return frostMessages;
}
