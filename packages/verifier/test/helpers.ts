import { readFileSync } from 'node:fs';
import type { BatchItem } from '../src/index.js';

export const vectorsDir: URL = new URL('../../../vectors/', import.meta.url);
export const readVector = (path: string): string => readFileSync(new URL(path, vectorsDir), 'utf8');
export const hexBytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
export const randomBytes = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
/** ≥ 10^4 differential items per scheme in CI; TALLY_DIFF_ITEMS raises it. */
export const DIFF_ITEMS: number = Number(process.env.TALLY_DIFF_ITEMS ?? 10_000);

/** Fisher–Yates over a copy. */
export function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A copy of the item with bit `bit` of one field flipped. */
export function flip(item: BatchItem, field: keyof BatchItem, bit: number): BatchItem {
  const bytes = Uint8Array.from(item[field]);
  if (bytes.length > 0)
    bytes[(bit >> 3) % bytes.length] = (bytes[(bit >> 3) % bytes.length] as number) ^ (1 << (bit & 7));
  return { ...item, [field]: bytes };
}

export function bigToBytesBE(x: bigint, length = 32): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => Number((x >> BigInt(8 * (length - 1 - i))) & 0xffn));
}

export const bytesToBigBE = (b: Uint8Array): bigint => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
