import { type WasmLoader, wasmLoader } from '@tallyio/field/loader';
import { NOSTR_WASM_BASE64 } from './generated/wasm.js';

/** The nostr module: secp256k1 kernels, BIP340 verification, SHA-256 and the event scanner. */
export interface NostrExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  secp256k1_reserve(maxPoints: number): void;
  secp256k1_initBase(): void;
  secp256k1_keyCacheInit(capacity: number, seed: number): number;
  reserveLayout(n: number): void;
  layoutRand(): number;
  layoutStatus(): number;
  reserveBip340(): void;
  verifyOneBip340(i: number): number;
  verifyBatchBip340(n: number): number;
  sha256(out: number, p: number, len: number): void;
  reserveRows(n: number): void;
  /** 0: signatures, 1: keys, 2: ids. */
  rowRegions(which: number): number;
  /** Sizes the serialization buffer for lines of up to n bytes. */
  reserveScan(n: number): void;
  /** Where the first newline in [from, stop) is, or stop. */
  lineEnd(from: number, stop: number): number;
  /** Reads the line at [start, stop) into a batch row: PENDING, ARENA_FULL or FALLBACK. */
  scanEventLine(start: number, stop: number, row: number): number;
  /** Forgets scanned rows not yet hashed. */
  clearRows(): void;
  /** Hashes the scanned rows among 0..n (four at a time) and compares their ids; returns how many differ. */
  hashRows(n: number): number;
  rowMismatch(row: number): number;
  moveRow(from: number, to: number): void;
  /** Where n bytes of serialization fit in the arena now, or 0. */
  arenaReserve(n: number): number;
  /** Row's serialization (n bytes at msg) waits for hashRows; its claimed id is at claimedAt(row). */
  deferRow(row: number, msg: number, n: number): void;
  claimedAt(row: number): number;
  /** The n bytes of UTF-8 at src as a JSON string at dst (6n + 18 bytes of room); its length, or −1 at a U+FFFD. */
  quoteUtf8(src: number, n: number, dst: number): number;
}

// Pure: a bundle that never instantiates this module drops it, embedded bytes included.
const nostr: WasmLoader = /* @__PURE__ */ wasmLoader('@tallyio/nostr', NOSTR_WASM_BASE64);

/**
 * Hands @tallyio/nostr a compiled `nostr.wasm` (see WasmLoader.init), for runtimes that refuse to compile
 * WebAssembly from bytes; the default compiles the embedded bytes. The module links the secp256k1 and BIP340
 * kernels it needs: nostr verifiers need no other module.
 */
export function initWasm(module: WebAssembly.Module): void {
  nostr.init(module);
}

/** A fresh instance of the nostr module (its own memory; compiled once per realm). */
export async function instantiateNostrModule(): Promise<NostrExports> {
  return (await nostr.instantiate()) as unknown as NostrExports;
}
