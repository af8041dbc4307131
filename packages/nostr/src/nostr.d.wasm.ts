/** `nostr.wasm` (copied into dist at build), imported as a compiled module where runtimes allow only that. */
declare const module: WebAssembly.Module;
export default module;
