// The inputs every runtime verifies and the verdicts it reports, as JSON (hex strings), so one fixture and one
// result shape serve Node, Bun, Deno, workerd and the browser alike.
import type { FrostSession } from '@tallyio/verifier';

/** One signature, hex-encoded. */
export interface HexItem {
  readonly signature: string;
  readonly message: string;
  readonly publicKey: string;
}

/** A FROST signing session in @noble/curves' shapes, hex-encoded. */
export interface HexSession {
  readonly groupKey: string;
  readonly verifyingShares: Readonly<Record<string, string>>;
  readonly commitments: readonly { readonly identifier: string; readonly hiding: string; readonly binding: string }[];
  readonly message: string;
  readonly shares: Readonly<Record<string, string>>;
}

export interface Inputs {
  /** secp256k1 scalar k (hex, 32 bytes): the tables check computes msm([kG, kG], [k, k]). */
  readonly scalar: string;
  readonly bip340: readonly HexItem[];
  /** Verified in both Ed25519 modes: some items differ between ZIP215 and strict. */
  readonly ed25519: readonly HexItem[];
  readonly frost: readonly { readonly suite: 'secp256k1-tr' | 'ed25519'; readonly session: HexSession }[];
  /** Nostr events as the JSON lines a relay sends, some planted bad (wrong id, signature, fields). */
  readonly nostr: readonly string[];
}

export interface Verdicts {
  /** @tallyio/field: 3² in secp256k1's p, and 64 bytes of 7 reduced mod Ed25519's l (hex, little-endian). */
  readonly field: { readonly square: string; readonly reduced: string };
  /** @tallyio/tables: 2k²·G, SEC1-compressed hex. */
  readonly tables: string;
  readonly bip340: readonly boolean[];
  readonly ed25519Zip215: readonly boolean[];
  readonly ed25519Strict: readonly boolean[];
  /** Per session, the identifiers whose shares are invalid. */
  readonly frost: readonly (readonly string[])[];
  /** @tallyio/nostr: the events parsed and verified as a batch, and the same lines as bytes. */
  readonly nostrEvents: readonly boolean[];
  readonly nostrLines: readonly boolean[];
}

export interface Fixture {
  readonly inputs: Inputs;
  readonly expected: Verdicts;
}

/** Valid items for the throughput runs. */
export interface BenchInputs {
  readonly bip340: readonly HexItem[];
  readonly ed25519: readonly HexItem[];
}

/** Per-runtime figures: import to first verification (ms) and batch verification (µs per signature). */
export interface Timings {
  readonly startupMs: number;
  readonly bip340UsPerSig: number;
  readonly ed25519UsPerSig: number;
}

export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export const bytes = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

export const decodeItem = (x: HexItem): { signature: Uint8Array; message: Uint8Array; publicKey: Uint8Array } => ({
  signature: bytes(x.signature),
  message: bytes(x.message),
  publicKey: bytes(x.publicKey),
});

/** A fixture session in the shape the FROST verifier takes. */
export function frostSession(s: HexSession): FrostSession {
  const map = (o: Readonly<Record<string, string>>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, bytes(v)]));
  return {
    publicPackage: { commitments: [bytes(s.groupKey)], verifyingShares: map(s.verifyingShares) },
    commitments: s.commitments.map((c) => ({
      identifier: c.identifier,
      hiding: bytes(c.hiding),
      binding: bytes(c.binding),
    })),
    message: bytes(s.message),
    shares: map(s.shares),
  };
}
