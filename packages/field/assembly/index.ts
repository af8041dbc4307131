// Entry of the @tallyio/field WebAssembly module: every field's kernels under a per-field prefix, plus the
// allocator the TypeScript wrapper uses for element handles. Other packages import the field files directly.
export * from "./generated/exports";
export { sqrtRatio as ed25519_p_sqrtRatio } from "./sqrt_ed25519";
export {
  isSquare as secp256k1_p_isSquare,
  sqrt as secp256k1_p_sqrt,
  sqrt2 as secp256k1_p_sqrt2,
} from "./sqrt_secp256k1";

/** Bump allocation of long-lived regions (element handles, scratch); never freed. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}
export { halfSize } from "./halfsize";
