import { type WasmLoader, wasmLoader } from '@tallyio/field/loader';
import type { TablesExports } from '@tallyio/tables';
import { VERIFIER_WASM_BASE64 } from './generated/wasm.js';

/** The verifier module: field and tables kernels plus the layout of a batch and the verification kernels. */
export interface VerifierExports extends TablesExports {
  reserveLayout(n: number): void;
  setLayout(sigs: number, sigStride: number, keys: number, keyStride: number, msgIndex: number, msgBase: number): void;
  layoutRand(): number;
  layoutStatus(): number;
  reserveBip340(): void;
  verifyOneBip340(i: number): number;
  verifyBatchBip340(n: number): number;
  reserveEd25519(): void;
  verifyOneEd25519(i: number, strict: number): number;
  verifyBatchEd25519(n: number, strict: number): number;
  /** suite: a FrostSuite code; the context string is ctxLength bytes at ctx. */
  reserveFrost(
    suite: number,
    ctx: number,
    ctxLength: number,
    shares: number,
    sessions: number,
    messageBytes: number,
  ): void;
  verifyFrost(sessions: number, shares: number): number;
  /** Where a FrostRegion lives: commitment lists, verifying and signature shares, session records, messages. */
  frostRegions(which: number): number;
}

// Pure: a bundle that never instantiates this module drops it, embedded bytes included.
const verifier: WasmLoader = /* @__PURE__ */ wasmLoader('@tallyio/verifier', VERIFIER_WASM_BASE64);

/**
 * Hands @tallyio/verifier a compiled `verifier.wasm` (see WasmLoader.init); the default compiles the embedded
 * bytes. The verifier module links the field and tables kernels: verifiers need no other module.
 */
export function initWasm(module: WebAssembly.Module): void {
  verifier.init(module);
}

/** A fresh instance of the verifier module (its own memory; compiled once per realm). */
export async function instantiateVerifierModule(): Promise<VerifierExports> {
  return (await verifier.instantiate()) as unknown as VerifierExports;
}
