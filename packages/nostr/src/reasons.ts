/** Why an event is not valid: one small vocabulary for every form. */
export type NostrReason =
  | 'bad-signature'
  | 'id-mismatch'
  | 'malformed:json'
  | 'malformed:utf8'
  | 'malformed:event'
  | 'malformed:id'
  | 'malformed:pubkey'
  | 'malformed:sig'
  | 'malformed:kind'
  | 'malformed:created_at'
  | 'malformed:tags'
  | 'malformed:content';

/** Status codes (index = code; 0 is valid). The WebAssembly scanner writes the same codes. */
export const NOSTR_REASONS: readonly (NostrReason | undefined)[] = [
  undefined,
  'bad-signature',
  'id-mismatch',
  'malformed:json',
  'malformed:utf8',
  'malformed:event',
  'malformed:id',
  'malformed:pubkey',
  'malformed:sig',
  'malformed:kind',
  'malformed:created_at',
  'malformed:tags',
  'malformed:content',
];

export const VALID = 0;
export const BAD_SIGNATURE = 1;
export const ID_MISMATCH = 2;
export const MALFORMED_JSON = 3;
export const MALFORMED_UTF8 = 4;
export const MALFORMED_EVENT = 5;
export const MALFORMED_ID = 6;
export const MALFORMED_PUBKEY = 7;
export const MALFORMED_SIG = 8;
export const MALFORMED_KIND = 9;
export const MALFORMED_CREATED_AT = 10;
export const MALFORMED_TAGS = 11;
export const MALFORMED_CONTENT = 12;
/** Internal (scanner): hash the rows so far, then scan the line again. */
export const ARENA_FULL = 253;
/** Internal: the event's row is filled and waits for the kernel. */
export const PENDING = 254;
/** Internal (scanner): the line needs the JavaScript path. */
export const FALLBACK = 255;
