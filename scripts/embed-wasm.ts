/**
 * Embeds a compiled WebAssembly module into a TypeScript source as base64, so packages ship it inside their
 * JavaScript and consumers need neither a toolchain nor file loading.
 * Usage: tsx scripts/embed-wasm.ts <module.wasm> <out.ts> <CONSTANT_NAME>
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [wasmPath, outPath, name] = process.argv.slice(2);
if (!wasmPath || !outPath || !name) {
  console.error('usage: embed-wasm <module.wasm> <out.ts> <CONSTANT_NAME>');
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(
  outPath,
  `// Generated from ${wasmPath} (${wasm.length} bytes) by scripts/embed-wasm.ts; do not edit.\nexport const ${name}: string =\n  '${wasm.toString('base64')}';\n`,
);
