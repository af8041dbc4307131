// FixedBatch.add reports refusals as negative numbers so that the hot path returns a small integer and never
// allocates; these names and reasons turn a code into something a caller can log or return.

/** The batch already holds `capacity` rows (and no `onFull` hook made room). */
export const BATCH_FULL = -1;
/** Wrong number of fields, or a field whose length is not the declared width. */
export const BATCH_BAD_LENGTH = -2;
/** The message does not fit in what is left of the message arena (or is larger than the whole arena). */
export const BATCH_MESSAGE_ARENA_FULL = -3;

export type BatchError = 'full' | 'bad-length' | 'message-arena-full';

/** The name of a negative `FixedBatch.add` result; undefined for a row index (≥ 0) or an unknown code. */
export function batchError(code: number): BatchError | undefined {
  switch (code) {
    case BATCH_FULL:
      return 'full';
    case BATCH_BAD_LENGTH:
      return 'bad-length';
    case BATCH_MESSAGE_ARENA_FULL:
      return 'message-arena-full';
    default:
      return undefined;
  }
}

/** A sentence naming the function and the problem, for logs and `{ ok: false, reason }` values. */
export function batchErrorReason(code: number): string {
  switch (code) {
    case BATCH_FULL:
      return 'FixedBatch.add: full (capacity reached)';
    case BATCH_BAD_LENGTH:
      return 'FixedBatch.add: bad-length (field count or a field length differs from the layout)';
    case BATCH_MESSAGE_ARENA_FULL:
      return 'FixedBatch.add: message-arena-full (message larger than the arena space left)';
    default:
      return code >= 0 ? `FixedBatch.add: ok (row ${code})` : `FixedBatch.add: unknown code ${code}`;
  }
}
