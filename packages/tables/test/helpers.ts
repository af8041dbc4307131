import { loadTables, type Tables } from '../src/index.js';

export const tables: Tables = await loadTables({ maxPoints: 2048 });
export const RUNS: number = Number(process.env.TALLY_TABLES_RUNS ?? 300);

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const bytesBE = (x: bigint, len = 32): Uint8Array => {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[len - 1 - i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
};
export const bytesLE = (x: bigint, len = 32): Uint8Array => bytesBE(x, len).reverse();
export const randomBytes = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
export const randomBelow = (m: bigint): bigint => randomBytes(48).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n) % m;
