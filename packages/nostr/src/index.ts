export { type BatchingVerifier, type BatchingVerifierOptions, createBatchingVerifier } from './batching.js';
export type { NostrEvent } from './event.js';
export { NOSTR_REASONS, type NostrReason } from './reasons.js';
export {
  countLines,
  createNostrVerifier,
  type EventsResult,
  type NostrVerifier,
  type NostrVerifierOptions,
} from './verifier.js';
