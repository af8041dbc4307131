// Entry of the @tallyio/nostr WebAssembly module: the secp256k1 field and table kernels, BIP340 verification and
// SHA-256 from @tallyio/verifier, plus the NIP-01 event scanner; one instance and one memory hold them all. Only
// the secp256k1 side is exported, so the Ed25519 and FROST kernels are left out of this module.
export {
  initBase as secp256k1_initBase,
  keyCacheInit as secp256k1_keyCacheInit,
  reserve as secp256k1_reserve,
} from "@tallyio/tables/assembly/secp256k1/tables";
export { reserveBip340, verifyBatchBip340, verifyOneBip340 } from "@tallyio/verifier/assembly/bip340";
export { layoutRand, layoutStatus, reserveLayout, setLayout } from "@tallyio/verifier/assembly/layout";
export { sha256 } from "@tallyio/verifier/assembly/sha256";
export {
  arenaReserve,
  claimedAt,
  clearRows,
  deferRow,
  hashRows,
  moveRow,
  reserveScan,
  rowMismatch,
} from "./pending";
export { reserveRows, rowRegions } from "./rows";
export { lineEnd, quoteUtf8, scanEventLine } from "./scan";

/** Bump allocation of long-lived regions; never freed. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}
