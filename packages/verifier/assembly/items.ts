// Per item of the batch being verified, the parts of its equation a_i·(s_i·G + c_i·K_i + R_i) (each scheme with its
// own signs): the schemes' per-item code fills them in place, under the scheme's own names, and their sums read
// them. merge.ts's reserveItems sizes them.

export let nonces: usize = 0; // R_i, a point
export let keyPoints: usize = 0; // K_i, a point
export let slots: usize = 0; // i32: K_i's key-cache slot, or −1
export let keyFactors: usize = 0; // c_i
export let baseFactors: usize = 0; // s_i
export let weights: usize = 0; // a_i, the random coefficient

/** Allocates the regions for n items, points of pointBytes and scalars of scalarBytes. */
export function allocateItems(n: usize, pointBytes: usize, scalarBytes: usize): void {
  nonces = heap.alloc(n * pointBytes);
  keyPoints = heap.alloc(n * pointBytes);
  slots = heap.alloc(4 * n);
  keyFactors = heap.alloc(n * scalarBytes);
  baseFactors = heap.alloc(n * scalarBytes);
  weights = heap.alloc(n * scalarBytes);
}
