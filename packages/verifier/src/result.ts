import type { Bip340Reason, Ed25519Reason, ItemReason } from './generated/spec.js';

/** Why an item is not valid: its scheme's reason, or why it is not an item of bytes of the right lengths. */
export type VerifyReason = Bip340Reason | Ed25519Reason | ItemReason;

/** The outcome of a batch: one verdict per item, in order, and why each invalid item failed. */
export interface VerificationResult {
  readonly allValid: boolean;
  /** One verdict per item, in input order. */
  readonly valid: boolean[];
  /** Indexes of the invalid items, ascending. */
  readonly invalid: number[];
  /** Why each invalid item failed ('bad-signature', 's>=n', 'pubkey-not-on-curve', …); undefined when valid. */
  readonly reasons: (VerifyReason | undefined)[];
}

/** An item to verify; all fields are bytes. */
export interface BatchItem {
  readonly signature: Uint8Array;
  readonly message: Uint8Array;
  readonly publicKey: Uint8Array;
}
