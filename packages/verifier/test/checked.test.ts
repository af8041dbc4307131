// The checked build (like libsecp256k1's VERIFY): with TALLY_CHECKED every field kernel traps on an input outside
// the bounds its code was proven for, and point additions trap on a point off the curve or with a stale T. The
// `checked` test project runs this file, the vectors and the differential tests against a module compiled that way
// (vitest.config.ts); the default project runs them against the normal module, where the checks compile away.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { instantiateVerifierModule } from '../src/wasm.js';

const checked = process.env.TALLY_CHECKED_WASM === '1';
const ELEMENT = 36;

type Kernel = (out: number, a: number, b?: number) => void;

async function module() {
  const x = (await instantiateVerifierModule()) as Awaited<ReturnType<typeof instantiateVerifierModule>> & {
    secp256k1_p_mul: Kernel;
    ed25519_l_sqr: Kernel;
  };
  const at = x.alloc(4 * ELEMENT + 144);
  const words = () => new Uint32Array(x.memory.buffer);
  return { x, at, words };
}

describe(`kernels with inputs out of bounds (${checked ? 'checked' : 'normal'} build)`, () => {
  it('a product whose first operand has one limb over its bound traps only in the checked build', async () => {
    const { x, at, words } = await module();
    const [a, b, out] = [at, at + ELEMENT, at + 2 * ELEMENT];
    words().fill(1, a / 4, (a + 2 * ELEMENT) / 4);
    x.secp256k1_p_mul(out, a, b);
    // mul takes a first operand with limbs ≤ 0x5ffffffd (a carry-free difference or a sum of three elements).
    words()[a / 4] = 0x5ffffffe;
    const run = () => x.secp256k1_p_mul(out, a, b);
    if (checked) expect(run).toThrow(/unreachable/);
    else expect(run).not.toThrow();
  });

  it('a scalar that is not below the group order traps only in the checked build', async () => {
    const { x, at, words } = await module();
    const [a, out] = [at, at + ELEMENT];
    // limbs of 2^253 − 1 > ℓ: each below 2^29, so only the comparison with ℓ rejects it
    words().fill(0x1fffffff, a / 4, a / 4 + 8);
    words()[a / 4 + 8] = (1 << 21) - 1;
    const run = () => x.ed25519_l_sqr(out, a);
    if (checked) expect(run).toThrow(/unreachable/);
    else expect(run).not.toThrow();
  });

  it('an Edwards point whose T is stale traps in an addition only in the checked build', async () => {
    const { x, at, words } = await module();
    const point = at;
    const src = at + 144;
    new Uint8Array(x.memory.buffer).set(ed25519.Point.BASE.multiply(12345n).toBytes(), src);
    expect(x.ed25519_decode(point, src, 0)).toBe(0);
    expect(x.ed25519_isTorsionFree(point)).toBe(1);
    const w = words();
    w[(point + 108) / 4] = (w[(point + 108) / 4] as number) ^ 1; // T's lowest bit
    const run = () => x.ed25519_isTorsionFree(point);
    if (checked) expect(run).toThrow(/unreachable/);
    else expect(run).not.toThrow();
  });
});
