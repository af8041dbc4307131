// Rows waiting for their ids: each row's NIP-01 serialization waits in an arena, padded for SHA-256, and is
// hashed four at a time when the rows are verified (hashRows); each row keeps its message, its block count
// (0: hashed already) and the id it claims.
import { IDS, KEYS, rows, SIGS } from "./rows";
import { pad, sha256Many } from "./sha256x4";

let ARENA: usize = 0;
let arenaTop: usize = 0;
let arenaEnd: usize = 0;
let MSGS: usize = 0;
let BLOCKS: usize = 0;
let OUTS: usize = 0;
let CLAIMED: usize = 0;
let MISMATCH: usize = 0;
let scanRows: i32 = 0;

/** Room for lines of up to n bytes (a serialization is never longer than its line) and for the rows' records. */
export function reserveScan(n: usize): void {
  const size: usize = n * 2 + <usize>rows * 136;
  if (size > arenaEnd - ARENA) {
    ARENA = heap.alloc(size + 64);
    ARENA = (ARENA + 63) & ~63;
    arenaEnd = ARENA + size;
    arenaTop = ARENA;
  }
  if (rows > scanRows) {
    const m = <usize>rows;
    MSGS = heap.alloc(4 * m);
    BLOCKS = heap.alloc(4 * m);
    OUTS = heap.alloc(4 * m);
    CLAIMED = heap.alloc(32 * m);
    MISMATCH = heap.alloc(m);
    for (let i: usize = 0; i < m; i++) store<u32>(OUTS + 4 * i, <u32>(IDS + 32 * i));
    memory.fill(BLOCKS, 0, 4 * m);
    scanRows = rows;
  }
}

/** Forgets rows not yet hashed (a new batch begins). */
export function clearRows(): void {
  memory.fill(BLOCKS, 0, 4 * <usize>scanRows);
  arenaTop = ARENA;
}

/** Hashes the waiting rows of 0..n, compares each with its claimed id; returns how many differ (rowMismatch). */
export function hashRows(n: i32): i32 {
  sha256Many(n, MSGS, BLOCKS, OUTS);
  let bad = 0;
  for (let i: usize = 0; i < <usize>n; i++) {
    let differs: u8 = 0;
    if (load<u32>(BLOCKS + 4 * i) != 0) {
      differs = memory.compare(IDS + 32 * i, CLAIMED + 32 * i, 32) != 0 ? 1 : 0;
      store<u32>(BLOCKS + 4 * i, 0);
    }
    store<u8>(MISMATCH + i, differs);
    bad += differs;
  }
  arenaTop = ARENA;
  return bad;
}

/** Where a serialization of up to n bytes may be written for deferRow, or 0 when the arena cannot take it now. */
export function arenaReserve(n: usize): usize {
  return arenaTop + n + 136 > arenaEnd ? 0 : arenaTop;
}

/** Row `row`'s serialization is the n bytes at msg (from arenaReserve), its claimed id at claimedAt(row). */
export function deferRow(row: i32, msg: usize, n: usize): void {
  const blocks = pad(msg, n);
  arenaTop = (msg + 64 * blocks + 63) & ~63;
  store<u32>(MSGS + 4 * <usize>row, <u32>msg);
  store<u32>(BLOCKS + 4 * <usize>row, <u32>blocks);
}

export function claimedAt(row: i32): usize {
  return CLAIMED + 32 * <usize>row;
}

export function rowMismatch(i: i32): i32 {
  return load<u8>(MISMATCH + <usize>i);
}

/** Moves row `from` (signature, key, id) to row `to`. */
export function moveRow(from: i32, to: i32): void {
  memory.copy(SIGS + 64 * <usize>to, SIGS + 64 * <usize>from, 64);
  memory.copy(KEYS + 32 * <usize>to, KEYS + 32 * <usize>from, 32);
  memory.copy(IDS + 32 * <usize>to, IDS + 32 * <usize>from, 32);
}
