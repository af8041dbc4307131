// Cloudflare Workers (workerd) refuse to compile WebAssembly from bytes at run time; they import a `.wasm` file as
// a compiled module. This entry (the `workerd` export condition) hands that module over before anything runs.
import module from './nostr.wasm';
import { initWasm } from './wasm.js';

initWasm(module);

export * from './index.js';
