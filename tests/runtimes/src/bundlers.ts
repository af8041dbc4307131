// Production builds of the batch page (dist/src/batch-page.js, @tallyio/verifier alone) by Vite, esbuild and
// webpack, each with no configuration beyond where its input and output are: the embedded WebAssembly needs no
// loader, plugin or asset rule. Each build gives the page to serve and the gzipped size of its JavaScript.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import webpack from 'webpack';
import { page } from './chromium.js';
import { ROOT } from './runtimes.js';

export interface PageBuild {
  /** The folder to serve. */
  readonly dir: string;
  /** The page's HTML with the data in it. */
  readonly html: string;
  /** JavaScript emitted, gzip -9, bytes. */
  readonly gzipBytes: number;
}

export type Bundler = 'vite' | 'esbuild' | 'webpack';
export const BUNDLERS: readonly Bundler[] = ['vite', 'esbuild', 'webpack'];

const ENTRY = join(ROOT, 'dist', 'src', 'batch-page.js');

function gzippedJs(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) {
      n += gzipSync(readFileSync(join(entry.parentPath, entry.name)), { level: 9 }).length;
    }
  }
  return n;
}

/** Builds the page with one bundler under .work/<bundler>/ (emptied first). */
export async function buildPage(bundler: Bundler, data: unknown): Promise<PageBuild> {
  const work = join(ROOT, '.work', bundler);
  const dir = join(work, 'dist');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  if (bundler === 'vite') {
    // Vite builds from an index.html; the data goes into it and comes out in the built page.
    writeFileSync(join(work, 'main.js'), `import '../../dist/src/batch-page.js';\n`);
    writeFileSync(join(work, 'index.html'), page(data, './main.js', true));
    await vite({ root: work, logLevel: 'silent', build: { outDir: dir } });
    return { dir, html: readFileSync(join(dir, 'index.html'), 'utf8'), gzipBytes: gzippedJs(dir) };
  }
  if (bundler === 'esbuild') {
    await esbuild({ entryPoints: [ENTRY], bundle: true, minify: true, outdir: dir, logLevel: 'silent' });
    return { dir, html: page(data, 'batch-page.js', false), gzipBytes: gzippedJs(dir) };
  }
  await new Promise<void>((resolve, reject) => {
    webpack({ mode: 'production', entry: ENTRY, output: { path: dir } }).run((err, stats) => {
      if (err || !stats || stats.hasErrors()) reject(err ?? new Error(stats?.toString('errors-only')));
      else resolve();
    });
  });
  return { dir, html: page(data, 'main.js', false), gzipBytes: gzippedJs(dir) };
}
