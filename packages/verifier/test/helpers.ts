import { readFileSync } from 'node:fs';
import type { secp256k1_FROST } from '@noble/curves/secp256k1.js';
import type { FrostSession } from '../src/frost.js';
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

/** noble's FROST for any suite (typed as secp256k1's; the suites differ only in their byte lengths). */
export type NobleFrost = typeof secp256k1_FROST;

/** A FROST group: its public package and each member's secret share, by identifier. */
export interface FrostGroup {
  readonly public: FrostSession['publicPackage'];
  readonly secrets: Record<string, unknown>;
}

/** A min-of-max group from noble's trusted dealer. */
export function dealtGroup(F: NobleFrost, min: number, max: number): FrostGroup {
  const deal = F.trustedDealer({ min, max });
  return { public: deal.public, secrets: deal.secretShares };
}

/** A signing session with noble of the group's first t members (or the given ones); shares of `only` those when given. */
export function signSession(
  F: NobleFrost,
  g: FrostGroup,
  t: number,
  message: Uint8Array,
  ids: string[] = Object.keys(g.secrets).slice(0, t),
  only?: (i: number) => boolean,
): {
  ids: string[];
  session: FrostSession;
  /** The session's commitments and shares, as noble's own functions take them (shares open to corruption). */
  commitments: ReturnType<NobleFrost['commit']>['commitments'][];
  shares: Record<string, Uint8Array>;
} {
  const nonces = ids.map((id) => F.commit(g.secrets[id] as never));
  const commitments = nonces.map((n) => n.commitments);
  const shares: Record<string, Uint8Array> = {};
  ids.forEach((id, i) => {
    if (only && !only(i)) return;
    shares[id] = F.signShare(
      g.secrets[id] as never,
      g.public as never,
      nonces[i]?.nonces as never,
      commitments,
      message,
    );
  });
  const session: FrostSession = { publicPackage: g.public, commitments, message, shares };
  return { ids, session, commitments, shares };
}
