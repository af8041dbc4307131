// The MSM comparisons with noble that both curves' tests run: sums of random and of edge terms, and
// combinations with the base point's table.
import { expect, it } from 'vitest';
import type { CurvePoints } from '../src/index.js';
import { randomBelow } from './helpers.js';

/** `n` random indexes into a pool of `size`. */
export const randomPicks = (n: number, size: number): number[] =>
  Array.from({ length: n }, () => Math.floor(Math.random() * size));

/** Compares one MSM, Σ scalars[i]·pool[idx[i]], with noble's. */
export type SumCheck = (idx: number[], scalars: bigint[]) => void;

/** One test per size: random points of a pool of `poolSize` with random scalars below `order`. */
export function randomSums(
  title: string,
  sizes: readonly number[],
  poolSize: number,
  order: bigint,
  check: SumCheck,
): void {
  it.each(sizes)(title, (size) => {
    const idx = randomPicks(size, poolSize);
    check(
      idx,
      idx.map(() => randomBelow(order)),
    );
  });
}

/** For each size, a sum whose points cycle through the pool's first `points` and whose scalars cycle through `edges`. */
export function edgeSums(check: SumCheck, sizes: readonly number[], points: number, edges: readonly bigint[]): void {
  for (const size of sizes) {
    const idx = Array.from({ length: size }, (_, i) => i % points);
    check(
      idx,
      idx.map((_, i) => edges[i % edges.length] as bigint),
    );
  }
}

/** What the tests use of a noble point. */
export interface NoblePoint<P> {
  add(other: P): P;
  multiply(k: bigint): P;
}

/** A curve as the base-table test sees it: noble's base point and group order, and the encodings both sides use. */
export interface BaseCurve<P extends NoblePoint<P>> {
  readonly points: CurvePoints;
  readonly base: P;
  readonly order: bigint;
  /** A scalar's 32 bytes in the curve's byte order. */
  scalar(k: bigint): Uint8Array;
  /** Decodes a noble point into handle h; 0 on success. */
  decodeInto(h: number, point: P): number;
  /** The hex encoding of the point at handle h. */
  encodeAt(h: number): string;
  /** noble's hex encoding of the same form. */
  encode(point: P): string;
}

/** 20 rounds of g·Base + Σ k_i·P_i over 0…3 random points by linearCombinationInto, equal to noble's. */
export function expectBaseCombinations<P extends NoblePoint<P>>(c: BaseCurve<P>, out: number): void {
  const C = c.points;
  const pts = C.allocPoints(4);
  const scs = C.allocScalars(4);
  const g = C.allocScalars();
  for (let round = 0; round < 20; round++) {
    const m = round % 4;
    const points = Array.from({ length: m }, () => c.base.multiply(randomBelow(c.order - 1n) + 1n));
    const ks = points.map(() => randomBelow(c.order));
    const gk = randomBelow(c.order);
    points.forEach((pt, i) => {
      expect(c.decodeInto(pts + C.pointBytes * i, pt)).toBe(0);
      C.loadScalarInto(scs + 36 * i, c.scalar(ks[i] as bigint));
    });
    C.loadScalarInto(g, c.scalar(gk));
    C.linearCombinationInto(out, g, pts, scs, m);
    const expected = points.reduce((acc, pt, i) => acc.add(pt.multiply(ks[i] as bigint)), c.base.multiply(gk));
    expect(c.encodeAt(out)).toBe(c.encode(expected));
  }
}
