export { eventOfMessage } from './engine.js';
export { type NostrEvent, serializeEvent } from './event.js';
export { NOSTR_REASONS, NostrCode, type NostrReason } from './generated/spec.js';
export {
  countLines,
  createNostrVerifier,
  type EventItem,
  type EventsResult,
  type NostrVerifier,
  type NostrVerifierOptions,
} from './verifier.js';
export { initWasm } from './wasm.js';
