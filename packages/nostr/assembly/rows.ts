// The batch the kernels verify, as the nostr module lays it out: per row a 64-byte signature, a 32-byte x-only
// key and a 32-byte event id (the signed message), and the message index pointing each row at its id.
import { setLayout } from "@tallyio/verifier/assembly/layout";

export let rows: i32 = 0;
export let SIGS: usize = 0;
export let KEYS: usize = 0;
export let IDS: usize = 0;
let INDEX: usize = 0;

/** Allocates rows for batches of up to n events and points the kernels' layout at them. */
export function reserveRows(n: i32): void {
  if (n <= rows) return;
  const m = <usize>n;
  SIGS = heap.alloc(64 * m);
  KEYS = heap.alloc(32 * m);
  IDS = heap.alloc(32 * m);
  INDEX = heap.alloc(8 * m);
  for (let i: usize = 0; i < m; i++) {
    store<u32>(INDEX + 8 * i, <u32>(IDS + 32 * i));
    store<u32>(INDEX + 8 * i, 32, 4);
  }
  rows = n;
  setLayout(SIGS, 64, KEYS, 32, INDEX, 0);
}

/** 0: signatures, 1: keys, 2: ids. */
export function rowRegions(which: i32): usize {
  return which == 0 ? SIGS : which == 1 ? KEYS : IDS;
}

/** The value of one hex digit (either case), or −1. */
// @ts-expect-error: decorator
export function hexDigit(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  const l = c | 32;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}
