/** Reasons by the kernels' status codes (assembly/ed25519.ts). */
export const ED25519_REASONS: readonly (string | undefined)[] = [
  undefined,
  'bad-signature',
  's>=l',
  'pubkey-non-canonical',
  'pubkey-not-on-curve',
  'pubkey-small-order',
  'r-non-canonical',
  'r-not-on-curve',
];
