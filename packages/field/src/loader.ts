// How each package gets its WebAssembly: one loader per package, which compiles the embedded bytes or takes a
// module compiled elsewhere. A subpath of its own (`@tallyio/field/loader`), so packages that only need the loader
// do not pull in field's own module, nor, under the `workerd` condition, its `.wasm` file.

/**
 * The embedded module's bytes. Native decoders first: Uint8Array.fromBase64 (current browsers) or Buffer (Node,
 * Bun, Deno). In a fresh Node process, atob and a copy loop took 4.2 ms for the verifier's module; Buffer 0.2 ms.
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const U8 = Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> };
  if (typeof U8.fromBase64 === 'function') return U8.fromBase64(text);
  const B = (globalThis as { Buffer?: { from(s: string, encoding: 'base64'): Uint8Array } }).Buffer;
  if (typeof B?.from === 'function') {
    const bytes = B.from(text, 'base64');
    const out = new Uint8Array(bytes.length);
    out.set(bytes);
    return out;
  }
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** One package's compiled module, and fresh instances of it. */
export interface WasmLoader {
  /**
   * Uses an already compiled module from now on instead of compiling the embedded bytes: for runtimes that refuse
   * to compile WebAssembly from bytes at run time (Cloudflare Workers and other edge runtimes), which hand over
   * the package's `.wasm` file as a `WebAssembly.Module`. Call it before the first instance.
   */
  init(module: WebAssembly.Module): void;
  /** A fresh instance with its own memory and tables (one per thread; nothing is shared between instances). */
  instantiate(): Promise<WebAssembly.Exports>;
}

const IMPORTS: WebAssembly.Imports = {
  env: {
    abort: () => {
      throw new Error('@tallyio: WebAssembly abort');
    },
  },
};

/**
 * The loader of one package's module: the embedded (base64) bytes compiled once per realm on first use, unless
 * init() handed over a compiled module first.
 */
export function wasmLoader(name: string, base64: string): WasmLoader {
  let module: Promise<WebAssembly.Module> | undefined;
  return {
    init(compiled) {
      if (!(compiled instanceof WebAssembly.Module)) throw new TypeError(`${name}: init expects a WebAssembly.Module`);
      module = Promise.resolve(compiled);
    },
    async instantiate() {
      module ??= WebAssembly.compile(decodeBase64(base64));
      return (await WebAssembly.instantiate(await module, IMPORTS)).exports;
    },
  };
}
