export { BIP340_REASONS, type Bip340Reason } from './generated/spec.js';
