// Throughput: batches of valid items verified over and over in one verifier; the median batch, per signature.
import { createVerifier, type Verifier } from '@tallyio/verifier';
import { type BenchInputs, decodeItem, type HexItem } from './inputs.js';

export type Scheme = 'bip340' | 'ed25519';

/** One verifier per scheme with its batch decoded once; run(reps) verifies it reps times and checks the verdict. */
export async function batchRunner(inputs: BenchInputs, scheme: Scheme): Promise<(reps: number) => void> {
  const v: Verifier = await createVerifier({ scheme });
  const items = (inputs[scheme] as readonly HexItem[]).map(decodeItem);
  return (reps) => {
    for (let i = 0; i < reps; i++) {
      if (!v.verifyBatch(items).allValid) throw new Error(`${scheme}: a valid batch failed`);
    }
  };
}

/** Median µs per signature over `samples` timed batches, after one untimed batch. */
export async function usPerSignature(inputs: BenchInputs, scheme: Scheme, samples: number): Promise<number> {
  const run = await batchRunner(inputs, scheme);
  run(1);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    run(1);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return ((times[times.length >> 1] as number) * 1000) / inputs[scheme].length;
}
