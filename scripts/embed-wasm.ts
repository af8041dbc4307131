/**
 * Embeds a compiled WebAssembly module into a TypeScript source as base64, so packages ship it inside their
 * JavaScript and consumers need neither a toolchain nor file loading; with a fourth argument, also copies the module
 * there (into dist), for runtimes that accept WebAssembly only as an imported `.wasm` file (the workerd entries).
 * Usage: tsx scripts/embed-wasm.ts <module.wasm> <out.ts> <CONSTANT_NAME> [<copy.wasm>]
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [wasmPath, outPath, name, copyPath] = process.argv.slice(2);
if (!wasmPath || !outPath || !name) {
  console.error('usage: embed-wasm <module.wasm> <out.ts> <CONSTANT_NAME> [<copy.wasm>]');
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(
  outPath,
  `// Generated from ${wasmPath} (${wasm.length} bytes) by scripts/embed-wasm.ts; do not edit.\nexport const ${name}: string =\n  '${wasm.toString('base64')}';\n`,
);
if (copyPath) {
  mkdirSync(dirname(copyPath), { recursive: true });
  copyFileSync(wasmPath, copyPath);
}
