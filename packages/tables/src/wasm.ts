import type { FieldModuleExports } from '@tallyio/field';
import { type WasmLoader, wasmLoader } from '@tallyio/field/loader';
import { TABLES_WASM_BASE64 } from './generated/wasm.js';

/** The kernels both curves export, each under its curve's prefix (`secp256k1_msm`, `ed25519_msm`, …). */
export interface CurveKernels {
  reserve(maxPoints: number): void;
  msm(out: number, pts: number, scs: number, n: number): void;
  straus(out: number, pts: number, scs: number, n: number): void;
  strausBase(out: number, pts: number, scs: number, n: number, g: number): void;
  initBase(): void;
  keyCacheInit(capacity: number, seed: number): number;
  keyCacheFind(key: number, len: number, out: number): number;
  keyCachePin(on: number): void;
  keyCacheAdmit(key: number, len: number, point: number): number;
  strausKeys(
    out: number,
    pts: number,
    scs: number,
    n: number,
    slots: number,
    slotScs: number,
    m: number,
    g: number,
  ): void;
  pippenger(out: number, pts: number, scs: number, n: number, c: number): void;
}

/** A curve's kernels under its prefix: `CurveExports<'ed25519'>` has `ed25519_msm`, `ed25519_straus`, …. */
export type CurveExports<P extends string> = { [K in keyof CurveKernels as `${P}_${K}`]: CurveKernels[K] };

/** The tables module's exports: the field kernels it links, plus curve points, decoding and MSM. */
export interface TablesExports extends FieldModuleExports, CurveExports<'secp256k1'>, CurveExports<'ed25519'> {
  secp256k1_liftX(out: number, src: number): number;
  secp256k1_decodeCompressed(out: number, src: number): number;
  secp256k1_liftX2(out1: number, src1: number, out2: number, src2: number): number;
  secp256k1_decodeCompressed2(out1: number, src1: number, out2: number, src2: number): number;
  secp256k1_encodeXOnly(dst: number, a: number): void;
  secp256k1_encodeCompressed(dst: number, a: number): void;
  secp256k1_toAffine(out: number, p: number): void;
  secp256k1_split(k1: number, k2: number, k: number): number;
  ed25519_decode(out: number, src: number, strict: number): number;
  ed25519_decode2(out1: number, src1: number, out2: number, src2: number, strict: number): number;
  ed25519_encode(dst: number, p: number): void;
  ed25519_isSmallOrder(p: number): number;
  ed25519_isTorsionFree(p: number): number;
  ed25519_mulByCofactor(out: number, p: number): void;
  ed25519_isIdentity(p: number): number;
  ed25519_eq(p: number, q: number): number;
}

// Pure: a bundle that never instantiates this module drops it, embedded bytes included.
const tables: WasmLoader = /* @__PURE__ */ wasmLoader('@tallyio/tables', TABLES_WASM_BASE64);

/** Hands @tallyio/tables a compiled `tables.wasm` (see WasmLoader.init); the default compiles the embedded bytes. */
export function initWasm(module: WebAssembly.Module): void {
  tables.init(module);
}

/** A fresh instance of the tables module (its own memory; compiled once per realm). */
export async function instantiateTablesModule(): Promise<TablesExports> {
  return (await tables.instantiate()) as unknown as TablesExports;
}
