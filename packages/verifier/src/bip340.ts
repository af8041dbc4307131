/** Reasons by the kernels' status codes (assembly/bip340.ts). */
export const BIP340_REASONS: readonly (string | undefined)[] = [
  undefined,
  'bad-signature',
  'r>=p',
  'r-not-on-curve',
  's>=n',
  's=0',
  'pubkey>=p',
  'pubkey-not-on-curve',
];
