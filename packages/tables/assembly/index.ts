// Entry of the @tallyio/tables WebAssembly module (field kernels are linked in from @tallyio/field).
export * from "@tallyio/field/assembly/generated/exports";
export { sqrtRatio as ed25519_p_sqrtRatio } from "@tallyio/field/assembly/sqrt_ed25519";
export { sqrt as secp256k1_p_sqrt } from "@tallyio/field/assembly/sqrt_secp256k1";
export { decode as ed25519_decode, decode2 as ed25519_decode2, encode as ed25519_encode } from "./ed25519/decode";
export { msm as ed25519_msm } from "./ed25519/msm";
export { pippenger as ed25519_pippenger } from "./ed25519/pippenger";
export {
  add as ed25519_add,
  dbl as ed25519_dbl,
  eq as ed25519_eq,
  isIdentity as ed25519_isIdentity,
  isSmallOrder as ed25519_isSmallOrder,
  isTorsionFree as ed25519_isTorsionFree,
  mulByCofactor as ed25519_mulByCofactor,
} from "./ed25519/point";
export {
  straus as ed25519_straus,
  strausBase as ed25519_strausBase,
  strausKeys as ed25519_strausKeys,
} from "./ed25519/straus";
export {
  initBase as ed25519_initBase,
  keyCacheAdmit as ed25519_keyCacheAdmit,
  keyCacheFind as ed25519_keyCacheFind,
  keyCacheInit as ed25519_keyCacheInit,
  keyCachePin as ed25519_keyCachePin,
  reserve as ed25519_reserve,
} from "./ed25519/tables";
export {
  decodeCompressed as secp256k1_decodeCompressed,
  decodeCompressed2 as secp256k1_decodeCompressed2,
  encodeCompressed as secp256k1_encodeCompressed,
  encodeXOnly as secp256k1_encodeXOnly,
  liftX as secp256k1_liftX,
  liftX2 as secp256k1_liftX2,
} from "./secp256k1/decode";
export { split as secp256k1_split } from "./secp256k1/glv";
export { msm as secp256k1_msm } from "./secp256k1/msm";
export { pippenger as secp256k1_pippenger } from "./secp256k1/pippenger";
export {
  add as secp256k1_add,
  addAffine as secp256k1_addAffine,
  dbl as secp256k1_dbl,
  onCurve as secp256k1_onCurve,
  toAffine as secp256k1_toAffine,
} from "./secp256k1/point";
export {
  straus as secp256k1_straus,
  strausBase as secp256k1_strausBase,
  strausKeys as secp256k1_strausKeys,
} from "./secp256k1/straus";
export {
  initBase as secp256k1_initBase,
  keyCacheAdmit as secp256k1_keyCacheAdmit,
  keyCacheFind as secp256k1_keyCacheFind,
  keyCacheInit as secp256k1_keyCacheInit,
  keyCachePin as secp256k1_keyCachePin,
  reserve as secp256k1_reserve,
} from "./secp256k1/tables";

/** Bump allocation of long-lived regions (handles, scratch); never freed. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}
