// One file per entry point in a package's dist: every JavaScript target of package.json's exports (all export
// conditions) and every worker a source file starts with `new URL('./x.js', import.meta.url)` is bundled from
// src with esbuild over the per-module files tsc wrote: one file each, with no chunks shared between entries
// (Node 20 pays about a millisecond per module it loads, chunks included). Other packages, node: builtins and
// .wasm files stay imports. An application that imports two entries of one package (say the verifier and its
// FROST entry) compiles that package's WebAssembly once per entry; nothing else is shared between entries.
//
// Usage (a package's build, after tsc): node ../../scripts/bundle-dist.mjs
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every string target under exports that names a JavaScript file in dist. */
function targets(node, out) {
  if (typeof node === 'string') {
    if (node.startsWith('./dist/') && node.endsWith('.js')) out.add(node.slice('./dist/'.length));
  } else if (node && typeof node === 'object') for (const v of Object.values(node)) targets(v, out);
  return out;
}

/** Workers started from a URL next to the module that starts them. */
function workers(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) workers(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      for (const m of text.matchAll(/new URL\('\.\/([\w./-]+)\.js', import\.meta\.url\)/g)) {
        // Examples in comments name files that are not there.
        const js = join(relative(join(root, 'src'), dirname(path)), `${m[1]}.js`);
        if (existsSync(join(root, 'src', js.replace(/\.js$/, '.ts')))) out.add(js);
      }
    }
  }
  return out;
}

const entries = [...workers(join(root, 'src'), targets(pkg.exports, new Set()))].sort();
const entryPoints = Object.fromEntries(
  entries.map((js) => [js.slice(0, -'.js'.length), join('src', js.replace(/\.js$/, '.ts'))]),
);

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  external: ['@tallyio/*', '@noble/*', 'node:*', '*.wasm', ...Object.keys(pkg.dependencies ?? {})],
  allowOverwrite: true,
  logLevel: 'warning',
});
