// The entry Node, Bun and Deno run: `<runtime> dist/src/run.js verdicts|timings <input.json>`; prints JSON.
// Verdicts: the fixture's inputs verified. Timings: import to first verification, then batch throughput.
import { readFileSync } from 'node:fs';
import type { BenchInputs, HexItem, Inputs, Timings } from './inputs.js';

const [mode, path] = process.argv.slice(2);
if (!path || (mode !== 'verdicts' && mode !== 'timings'))
  throw new Error('usage: run.js verdicts|timings <input.json>');
const input: unknown = JSON.parse(readFileSync(path, 'utf8'));
if (mode === 'verdicts') {
  const { verdicts } = await import('./probe.js');
  console.log(JSON.stringify(await verdicts(input as Inputs)));
} else {
  const bench = input as BenchInputs & { samples: number };
  const t0 = performance.now();
  const { firstVerification } = await import('./first.js');
  if (!(await firstVerification(bench.bip340[0] as HexItem))) throw new Error('first verification failed');
  const startupMs = performance.now() - t0;
  const { usPerSignature } = await import('./throughput.js');
  const timings: Timings = {
    startupMs,
    bip340UsPerSig: await usPerSignature(bench, 'bip340', bench.samples),
    ed25519UsPerSig: await usPerSignature(bench, 'ed25519', bench.samples),
  };
  console.log(JSON.stringify(timings));
}
