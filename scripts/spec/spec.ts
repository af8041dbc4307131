/**
 * The one source of every record and code shared across the TypeScript / WebAssembly boundary, and of the point
 * layouts the kernels share between files. `emit.ts <package>` writes each package's part as AssemblyScript
 * (`assembly/generated/spec.ts`) and TypeScript (`src/generated/spec.ts`) at build time; nothing else spells an
 * offset or a code.
 */

/** Bytes of a field element or scalar in the kernels: nine 29-bit limbs, one u32 each. */
export const FE = 36;
/** Bytes of a pair of elements in the field's pair layout: limb i of lane 0 at 8·i, of lane 1 at 8·i + 4. */
export const FE2 = 2 * FE;

export interface FieldSpec {
  readonly name: string;
  readonly bytes: number;
  readonly doc: string;
}

export interface LayoutSpec {
  readonly kind: 'layout';
  /** The namespace the constants live in: `p + Ext.Z`. */
  readonly name: string;
  readonly doc: string;
  readonly fields: readonly FieldSpec[];
  /** Record size when it is more than the fields' sum (a stride that keeps records aligned). */
  readonly size?: number;
  /** Extra constants of the namespace (name → value, doc). */
  readonly extra?: readonly (readonly [string, number, string])[];
}

export interface CodeSpec {
  readonly name: string;
  /** What verify calls report for this code; undefined for codes that never leave the package. */
  readonly reason?: string;
  readonly doc: string;
}

export interface CodesSpec {
  readonly kind: 'codes';
  readonly name: string;
  readonly doc: string;
  /** The first code's value; the rest follow. */
  readonly base: number;
  readonly codes: readonly CodeSpec[];
  /** The TypeScript name of the union of its reasons, and of the array of them by code. */
  readonly reasonType?: string;
  readonly reasonArray?: string;
  /** The AssemblyScript type of the constants (default i32). */
  readonly asType?: 'u8' | 'i32';
}

export interface ValuesSpec {
  readonly kind: 'values';
  readonly name: string;
  readonly doc: string;
  readonly values: readonly (readonly [string, number, string])[];
  /** The AssemblyScript type of the constants (default i32). */
  readonly asType?: 'u8' | 'i32' | 'usize';
}

export type Spec = LayoutSpec | CodesSpec | ValuesSpec;

const f = (name: string, bytes: number, doc: string): FieldSpec => ({ name, bytes, doc });
const c = (name: string, reason: string | undefined, doc = ''): CodeSpec => ({ name, reason, doc });
/** A point layout: one coordinate of `bytes` bytes per name, in order. */
const point = (name: string, doc: string, coordinates: string, bytes: number): LayoutSpec => ({
  kind: 'layout',
  name,
  doc,
  fields: coordinates.split(' ').map((coordinate) => f(coordinate, bytes, '')),
});

/** Named values of one kind (AssemblyScript type asType). */
const values = (
  name: string,
  doc: string,
  asType: ValuesSpec['asType'],
  entries: readonly (readonly [string, number, string])[],
): ValuesSpec => ({ kind: 'values', name, doc, values: entries, ...(asType ? { asType } : {}) });

/** The part of the spec each package owns; the others import it from there. */
export const SPEC: Record<string, readonly Spec[]> = {
  field: [
    {
      kind: 'layout',
      name: 'ModInfo',
      doc: "What safegcd's modInverse reads of a modulus M (each field's MODINFO, written by the field generator).",
      fields: [f('M', 36, 'M as nine 30-bit limbs, one u32 each'), f('MINV', 4, 'u32: M⁻¹ mod 2^30')],
    },
  ],
  tables: [
    point('Jac', 'A secp256k1 point in Jacobian coordinates: (X/Z², Y/Z³); Z = 0 is infinity.', 'X Y Z', FE),
    point('Aff', 'A secp256k1 point in affine coordinates (x, y), never infinity.', 'X Y', FE),
    point(
      'PairJac',
      'Two Jacobian points, one per SIMD lane: each coordinate a pair of elements (pair layout).',
      'X Y Z',
      FE2,
    ),
    point(
      'Ext',
      'An Ed25519 point in extended coordinates (X : Y : Z : T): x = X/Z, y = Y/Z, x·y = T/Z.',
      'X Y Z T',
      FE,
    ),
    {
      kind: 'layout',
      name: 'Cached',
      doc: 'An Ed25519 point in cached form (Y+X, Y−X, 2Z, 2d·T), what an addition reads.',
      fields: [f('YPX', FE, 'Y + X'), f('YMX', FE, 'Y − X'), f('Z2', FE, '2·Z'), f('T2D', FE, '2d·T')],
    },
    {
      kind: 'layout',
      name: 'Niels',
      doc: 'An Ed25519 point in affine Niels form (y+x, y−x, 2d·x·y).',
      fields: [f('YPX', FE, 'y + x'), f('YMX', FE, 'y − x'), f('XY2D', FE, '2d·x·y')],
    },
    point('PairExt', 'Two extended Ed25519 points, one per SIMD lane (pair layout).', 'X Y Z T', FE2),
    point('PairCached', 'Two cached Ed25519 points, one per SIMD lane (pair layout).', 'YPX YMX Z2 T2D', FE2),
    values('Pair', "The field's pair layout: two elements interleaved limb by limb.", 'usize', [
      ['FE', FE2, 'Bytes of a pair of elements.'],
      ['LANE1', 4, "Offset of lane 1's limb within a limb pair (lane 0 is at 0)."],
      ['LIMB', 8, 'Bytes from one limb pair to the next.'],
    ]),
    {
      kind: 'codes',
      name: 'Secp256k1Decode',
      doc: 'What decoding a secp256k1 point answers (WRONG_LENGTH only from TypeScript, before the kernel).',
      base: 0,
      reasonType: 'Secp256k1DecodeReason',
      reasonArray: 'SECP256K1_DECODE_REASONS',
      codes: [
        c('OK', undefined),
        c('X_NOT_BELOW_P', 'secp256k1: x is not below p'),
        c('NOT_ON_CURVE', 'secp256k1: x is not on the curve', 'x³ + 7 is not a square'),
        c('BAD_PREFIX', 'secp256k1: prefix is not 0x02 or 0x03'),
        c('WRONG_LENGTH', 'secp256k1: a point is 32 or 33 bytes'),
      ],
    },
    {
      kind: 'codes',
      name: 'Ed25519Decode',
      doc: 'What decoding an Ed25519 point answers (WRONG_LENGTH only from TypeScript, before the kernel).',
      base: 0,
      reasonType: 'Ed25519DecodeReason',
      reasonArray: 'ED25519_DECODE_REASONS',
      codes: [
        c('OK', undefined),
        c('Y_NOT_BELOW_P', 'ed25519: y is not below p (non-canonical encoding)'),
        c('NOT_ON_CURVE', 'ed25519: y is not on the curve', '(y² − 1)/(d·y² + 1) is not a square'),
        c('X_ZERO_SIGN', 'ed25519: x is 0 but the sign bit is set', 'a non-canonical encoding'),
        c('WRONG_LENGTH', 'ed25519: a point is 32 bytes'),
      ],
    },
    values('KeyTag', 'The byte after a key encoding in the key cache: which kind of key it is.', 'u8', [
      ['BIP340', 0, 'An x-only BIP340 key.'],
      ['ED25519', 0, 'An Ed25519 key under the default (ZIP 215) rules.'],
      ['ED25519_STRICT', 1, 'An Ed25519 key under the strict (RFC 8032) rules.'],
      ['FROST', 2, 'A FROST group key or verifying share.'],
    ]),
  ],
  verifier: [
    values(
      'Verdict',
      "The codes every scheme shares (each scheme's codes start with them): what the batch engine writes.",
      'u8',
      [
        ['VALID', 0, 'the item verifies'],
        ['INVALID', 1, 'well-formed, but the equation fails'],
      ],
    ),
    {
      kind: 'layout',
      name: 'Signature',
      doc: 'A BIP340 or Ed25519 signature: the encoding of R, then s.',
      fields: [f('R', 32, ''), f('S', 32, '')],
    },
    {
      kind: 'layout',
      name: 'TaggedKey',
      doc: 'What the key cache is keyed by: a 32-byte key encoding, then its KeyTag.',
      fields: [f('KEY', 32, ''), f('TAG', 1, '')],
      extra: [['KEY_BYTES', 32, 'Bytes of the key encoding.']],
    },
    {
      kind: 'layout',
      name: 'MessageIndex',
      doc: "An entry of a FixedBatch's message index (@tallyio/batch), per row.",
      fields: [f('OFFSET', 4, "u32: the message's byte offset"), f('LENGTH', 4, "u32: the message's length")],
    },
    {
      kind: 'codes',
      name: 'Bip340Code',
      asType: 'u8',
      doc: 'Item codes of BIP340 verification (0 valid).',
      base: 0,
      reasonType: 'Bip340Reason',
      reasonArray: 'BIP340_REASONS',
      codes: [
        c('VALID', undefined),
        c('INVALID', 'bad-signature', 'the equation fails'),
        c('R_NOT_BELOW_P', 'r>=p'),
        c('R_NOT_ON_CURVE', 'r-not-on-curve'),
        c('S_NOT_BELOW_N', 's>=n'),
        c('S_ZERO', 's=0'),
        c('KEY_NOT_BELOW_P', 'pubkey>=p'),
        c('KEY_NOT_ON_CURVE', 'pubkey-not-on-curve'),
      ],
    },
    {
      kind: 'codes',
      name: 'Ed25519Code',
      asType: 'u8',
      doc: 'Item codes of Ed25519 verification (0 valid).',
      base: 0,
      reasonType: 'Ed25519Reason',
      reasonArray: 'ED25519_REASONS',
      codes: [
        c('VALID', undefined),
        c('INVALID', 'bad-signature', 'the equation fails'),
        c('S_NOT_BELOW_L', 's>=l'),
        c('KEY_NON_CANONICAL', 'pubkey-non-canonical'),
        c('KEY_NOT_ON_CURVE', 'pubkey-not-on-curve'),
        c('KEY_SMALL_ORDER', 'pubkey-small-order'),
        c('R_NON_CANONICAL', 'r-non-canonical'),
        c('R_NOT_ON_CURVE', 'r-not-on-curve'),
      ],
    },
    {
      kind: 'codes',
      name: 'ItemCode',
      doc: "Codes of items that never reached a scheme's kernel, above every scheme's own codes.",
      base: 250,
      reasonType: 'ItemReason',
      reasonArray: 'ITEM_REASONS',
      codes: [
        c('BAD_ITEM', 'bad-item', 'not an object with signature, message and publicKey'),
        c('BAD_TYPE', 'bad-type', 'a field is not a Uint8Array'),
        c('BAD_LENGTH', 'bad-length', 'a signature or key of the wrong length'),
        c('WORKER_FAILED', 'worker-failed', 'the pool worker holding the item failed'),
        c('MESSAGE_TOO_LARGE', 'message-too-large', "the message is larger than a pool worker's arena"),
      ],
    },
    {
      kind: 'codes',
      name: 'FrostCode',
      asType: 'u8',
      doc: 'Item codes of FROST shares and aggregates, as the engine writes them (0 valid).',
      base: 0,
      reasonType: 'FrostReason',
      reasonArray: 'FROST_REASONS',
      codes: [
        c('VALID', undefined),
        c('INVALID', 'bad-share', 'the equation fails'),
        c('HIDING_NOT_A_POINT', 'hiding commitment is invalid'),
        c('BINDING_NOT_A_POINT', 'binding commitment is invalid'),
        c('SHARE_KEY_NOT_A_POINT', 'verifying share is invalid'),
        c('Z_NOT_BELOW_ORDER', 'signature share is not below the group order'),
        c(
          'SESSION_SPOILED',
          'session has a malformed commitment',
          "another signer's commitment or verifying share is malformed: R and the binding factors cannot be computed",
        ),
        c('R_IS_IDENTITY', 'frost: the group commitment is the identity'),
        c('GROUP_KEY_NOT_A_POINT', 'frost: group public key is not a point'),
        c(
          'SHARES_MALFORMED',
          'frost: a signature share is malformed',
          'an aggregate whose shares are not all well-formed',
        ),
      ],
    },
    {
      kind: 'layout',
      name: 'Session',
      doc: "A FROST signing session's record: written by TypeScript, completed by the kernel.",
      fields: [
        f('GROUP_KEY', FE, 'the group key encoding (33 or 32 bytes)'),
        f('MSG_AT', 4, "u32: the message's offset in the message region"),
        f('MSG_LENGTH', 4, "u32: the message's length"),
        f('FIRST', 4, 'u32: the index of its first share'),
        f('SHARES', 4, 'u32: how many shares it has'),
        f('R', 33, 'out: the aggregate commitment R (33 bytes, or 32 in the taproot suite, at R + 1)'),
        f('Z', 32, 'out: the aggregate signature scalar z'),
      ],
      size: 120,
    },
    values('FrostSuite', 'The FROST suites the kernel knows.', undefined, [
      ['SECP256K1', 0, 'FROST(secp256k1, SHA-256).'],
      ['SECP256K1_TR', 1, 'frost-secp256k1-tr (BIP340 signatures).'],
      ['ED25519', 2, 'FROST(Ed25519, SHA-512).'],
    ]),
    values(
      'FrostRegion',
      "The regions of the kernel's FROST memory that TypeScript fills (frostRegions(which)).",
      undefined,
      [
        ['LIST', 0, 'the commitment lists: id ‖ D ‖ E per signer'],
        ['YZ', 1, 'verifying share ‖ signature share per signer'],
        ['SESSIONS', 2, 'the session records'],
        ['MESSAGES', 3, 'the messages'],
      ],
    ),
  ],
  nostr: [
    {
      kind: 'codes',
      name: 'NostrCode',
      doc: 'Event codes of every form (0 valid).',
      base: 0,
      reasonType: 'NostrReason',
      reasonArray: 'NOSTR_REASONS',
      codes: [
        c('VALID', undefined),
        c('BAD_SIGNATURE', 'bad-signature'),
        c('ID_MISMATCH', 'id-mismatch'),
        // What is malformed: the line (JSON, UTF-8), the event object, or one of its fields.
        ...'json utf8 event id pubkey sig kind created_at tags content'
          .split(' ')
          .map((what) => c(`MALFORMED_${what.toUpperCase()}`, `malformed:${what}`)),
      ],
    },
    {
      kind: 'codes',
      name: 'ScanCode',
      doc: "The scanner's answers for a line, internal to the package.",
      base: 253,
      codes: [
        c('ARENA_FULL', undefined, 'the serialization arena cannot take this line before the rows so far are hashed'),
        c('PENDING', undefined, "the event's row is filled and waits for the kernel"),
        c('FALLBACK', undefined, 'the line needs the JavaScript path'),
      ],
    },
  ],
};
