// secp256k1 scratch and tables for the MSM (straus.ts, pippenger.ts): scratch reservation, tables of odd
// multiples with their λ-images, the generator's precomputed tables and the per-key cache.
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { copy, setSmall } from "@tallyio/field/assembly/limbs";
import { SECP_BETA, SECP_GX, SECP_GY } from "../generated/constants";
import { Aff, Jac, PairJac } from "../generated/spec";
import { KeyCache } from "../keyindex";
import { addAffinePair, laneOf, setPointLane } from "./pair";
import { AFF, addAffine, addAffineSigned, batchToAffine, dbl, FE, fromAffine, JAC, setIsoCurve } from "./point";

/** Straus window: tables of 2^(w−2) = 8 odd multiples per half-point. */
export const STRAUS_W: i32 = 5;
export const STRAUS_TABLE: i32 = 1 << (STRAUS_W - 2);
export const HALF_BITS: i32 = 129;

// Scratch, sized once by reserve() from the largest batch (no allocation per call).
let capacity: i32 = 0;
export let halves: usize = 0; // 2n half-scalars (36 B each)
export let signs: usize = 0; // n split signs (i32)
export let digits: usize = 0; // Pippenger's signed digits of the 2n half-scalars (i16)
let jacTable: usize = 0; // n × table Jacobian points
export let affTable: usize = 0; // 2n × table affine points (P multiples, then λ·P multiples)
let zs: usize = 0;
let invScratch: usize = 0;
let doubles: usize = 0; // n Jacobian 2P, then affine
export let halfPoints: usize = 0; // 2n affine half-points for Pippenger (P and λP)
// Straus terms (straus.ts): per term a table of odd multiples and its λ-image, the split signs and the wNAF
// digits of both halves.
export let termTable: usize = 0;
export let termLam: usize = 0;
export let termSigns: usize = 0;
export let termDigits: usize = 0;
export let bitAdds: usize = 0; // one bit position's additions (see bitAdditions)

const PTAB: usize = memory.data(<i32>PairJac.SIZE);

/** Sizes the scratch for batches of up to maxPoints points. Memory is bump-allocated once and kept. */
export function reserve(maxPoints: i32): void {
  if (maxPoints <= capacity) return;
  const n = <usize>maxPoints;
  const t = <usize>STRAUS_TABLE;
  halves = heap.alloc(2 * (n + 1) * FE);
  signs = heap.alloc(4 * n);
  digits = heap.alloc(2 * n * 2 * <usize>(HALF_BITS + 1));
  jacTable = heap.alloc(n * t * JAC);
  affTable = heap.alloc(2 * n * t * AFF);
  zs = heap.alloc(n * t * FE);
  invScratch = heap.alloc(n * t * FE);
  doubles = heap.alloc(n * JAC);
  halfPoints = heap.alloc(2 * n * AFF);
  termTable = heap.alloc(4 * (n + 1));
  termLam = heap.alloc(4 * (n + 1));
  termSigns = heap.alloc(4 * (n + 1));
  termDigits = heap.alloc(4 * (n + 1) * <usize>(HALF_BITS + 1));
  bitAdds = heap.alloc(4 * 2 * (n + 1));
  capacity = maxPoints;
}

/**
 * Odd multiples P, 3P, …, (2·size − 1)P of n affine points into tables (size entries each, affine) and their
 * λ-images (β·x, y) into lams: 2P made affine for all points with one inversion, then mixed additions, then
 * one more inversion for all entries.
 */
export function oddMultiples(tables: usize, lams: usize, pts: usize, n: i32, size: i32): void {
  const t = <usize>size;
  for (let i = 0; i < n; i++) {
    const tj = jacTable + t * JAC * <usize>i;
    fromAffine(tj, pts + AFF * <usize>i);
    dbl(doubles + JAC * <usize>i, tj);
  }
  batchToAffine(doubles, doubles, n, zs, invScratch);
  // Two points' multiples at once, one per SIMD lane (P is never infinity and has no small multiple that
  // collides, so the pair formula's fallback is not reached in practice; it is correct if it is).
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const ta = jacTable + t * JAC * <usize>i;
    const tb = ta + t * JAC;
    setPointLane(PTAB, 0, ta);
    setPointLane(PTAB, 1, tb);
    for (let j: usize = 1; j < t; j++) {
      addAffinePair(PTAB, doubles + AFF * <usize>i, false, doubles + AFF * <usize>(i + 1), false);
      laneOf(ta + JAC * j, PTAB, 0);
      laneOf(tb + JAC * j, PTAB, 1);
    }
  }
  if (i < n) {
    const tj = jacTable + t * JAC * <usize>i;
    for (let j: usize = 1; j < t; j++) addAffine(tj + JAC * j, tj + JAC * (j - 1), doubles + AFF * <usize>i);
  }
  batchToAffine(tables, jacTable, n * size, zs, invScratch);
  for (let e: usize = 0; e < <usize>n * t; e++) {
    F.mul(lams + AFF * e, tables + AFF * e, SECP_BETA);
    copy(lams + AFF * e + Aff.Y, tables + AFF * e + Aff.Y);
  }
}

const ISO_JAC: usize = memory.data(<i32>Jac.SIZE);
const ISO_D: usize = memory.data(<i32>Aff.SIZE);
const ISO_S: usize = memory.data(<i32>FE);
const ISO_T: usize = memory.data(<i32>FE);

/**
 * Odd multiples P, 3P, …, (2·size − 1)P of one affine point and their λ-images, without an inversion: the
 * entries are affine on the curve isomorphic by z (written to z), (x, y) ↦ (x·z², y·z³), as libsecp256k1 builds
 * its tables for one verification. 2P = (X, Y, Z) is affine on the curve isomorphic by its Z, so P's image there
 * takes mixed additions of it; each addition's Z ratio (2H) then brings every entry to the last one's Z, and
 * z = Z(2P) · Z(last). Sums over these tables run on that curve (addAffineSigned with zinv for the generator's
 * entries) and are brought back by one multiplication of their Z by z. Two inversions fewer than oddMultiples.
 */
export function isoMultiples(table: usize, lams: usize, pt: usize, size: i32, z: usize): void {
  const t = <usize>size;
  fromAffine(ISO_JAC, pt);
  dbl(ISO_JAC, ISO_JAC);
  copy(ISO_D, ISO_JAC);
  copy(ISO_D + Aff.Y, ISO_JAC + Jac.Y); // 2P, affine on the curve isomorphic by Z(2P)
  setIsoCurve(ISO_JAC + Jac.Z);
  // P's image: (x·Z², y·Z³, 1).
  F.sqr(ISO_S, ISO_JAC + Jac.Z);
  F.mul(jacTable, pt, ISO_S);
  F.mul(ISO_S, ISO_S, ISO_JAC + Jac.Z);
  F.mul(jacTable + Jac.Y, pt + Aff.Y, ISO_S);
  setSmall(jacTable + Jac.Z, 1);
  for (let j: usize = 1; j < t; j++) {
    addAffineSigned(jacTable + JAC * j, jacTable + JAC * (j - 1), ISO_D, false, 0, zs + FE * j);
  }
  // Backwards: entry j times s_j = Z(last) / Z(j), the product of the ratios after it.
  setSmall(ISO_S, 1);
  for (let j = <isize>t - 1; j >= 0; j--) {
    const e = jacTable + JAC * <usize>j;
    const dst = table + AFF * <usize>j;
    if (<usize>j + 1 < t) F.mul(ISO_S, ISO_S, zs + FE * <usize>(j + 1));
    F.sqr(ISO_T, ISO_S);
    F.mul(dst, e, ISO_T);
    F.mul(ISO_T, ISO_T, ISO_S);
    F.mul(dst + Aff.Y, e + Jac.Y, ISO_T);
    F.mul(lams + AFF * <usize>j, dst, SECP_BETA);
    copy(lams + AFF * <usize>j + Aff.Y, dst + Aff.Y);
  }
  F.mul(z, ISO_JAC + Jac.Z, jacTable + JAC * (t - 1) + Jac.Z);
  setIsoCurve(z);
}

/**
 * A single verification cuts each GLV half (< 2^129) into PARTS parts of CUT bits (the last takes the rest),
 * each against the tables of 2^(CUT·q) times the point: one chain of about 129 / PARTS doublings serves every
 * part. Four parts (CUT 33, 34 doublings) measured 0.91–0.94× the time of two with 100 keys, but 1.14–1.19×
 * with 1000: a key's tables double to 18.4 KB, and 18 MB of them miss the caches (docs/tables.md).
 */
export const PARTS: i32 = 2;
export const CUT: i32 = 64;

/** Window of the generator's precomputed table: 2^(12−2) = 1024 odd multiples of G and of λ·G. */
export const BASE_W: i32 = 12;
const BASE_SIZE: i32 = 1 << (BASE_W - 2);
export let baseTable: usize = 0;
export let baseLam: usize = 0;
const G: usize = memory.data(<i32>Aff.SIZE);

/**
 * The tables of 2^(CUT·q)·G for q = 0 … PARTS − 1 (u32 addresses, the odd multiples' tables then their
 * λ-images' tables), for strausParts; filled by initBaseParts.
 */
export const BASE_PARTS: usize = memory.data(8 * PARTS);
const PART_JAC: usize = memory.data(<i32>Jac.SIZE);
const PART_POINTS: usize = memory.data(<i32>Aff.SIZE * PARTS);

/**
 * The points 2^(CUT·q)·a for q = 0 … PARTS − 1 into out (affine, PARTS × 72 bytes; a of prime order, so none
 * is infinity), with one inversion.
 */
function cutMultiples(out: usize, a: usize): void {
  copy(out, a);
  copy(out + Aff.Y, a + Aff.Y);
  fromAffine(PART_JAC, a);
  for (let q = 1; q < PARTS; q++) {
    for (let i = 0; i < CUT; i++) dbl(PART_JAC, PART_JAC);
    memory.copy(jacTable + JAC * <usize>(q - 1), PART_JAC, JAC);
  }
  batchToAffine(out + AFF, jacTable, PARTS - 1, zs, invScratch);
}

/** The generator's part tables for strausParts (once per instance, on first use). */
export function initBaseParts(): void {
  if (load<u32>(BASE_PARTS) != 0) return;
  initBase();
  const bytes = <usize>BASE_SIZE * AFF;
  store<u32>(BASE_PARTS, <u32>baseTable);
  store<u32>(BASE_PARTS + 4 * <usize>PARTS, <u32>baseLam);
  cutMultiples(PART_POINTS, G);
  for (let q = 1; q < PARTS; q++) {
    const table = heap.alloc(2 * bytes);
    store<u32>(BASE_PARTS + 4 * <usize>q, <u32>table);
    store<u32>(BASE_PARTS + 4 * <usize>(PARTS + q), <u32>(table + bytes));
    oddMultiples(table, table + bytes, PART_POINTS + AFF * <usize>q, 1, BASE_SIZE);
  }
}

/** Builds the generator's tables (once per instance). */
export function initBase(): void {
  if (baseTable != 0) return;
  reserve(BASE_SIZE / STRAUS_TABLE);
  baseTable = heap.alloc(<usize>BASE_SIZE * AFF);
  baseLam = heap.alloc(<usize>BASE_SIZE * AFF);
  copy(G, SECP_GX);
  copy(G + Aff.Y, SECP_GY);
  oddMultiples(baseTable, baseLam, G, 1, BASE_SIZE);
}

// Per-key tables for keys that recur: the decoded point P, and window-7 odd multiples of 2^(CUT·q)·P for
// q = 0 … PARTS − 1, then their λ-images (32 points each, in the order P, 2^64·P, λ-images of the same).
// Batches take P's; a single verification takes all of them and runs a chain of 66 doublings instead of 129
// (strausParts).
export const KEY_W: i32 = 7;
const KEY_SIZE: i32 = 1 << (KEY_W - 2);
export const KEY_TABLE: usize = <usize>KEY_SIZE * AFF;
/** Bytes of a key's tables. */
export const KEY_TABLES: usize = 2 * <usize>PARTS * KEY_TABLE;
const KEY_POINTS: usize = memory.data(<i32>Aff.SIZE * PARTS);

function buildKeyTable(table: usize, point: usize): void {
  cutMultiples(KEY_POINTS, point);
  oddMultiples(table, table + <usize>PARTS * KEY_TABLE, KEY_POINTS, PARTS, KEY_SIZE);
}

/** The key cache (keyindex.ts): empty until keyCacheInit sizes it. */
const keys = new KeyCache(AFF, KEY_TABLES, buildKeyTable);

/** The tables of the cached key in slot (the cache exists). */
export function keyTable(slot: i32): usize {
  return keys.tableAt(slot);
}

export function keyCachePin(on: bool): void {
  keys.pin(on);
}

/** Creates the key cache (once): capacity slots of about 9.2 KB each (four tables of 32 points). Returns the rounded capacity. */
export function keyCacheInit(capacity: i32, seed: u32): i32 {
  reserve((PARTS * KEY_SIZE) / STRAUS_TABLE);
  return keys.init(capacity, seed);
}

export function keyCacheFind(key: usize, len: i32, out: usize): i32 {
  return keys.find(key, len, out);
}

export function keyCacheAdmit(key: usize, len: i32, point: usize): i32 {
  return keys.admit(key, len, point);
}
