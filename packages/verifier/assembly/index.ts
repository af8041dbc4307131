// Entry of the @tallyio/verifier WebAssembly module: field and tables kernels linked in, plus hashing and the
// verification kernels.
export * from "@tallyio/tables/assembly/index";
export { reserveBip340, verifyBatchBip340, verifyOneBip340 } from "./bip340";
export { reserveEd25519, verifyBatchEd25519, verifyOneEd25519 } from "./ed25519";
export { frostRegions, reserveFrost, verifyFrost } from "./frost";
export { layoutRand, layoutStatus, reserveLayout, setLayout } from "./layout";
export { sha256 } from "./sha256";
export { sha512 } from "./sha512";
