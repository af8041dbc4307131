import type { FieldModuleExports } from '@tallyio/field';
import { type WasmLoader, wasmLoader } from '@tallyio/field/loader';
import { TABLES_WASM_BASE64 } from './generated/wasm.js';

/** The tables module's exports: the field kernels it links, plus curve points, decoding and MSM. */
export interface TablesExports extends FieldModuleExports {
  secp256k1_liftX(out: number, src: number): number;
  secp256k1_decodeCompressed(out: number, src: number): number;
  secp256k1_liftX2(out1: number, src1: number, out2: number, src2: number): number;
  secp256k1_decodeCompressed2(out1: number, src1: number, out2: number, src2: number): number;
  secp256k1_encodeXOnly(dst: number, a: number): void;
  secp256k1_encodeCompressed(dst: number, a: number): void;
  secp256k1_toAffine(out: number, p: number): void;
  secp256k1_split(k1: number, k2: number, k: number): number;
  secp256k1_reserve(maxPoints: number): void;
  secp256k1_msm(out: number, pts: number, scs: number, n: number): void;
  secp256k1_straus(out: number, pts: number, scs: number, n: number): void;
  secp256k1_strausBase(out: number, pts: number, scs: number, n: number, g: number): void;
  secp256k1_initBase(): void;
  secp256k1_keyCacheInit(capacity: number, seed: number): number;
  secp256k1_keyCacheFind(key: number, len: number, out: number): number;
  secp256k1_keyCachePin(on: number): void;
  secp256k1_keyCacheAdmit(key: number, len: number, point: number): number;
  secp256k1_strausKeys(
    out: number,
    pts: number,
    scs: number,
    n: number,
    slots: number,
    slotScs: number,
    m: number,
    g: number,
  ): void;
  secp256k1_pippenger(out: number, pts: number, scs: number, n: number, c: number): void;
  ed25519_decode(out: number, src: number, strict: number): number;
  ed25519_decode2(out1: number, src1: number, out2: number, src2: number, strict: number): number;
  ed25519_encode(dst: number, p: number): void;
  ed25519_isSmallOrder(p: number): number;
  ed25519_isTorsionFree(p: number): number;
  ed25519_mulByCofactor(out: number, p: number): void;
  ed25519_isIdentity(p: number): number;
  ed25519_eq(p: number, q: number): number;
  ed25519_reserve(maxPoints: number): void;
  ed25519_msm(out: number, pts: number, scs: number, n: number): void;
  ed25519_straus(out: number, pts: number, scs: number, n: number): void;
  ed25519_strausBase(out: number, pts: number, scs: number, n: number, g: number): void;
  ed25519_initBase(): void;
  ed25519_keyCacheInit(capacity: number, seed: number): number;
  ed25519_keyCacheFind(key: number, len: number, out: number): number;
  ed25519_keyCachePin(on: number): void;
  ed25519_keyCacheAdmit(key: number, len: number, point: number): number;
  ed25519_strausKeys(
    out: number,
    pts: number,
    scs: number,
    n: number,
    slots: number,
    slotScs: number,
    m: number,
    g: number,
  ): void;
  ed25519_pippenger(out: number, pts: number, scs: number, n: number, c: number): void;
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
