// Straus (interleaved wNAF) on secp256k1 for few points: every scalar split by GLV into two halves below 2^129
// that share one chain of doublings, against tables of odd multiples and their λ-images (tables.ts).

import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { Jac, PairJac } from "../generated/spec";
import { bitsAt, wnaf } from "../msm/digits";
import { split } from "./glv";
import { addAffineLane, addAffinePair, dbl2, laneOf, setInfinity2 } from "./pair";
import { AFF, add, addAffineSigned, dbl, FE, isInfinity, JAC, setInfinity, setIsoCurve } from "./point";
import {
  affTable,
  BASE_PARTS,
  BASE_W,
  baseLam,
  baseTable,
  bitAdds,
  CUT,
  HALF_BITS,
  halves,
  initBaseParts,
  isoMultiples,
  KEY_TABLE,
  KEY_W,
  keyTable,
  oddMultiples,
  PARTS,
  STRAUS_TABLE,
  STRAUS_W,
  termDigits,
  termLam,
  termSigns,
  termTable,
} from "./tables";

const ACC: usize = memory.data(<i32>Jac.SIZE);
const PACC: usize = memory.data(<i32>PairJac.SIZE);
const SUM: usize = memory.data(<i32>Jac.SIZE);

// The pending terms: how many, and the longest wNAF among them.
let termCount: i32 = 0;
let termTop: i32 = 0;

/** Adds k·P to the pending Straus sum, P given by its odd-multiples tables built for window w. */
function addTerm(table: usize, lam: usize, k: usize, w: i32): void {
  const i = <usize>termCount;
  termCount++;
  const h = halves + 2 * FE * i;
  store<i32>(termSigns + 4 * i, split(h, h + FE, k));
  store<u32>(termTable + 4 * i, <u32>table);
  store<u32>(termLam + 4 * i, <u32>lam);
  for (let half: usize = 0; half < 2; half++) {
    const len = wnaf(termDigits + 2 * (2 * i + half) * <usize>(HALF_BITS + 1), h + FE * half, w, HALF_BITS);
    if (len > termTop) termTop = len;
  }
}

const HALVES: usize = memory.data(72);

/**
 * Adds k·P to the pending Straus sum as PARTS terms, one per CUT-bit part of the GLV halves, part q against the
 * tables of 2^(CUT·q)·P: tabs holds PARTS table addresses then PARTS λ-table addresses (u32). A sum of such
 * terms needs CUT + 1 doublings instead of 129.
 */
function addTermParts(tabs: usize, k: usize, w: i32): void {
  const i = <usize>termCount;
  termCount += PARTS;
  const s = split(HALVES, HALVES + FE, k);
  for (let q: usize = 0; q < <usize>PARTS; q++) {
    const lo = <i32>q * CUT;
    const bits = q + 1 < <usize>PARTS ? CUT : HALF_BITS - lo;
    for (let half: usize = 0; half < 2; half++) {
      const part = halves + FE * (2 * (i + q) + half);
      memory.fill(part, 0, FE);
      for (let j = 0; 29 * j < bits; j++) {
        store<u32>(part + 4 * <usize>j, bitsAt(HALVES + FE * half, lo + 29 * j, min<i32>(bits - 29 * j, 29)));
      }
      // Digits up to bit CUT + 1 only (every part is below 2^(CUT + 1): the last takes HALF_BITS − CUT·(PARTS − 1)
      // bits, 65 with two parts): a sum of part terms reads no further, and every other term's wnaf clears its row.
      const len = wnaf(termDigits + 2 * (2 * (i + q) + half) * <usize>(HALF_BITS + 1), part, w, CUT + 1);
      if (len > termTop) termTop = len;
    }
    store<i32>(termSigns + 4 * (i + q), s);
    store<u32>(termTable + 4 * (i + q), load<u32>(tabs + 4 * q));
    store<u32>(termLam + 4 * (i + q), load<u32>(tabs + 4 * (<usize>PARTS + q)));
  }
}

/**
 * The additions of one bit position into bitAdds (u32 each: the table entry's address, bit 0 set when it is
 * to be subtracted; entries are 72-byte steps from aligned tables, so bit 0 is free); returns how many.
 */
function bitAdditions(bit: i32): i32 {
  let m = 0;
  for (let i: usize = 0; i < <usize>termCount; i++) {
    const s = load<i32>(termSigns + 4 * i);
    for (let half: usize = 0; half < 2; half++) {
      const d = <i32>load<i16>(termDigits + 2 * ((2 * i + half) * <usize>(HALF_BITS + 1) + <usize>bit));
      if (d == 0) continue;
      const table = <usize>load<u32>((half == 0 ? termTable : termLam) + 4 * i);
      const neg = d < 0 != (((s >> <i32>half) & 1) != 0);
      store<u32>(bitAdds + 4 * <usize>m, <u32>(table + AFF * <usize>((d < 0 ? -d : d) >> 1)) | (neg ? 1 : 0));
      m++;
    }
  }
  return m;
}

/**
 * out = the sum of the pending terms with two accumulators, one per SIMD lane: the additions of each bit position
 * go to the lanes in pairs (an odd one to a lane alone), both lanes double together, and the lanes are added at
 * the end. Clears the terms.
 */
function runStraus2(out: usize): void {
  setInfinity2(PACC);
  let inf0 = true;
  let inf1 = true;
  for (let bit = termTop - 1; bit >= 0; bit--) {
    if (!(inf0 && inf1)) dbl2(PACC, PACC);
    const m = bitAdditions(bit);
    let k = 0;
    for (; k + 1 < m; k += 2) {
      const a = load<u32>(bitAdds + 4 * <usize>k);
      const b = load<u32>(bitAdds + 4 * <usize>(k + 1));
      if (inf0 || inf1) {
        inf0 = addAffineLane(PACC, 0, a & ~1, (a & 1) != 0);
        inf1 = addAffineLane(PACC, 1, b & ~1, (b & 1) != 0);
      } else {
        const inf = addAffinePair(PACC, a & ~1, (a & 1) != 0, b & ~1, (b & 1) != 0);
        inf0 = (inf & 1) != 0;
        inf1 = (inf & 2) != 0;
      }
    }
    if (k < m) {
      // The odd one out goes to the lane at infinity, if one is, else to lane 0.
      const a = load<u32>(bitAdds + 4 * <usize>k);
      if (inf1 && !inf0) inf1 = addAffineLane(PACC, 1, a & ~1, (a & 1) != 0);
      else inf0 = addAffineLane(PACC, 0, a & ~1, (a & 1) != 0);
    }
  }
  termCount = 0;
  termTop = 0;
  laneOf(ACC, PACC, 0);
  laneOf(SUM, PACC, 1);
  add(out, ACC, SUM);
}

/**
 * out = the sum of the pending terms, sharing one chain of doublings; clears the terms. Entries whose address
 * has bit 1 set (ISO_ENTRY) are affine on secp256k1 while the sum runs on the curve isomorphic by zinv.
 */
function runStraus(out: usize, zinv: usize = 0): void {
  setInfinity(ACC);
  for (let bit = termTop - 1; bit >= 0; bit--) {
    dbl(ACC, ACC);
    const m = bitAdditions(bit);
    for (let k = 0; k < m; k++) {
      const a = load<u32>(bitAdds + 4 * <usize>k);
      addAffineSigned(ACC, ACC, a & ~3, (a & 1) != 0, (a & ISO_ENTRY) != 0 ? zinv : 0);
    }
  }
  termCount = 0;
  termTop = 0;
  memory.copy(out, ACC, JAC);
}

/** Table address bit: the entry is affine on secp256k1, the sum runs on an isomorphic curve (runStraus). */
const ISO_ENTRY: u32 = 2;
const ISO_Z: usize = memory.data(<i32>FE);

/**
 * out = k·P + g·G (g ≠ 0) for one fresh affine point, as a single verification with a key that is not cached
 * needs it: P's table is built without an inversion (isoMultiples), so the sum runs on the curve isomorphic by
 * its z and the generator's entries are added through zinv; one multiplication of Z by z brings it back.
 */
export function strausFresh(out: usize, pt: usize, k: usize, g: usize): void {
  const t = <usize>STRAUS_TABLE;
  const lams = affTable + t * AFF;
  isoMultiples(affTable, lams, pt, STRAUS_TABLE, ISO_Z);
  addTerm(affTable, lams, k, STRAUS_W);
  addTerm(baseTable | ISO_ENTRY, baseLam | ISO_ENTRY, g, BASE_W);
  runStraus(out, ISO_Z);
  if (!isInfinity(out)) F.mul(out + Jac.Z, out + Jac.Z, ISO_Z);
  setIsoCurve(0);
}

/** Bytes of one point's Straus tables as buildTables writes them: its odd multiples, then their λ-images. */
export const TABLE_BYTES: usize = 2 * <usize>STRAUS_TABLE * AFF;

/**
 * The Straus tables of n affine points, point i's into the address dsts[i] (u32 addresses, TABLE_BYTES each),
 * for sums that use the points again.
 */
export function buildTables(dsts: usize, pts: usize, n: i32): void {
  const bytes = <usize>STRAUS_TABLE * AFF;
  const lams = affTable + <usize>n * bytes;
  oddMultiples(affTable, lams, pts, n, STRAUS_TABLE);
  for (let i: usize = 0; i < <usize>n; i++) {
    const dst = <usize>load<u32>(dsts + 4 * i);
    memory.copy(dst, affTable + bytes * i, bytes);
    memory.copy(dst + bytes, lams + bytes * i, bytes);
  }
}

/** Queues n terms k_i·P_i for the next strausKeys, P_i given by tables from buildTables (u32 addresses). */
export function addTabled(tables: usize, scs: usize, n: i32): void {
  const bytes = <usize>STRAUS_TABLE * AFF;
  for (let i: usize = 0; i < <usize>n; i++) {
    const table = <usize>load<u32>(tables + 4 * i);
    addTerm(table, table + bytes, scs + FE * i, STRAUS_W);
  }
}

/**
 * out = g·G (g ≠ 0) + Σ k_i·P_i over n fresh points + Σ c_j·K_j over m cached keys (slots: i32 array, their
 * scalars alongside), sharing one chain of doublings. n + m ≤ the reserved maximum.
 */
export function strausKeys(
  out: usize,
  pts: usize,
  scs: usize,
  n: i32,
  slots: usize,
  slotScs: usize,
  m: i32,
  g: usize,
): void {
  const t = <usize>STRAUS_TABLE;
  const lams = affTable + <usize>n * t * AFF;
  if (n > 0) oddMultiples(affTable, lams, pts, n, STRAUS_TABLE);
  for (let i = 0; i < n; i++) {
    addTerm(affTable + t * AFF * <usize>i, lams + t * AFF * <usize>i, scs + FE * <usize>i, STRAUS_W);
  }
  for (let j = 0; j < m; j++) {
    const table = keyTable(load<i32>(slots + 4 * <usize>j));
    addTerm(table, table + <usize>PARTS * KEY_TABLE, slotScs + FE * <usize>j, KEY_W);
  }
  if (g != 0) addTerm(baseTable, baseLam, g, BASE_W);
  if (termCount >= STRAUS_PAIRS_MIN) runStraus2(out);
  else runStraus(out);
}

const KEY_PARTS: usize = memory.data(8 * PARTS);

/**
 * out = g·G + c·K for the cached key in slot (g ≠ 0): both scalars' GLV halves cut into PARTS parts, against
 * the key's tables of 2^(CUT·q)·K and the generator's of 2^(CUT·q)·G, so one chain of CUT + 1 doublings serves.
 */
export function strausParts(out: usize, slot: i32, c: usize, g: usize): void {
  initBaseParts();
  const table = keyTable(slot);
  for (let q: usize = 0; q < 2 * <usize>PARTS; q++) store<u32>(KEY_PARTS + 4 * q, <u32>(table + KEY_TABLE * q));
  addTermParts(KEY_PARTS, c, KEY_W);
  addTermParts(BASE_PARTS, g, BASE_W);
  // One accumulator: with two in SIMD lanes both would double (61.5 µs per verification against 70.8, same
  // machine, same items).
  runStraus(out);
}

/**
 * From this many terms Straus runs two accumulators in SIMD lanes (runStraus2). Measured (µs per point, one
 * accumulator vs two): n = 2 37.5 vs 43.3 (the doublings cost more in pairs), n = 8 24.8 vs 23.4, n = 20 22.5
 * vs 19.7, n = 80 21.5 vs 18.0.
 */
const STRAUS_PAIRS_MIN: i32 = 5;

/**
 * out = Σ k_i·P_i (+ g·G when g ≠ 0) by interleaved wNAF over GLV halves; the generator's term uses its
 * precomputed window-12 tables.
 */
export function strausBase(out: usize, pts: usize, scs: usize, n: i32, g: usize): void {
  strausKeys(out, pts, scs, n, 0, 0, 0, g);
}

/** out = Σ k_i·P_i by interleaved wNAF. */
export function straus(out: usize, pts: usize, scs: usize, n: i32): void {
  strausBase(out, pts, scs, n, 0);
}
