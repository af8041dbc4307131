// Replayable randomness for every test: Math.random, crypto.getRandomValues (and so @noble's random keys and the
// verifier's batch weights) and fast-check all draw from one generator seeded by the run's seed (TALLY_SEED) and
// the test's name. A failing test prints the seed; `TALLY_SEED=<seed> pnpm test` replays it, also when only
// that test is run (`vitest run -t '<name>'`), since each test's stream depends on its own name alone.
import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { beforeEach, expect, inject } from 'vitest';

const seed = inject('tallySeed');

/** FNV-1a of the seed and a name: the seed of one test's stream. */
function streamSeed(name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

let rng = xoroshiro128plus(streamSeed(expect.getState().testPath ?? ''));

function fill<T extends ArrayBufferView | null>(array: T): T {
  if (array === null) return array;
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  for (let i = 0; i < bytes.length; i += 4) {
    const word = rng.next();
    for (let k = 0; k < 4 && i + k < bytes.length; k++) bytes[i + k] = (word >>> (8 * k)) & 0xff;
  }
  return array;
}

Object.defineProperty(globalThis.crypto, 'getRandomValues', { value: fill, configurable: true, writable: true });
Math.random = () => (rng.next() >>> 0) / 2 ** 32;

beforeEach((ctx) => {
  const name = ctx.task.fullName;
  const testSeed = streamSeed(name);
  rng = xoroshiro128plus(testSeed);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: testSeed });
  ctx.onTestFailed(() => {
    console.error(
      `\n"${name}" failed with TALLY_SEED=${seed}; replay in ${process.cwd()}: TALLY_SEED=${seed} pnpm test`,
    );
  });
});
