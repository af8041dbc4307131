import fc from 'fast-check';
import { modPow } from '../scripts/gen/spec.js';
import { ELEMENT_BYTES, type Fields, loadFields, type PrimeField } from '../src/index.js';

export const fields: Fields = await loadFields();
export const ALL: readonly PrimeField[] = [fields.secp256k1P, fields.secp256k1N, fields.ed25519P, fields.ed25519L];

/** ≥ 10^4 cases per property in CI; TALLY_FIELD_RUNS raises it for a longer local run. */
export const RUNS: number = Number(process.env.TALLY_FIELD_RUNS ?? 10_000);

export const mod = (x: bigint, m: bigint): bigint => ((x % m) + m) % m;

export { modPow };

export function modInv(a: bigint, m: bigint): bigint {
  return modPow(a, m - 2n, m);
}

/** Elements in [0, m): edges first, then uniform values. */
export function element(m: bigint): fc.Arbitrary<bigint> {
  return fc.oneof(
    {
      weight: 1,
      arbitrary: fc.constantFrom(0n, 1n, 2n, m - 1n, m - 2n, (m - 1n) / 2n, 2n ** 128n, 2n ** 255n % m),
    },
    { weight: 6, arbitrary: fc.bigInt({ min: 0n, max: m - 1n }) },
  );
}

export function enc(f: PrimeField, x: bigint): Uint8Array {
  const r = f.encode(x);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

export function dec(f: PrimeField, bytes: Uint8Array): bigint {
  const r = f.decode(bytes);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

export function value<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/** Raw limb access for checking the kernels' bounds directly. */
export function writeLimbs(f: PrimeField, h: number, limbs: readonly number[]): void {
  const view = new DataView(f.memory.bytes.buffer);
  for (const [i, l] of limbs.entries()) view.setUint32(h + 4 * i, l, true);
}

export function readLimbs(f: PrimeField, h: number): number[] {
  const view = new DataView(f.memory.bytes.buffer);
  return Array.from({ length: ELEMENT_BYTES / 4 }, (_, i) => view.getUint32(h + 4 * i, true));
}

export const limbsValue = (limbs: readonly number[]): bigint =>
  limbs.reduceRight((acc, l) => (acc << 29n) + BigInt(l), 0n);

export function limbsOf(x: bigint): number[] {
  return Array.from({ length: 9 }, (_, i) => Number((x >> BigInt(29 * i)) & 0x1fffffffn));
}
