// Ed25519 scratch and tables for the MSM (straus.ts, pippenger.ts): scratch reservation, tables of odd
// multiples as affine Niels points, the base point's precomputed table and the per-key cache.
import { ED_BX, ED_BY } from "../generated/constants";
import { Cached, Ext, Niels, Pair, PairCached, PairExt } from "../generated/spec";
import { KeyCache } from "../keyindex";
import { addCached2, dbl2, laneOf, setPointLane, toCached2 } from "./pair";
import { addCached, batchToNiels, copyExt, dbl, FE, fromAffine, toCached } from "./point";

export const STRAUS_W: i32 = 5;
export const STRAUS_TABLE: i32 = 1 << (STRAUS_W - 2);
export const BITS: i32 = 253;

// Scratch, sized once by reserve() from the largest batch (no allocation per call).
let capacity: i32 = 0;
export let digits: usize = 0; // Pippenger's signed digits (i16)
let extTable: usize = 0;
export let nielsTable: usize = 0;
export let zs: usize = 0;
export let invScratch: usize = 0;
export let nielsPoints: usize = 0;
export let ops: usize = 0; // 2·maxPoints u32: point index · 2 + sign, sorted by lane and bucket
export let restWhere: usize = 0; // 2·maxPoints u32: bucket · 2 + lane of an addition left over
export let restOp: usize = 0; // and its point index · 2 + sign
export let nielsPairs: usize = 0; // per point: duplicateNiels
/** Bytes per point of nielsPairs: y+x, y−x, 2d·x·y and −2d·x·y, each an element pair (pair layout). */
export const NIELS_PAIRS: usize = 4 * Pair.FE;
// Straus terms (straus.ts): per term a Niels table of odd multiples and the wNAF digits of the scalar.
export let termTable: usize = 0;
export let termDigits: usize = 0;
export let bitAdds: usize = 0; // one bit position's additions (see bitAdditions)

const TMP: usize = memory.data(<i32>Ext.SIZE);
const CACHE: usize = memory.data(<i32>Cached.SIZE);

/** Sizes the scratch for batches of up to maxPoints points. Memory is bump-allocated once and kept. */
export function reserve(maxPoints: i32): void {
  if (maxPoints <= capacity) return;
  const n = <usize>maxPoints;
  const t = <usize>STRAUS_TABLE;
  digits = heap.alloc(n * 2 * <usize>(BITS + 1));
  extTable = heap.alloc(n * t * Ext.SIZE);
  nielsTable = heap.alloc(n * t * Niels.SIZE);
  zs = heap.alloc(n * t * FE);
  invScratch = heap.alloc(n * t * FE);
  nielsPoints = heap.alloc(n * Niels.SIZE);
  nielsPairs = heap.alloc(n * NIELS_PAIRS);
  ops = heap.alloc(8 * n);
  restWhere = heap.alloc(8 * n);
  restOp = heap.alloc(8 * n);
  termTable = heap.alloc(4 * (n + 1));
  termDigits = heap.alloc(2 * (n + 1) * <usize>(BITS + 1));
  bitAdds = heap.alloc(4 * (n + 1));
  capacity = maxPoints;
}

const PAIR: usize = memory.data(<i32>PairExt.SIZE);
const PAIR_D: usize = memory.data(<i32>PairExt.SIZE);
const PAIR_CACHE: usize = memory.data(<i32>PairCached.SIZE);

/**
 * Odd multiples P, 3P, …, (2·size − 1)P of n extended points, extended, into extTable: two points at a time, one
 * per SIMD lane (pair.ts's formulas compute exactly what the scalar ones do), the last one alone when n is odd.
 */
function extendedMultiples(pts: usize, n: i32, size: i32): void {
  const t = <usize>size;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const ta = extTable + t * Ext.SIZE * <usize>i;
    const tb = ta + t * Ext.SIZE;
    copyExt(ta, pts + Ext.SIZE * <usize>i);
    copyExt(tb, pts + Ext.SIZE * <usize>(i + 1));
    setPointLane(PAIR, 0, ta);
    setPointLane(PAIR, 1, tb);
    dbl2(PAIR_D, PAIR);
    toCached2(PAIR_CACHE, PAIR_D);
    for (let j: usize = 1; j < t; j++) {
      addCached2(PAIR, PAIR, PAIR_CACHE);
      laneOf(ta + Ext.SIZE * j, PAIR, 0);
      laneOf(tb + Ext.SIZE * j, PAIR, 1);
    }
  }
  for (; i < n; i++) {
    const p = pts + Ext.SIZE * <usize>i;
    const te = extTable + t * Ext.SIZE * <usize>i;
    copyExt(te, p);
    dbl(TMP, p);
    toCached(CACHE, TMP);
    for (let j: usize = 1; j < t; j++) addCached(te + Ext.SIZE * j, te + Ext.SIZE * (j - 1), CACHE, false);
  }
}

/** Odd multiples P, 3P, …, (2·size − 1)P of n extended points as affine Niels, one inversion for all. */
export function oddMultiples(tables: usize, pts: usize, n: i32, size: i32): void {
  extendedMultiples(pts, n, size);
  batchToNiels(tables, extTable, n * size, zs, invScratch, Ext.SIZE);
}

/**
 * The same multiples in cached form (Cached.SIZE bytes each), without the inversion: for points used once, where one
 * more product per addition (8M, not 7M) costs less than making few entries affine.
 */
export function cachedMultiples(tables: usize, pts: usize, n: i32, size: i32): void {
  extendedMultiples(pts, n, size);
  for (let e = 0; e < n * size; e++) toCached(tables + Cached.SIZE * <usize>e, extTable + Ext.SIZE * <usize>e);
}

/** Window of the base point's precomputed table: 1024 odd multiples of B. */
export const BASE_W: i32 = 12;
const BASE_SIZE: i32 = 1 << (BASE_W - 2);
export let baseTable: usize = 0;
const B: usize = memory.data(<i32>Ext.SIZE);

/** Builds the base point's table (once per instance). */
export function initBase(): void {
  if (baseTable != 0) return;
  reserve(BASE_SIZE / STRAUS_TABLE);
  baseTable = heap.alloc(<usize>BASE_SIZE * Niels.SIZE);
  fromAffine(B, ED_BX, ED_BY);
  oddMultiples(baseTable, B, 1, BASE_SIZE);
}

/** Where half-size verification cuts the base point's scalar: bits below CUT against B, the rest against 2^CUT·B. */
export const CUT: i32 = 127;
/** Digits a half-size term needs: its scalar is below 2^CUT, so its wNAF ends by bit CUT. */
export const HALF_BITS: i32 = CUT + 1;
export let baseCutTable: usize = 0;
const B_CUT: usize = memory.data(<i32>Ext.SIZE);

/** The table of 2^CUT·B for half-size verification (once per instance, on first use). */
export function initBaseCut(): void {
  if (baseCutTable != 0) return;
  initBase();
  baseCutTable = heap.alloc(<usize>BASE_SIZE * Niels.SIZE);
  fromAffine(B_CUT, ED_BX, ED_BY);
  for (let i = 0; i < CUT; i++) dbl(B_CUT, B_CUT);
  oddMultiples(baseCutTable, B_CUT, 1, BASE_SIZE);
}

// Per-key tables for keys that recur: the decoded point and window-8 odd multiples (64 Niels entries).
export const KEY_W: i32 = 8;
const KEY_SIZE: i32 = 1 << (KEY_W - 2);

function buildKeyTable(table: usize, point: usize): void {
  oddMultiples(table, point, 1, KEY_SIZE);
}

/** The key cache (keyindex.ts): empty until keyCacheInit sizes it. */
const keys = new KeyCache(Ext.SIZE, <usize>KEY_SIZE * Niels.SIZE, buildKeyTable);

/** The table of the cached key in slot (the cache exists). */
export function keyTable(slot: i32): usize {
  return keys.tableAt(slot);
}

export function keyCachePin(on: bool): void {
  keys.pin(on);
}

/** Creates the key cache (once): capacity slots of about 7 KB each. Returns the rounded capacity. */
export function keyCacheInit(capacity: i32, seed: u32): i32 {
  reserve(KEY_SIZE / STRAUS_TABLE);
  return keys.init(capacity, seed);
}

export function keyCacheFind(key: usize, len: i32, out: usize): i32 {
  return keys.find(key, len, out);
}

export function keyCacheAdmit(key: usize, len: i32, point: usize): i32 {
  return keys.admit(key, len, point);
}
