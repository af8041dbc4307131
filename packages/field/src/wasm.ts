import { FIELD_WASM_BASE64 } from './generated/wasm.js';
import { type WasmLoader, wasmLoader } from './loader.js';

/** Kernels of one field as the WebAssembly module exports them; pointers are byte offsets into its memory. */
export interface FieldKernels {
  mul(out: number, a: number, b: number): void;
  sqr(out: number, a: number): void;
  add(out: number, a: number, b: number): void;
  sub(out: number, a: number, b: number): void;
  neg(out: number, a: number): void;
  cneg(out: number, a: number, flag: number): void;
  inv(out: number, a: number): number;
  batchInv(out: number, a: number, n: number, scratch: number): void;
  eq(a: number, b: number): number;
  isZero(a: number): number;
  canonical(out: number, a: number): void;
  fromBytes(out: number, src: number): number;
  toBytes(dst: number, a: number): void;
  mulLoop(out: number, a: number, b: number, n: number): void;
  sqrLoop(out: number, a: number, n: number): void;
  invLoop(out: number, a: number, n: number): void;
}

export interface FieldModuleExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  secp256k1_p_sqrt(out: number, a: number): number;
  /** Half-size scalars: ρ ≡ τ·h (mod modulus), ρ < 2^stop; |τ| into tau; returns 1 when τ is negative. */
  halfSize(rho: number, tau: number, h: number, modulus: number, stop: number): number;
  secp256k1_p_isSquare(a: number): number;
  ed25519_p_sqrtRatio(out: number, u: number, v: number): number;
  secp256k1_n_reduceBytes(out: number, src: number): void;
  ed25519_l_reduceBytes(out: number, src: number): void;
  secp256k1_p_mulSmall(out: number, a: number, k: number): void;
  ed25519_p_mulSmall(out: number, a: number, k: number): void;
  secp256k1_p_sqrt2(outA: number, outB: number, a: number, b: number): number;
  secp256k1_p_pairOf(out: number, x: number, y: number): void;
  secp256k1_p_unpair(x: number, y: number, p: number): void;
  secp256k1_p_mul2(out: number, a: number, b: number): void;
  secp256k1_p_sqr2(out: number, a: number): void;
  ed25519_p_pairOf(out: number, x: number, y: number): void;
  ed25519_p_unpair(x: number, y: number, p: number): void;
  ed25519_p_mul2(out: number, a: number, b: number): void;
  ed25519_p_sqr2(out: number, a: number): void;
  readonly [name: string]: unknown;
}

export type FieldName = 'secp256k1_p' | 'secp256k1_n' | 'ed25519_p' | 'ed25519_l';

const KERNEL_NAMES: readonly (keyof FieldKernels)[] = [
  'mul',
  'sqr',
  'add',
  'sub',
  'neg',
  'cneg',
  'inv',
  'batchInv',
  'eq',
  'isZero',
  'canonical',
  'fromBytes',
  'toBytes',
  'mulLoop',
  'sqrLoop',
  'invLoop',
];

/** Picks one field's kernels out of the module's prefixed exports. */
export function kernelsOf(exports: FieldModuleExports, name: FieldName): FieldKernels {
  const entries = KERNEL_NAMES.map((k) => [k, exports[`${name}_${k}`]] as const);
  return Object.fromEntries(entries) as unknown as FieldKernels;
}

// Pure: a bundle that never instantiates this module drops it, embedded bytes included.
const field: WasmLoader = /* @__PURE__ */ wasmLoader('@tallyio/field', FIELD_WASM_BASE64);

/** Hands @tallyio/field a compiled `field.wasm` (see WasmLoader.init); the default compiles the embedded bytes. */
export function initWasm(module: WebAssembly.Module): void {
  field.init(module);
}

/** A fresh instance of the field module. */
export async function instantiateFieldModule(): Promise<FieldModuleExports> {
  return (await field.instantiate()) as unknown as FieldModuleExports;
}
