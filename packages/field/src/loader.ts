// How each package gets its WebAssembly: one loader per package, which compiles the embedded bytes or takes a
// module compiled elsewhere. A subpath of its own (`@tallyio/field/loader`), so packages that only need the loader
// do not pull in field's own module, nor, under the `workerd` condition, its `.wasm` file.

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
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
