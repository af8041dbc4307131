export { ED25519_REASONS, type Ed25519Reason } from './generated/spec.js';
