// Picks the run's seed once per vitest process: TALLY_SEED when set, else a random 32-bit value. Every test file
// gets it through inject('tallySeed') (see seed-setup.ts).
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    tallySeed: number;
  }
}

/** The seed of this run: TALLY_SEED (decimal or 0x-hex) or a fresh random one. */
export function runSeed(env: string | undefined): number {
  if (env === undefined || env === '') return crypto.getRandomValues(new Uint32Array(1))[0] as number;
  const seed = Number(env);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`TALLY_SEED must be an integer in [0, 2^32): got ${JSON.stringify(env)}`);
  }
  return seed;
}

export default function setup(project: TestProject): void {
  project.provide('tallySeed', runSeed(process.env.TALLY_SEED));
}
