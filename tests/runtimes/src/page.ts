// The browser page of the runtime matrix: the fixture's inputs (or the throughput inputs) in a JSON script element,
// the result in window.__result for the harness to read.
import type { BenchInputs, HexItem, Inputs, Timings } from './inputs.js';

const data = JSON.parse(document.getElementById('data')?.textContent ?? 'null') as
  | { mode: 'verdicts'; input: Inputs }
  | { mode: 'timings'; input: BenchInputs & { samples: number } };
const out = window as unknown as { __result?: unknown; __error?: string };

async function main(): Promise<unknown> {
  if (data.mode === 'verdicts') return (await import('./probe.js')).verdicts(data.input);
  const t0 = performance.now();
  const { firstVerification } = await import('./first.js');
  if (!(await firstVerification(data.input.bip340[0] as HexItem))) throw new Error('first verification failed');
  const startupMs = performance.now() - t0;
  const { usPerSignature } = await import('./throughput.js');
  const timings: Timings = {
    startupMs,
    bip340UsPerSig: await usPerSignature(data.input, 'bip340', data.input.samples),
    ed25519UsPerSig: await usPerSignature(data.input, 'ed25519', data.input.samples),
  };
  return timings;
}

main().then(
  (r) => {
    out.__result = r;
  },
  (e: unknown) => {
    out.__error = String((e as Error).stack ?? e);
  },
);
