// The JavaScript path of one event: nostr-tools' validateEvent rules, the NIP-01 serialization by JSON.stringify
// (so numbers, escapes and lone surrogates come out exactly as every client hashes them), and hex decoding
// straight into the module's memory.
import { NostrCode } from './generated/spec.js';

/** The fields of a nostr event, as nostr-tools' Event declares them. */
export interface NostrEvent {
  id: string;
  pubkey: string;
  created_at: number;
  kind: number;
  tags: string[][];
  content: string;
  sig: string;
}

/** Hex digit values by character code: lowercase only, and either case. −1 elsewhere. */
const LOWER = new Int8Array(128).fill(-1);
const ANY = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) {
  LOWER[48 + c] = c;
  ANY[48 + c] = c;
}
for (let c = 0; c < 6; c++) {
  LOWER[97 + c] = 10 + c;
  ANY[97 + c] = 10 + c;
  ANY[65 + c] = 10 + c;
}

/**
 * Decodes a string of 2n hex digits into dst[at..at+n). Ids and keys are lowercase only (nostr-tools compares
 * them as lowercase strings); signatures take either case (nostr-tools decodes them with hexToBytes).
 */
export function hexInto(s: string, n: number, dst: Uint8Array, at: number, anyCase: boolean): boolean {
  if (s.length !== 2 * n) return false;
  const table = anyCase ? ANY : LOWER;
  for (let i = 0; i < n; i++) {
    const hi = table[s.charCodeAt(2 * i) & 0xffff] ?? -1;
    const lo = table[s.charCodeAt(2 * i + 1) & 0xffff] ?? -1;
    if ((hi | lo) < 0) return false;
    dst[at + i] = (hi << 4) | lo;
  }
  return true;
}

/** Whether the hex string equals the n bytes at src[at..]; lowercase only. */
export function hexEquals(s: string, src: Uint8Array, at: number, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const hi = LOWER[s.charCodeAt(2 * i) & 0xffff] ?? -1;
    const lo = LOWER[s.charCodeAt(2 * i + 1) & 0xffff] ?? -1;
    if ((hi | lo) < 0 || src[at + i] !== ((hi << 4) | lo)) return false;
  }
  return true;
}

/** Whether s is 2n lowercase hex digits. */
export function isLowerHex(s: string, n: number): boolean {
  if (s.length !== 2 * n) return false;
  for (let i = 0; i < 2 * n; i++) if ((LOWER[s.charCodeAt(i) & 0xffff] ?? -1) < 0) return false;
  return true;
}

/**
 * The code of the first rule of nostr-tools' validateEvent that the value breaks (same order), or 0. Like
 * nostr-tools, any `instanceof Object` is a record (arrays and functions included; null-prototype objects not).
 */
export function shapeCode(event: unknown): number {
  if (!(event instanceof Object)) return NostrCode.MALFORMED_EVENT;
  const e = event as Record<string, unknown>;
  if (typeof e.kind !== 'number') return NostrCode.MALFORMED_KIND;
  if (typeof e.content !== 'string') return NostrCode.MALFORMED_CONTENT;
  if (typeof e.created_at !== 'number') return NostrCode.MALFORMED_CREATED_AT;
  if (typeof e.pubkey !== 'string' || !isLowerHex(e.pubkey, 32)) return NostrCode.MALFORMED_PUBKEY;
  const tags = e.tags;
  if (!Array.isArray(tags)) return NostrCode.MALFORMED_TAGS;
  for (let i = 0; i < tags.length; i++) {
    const tag: unknown = tags[i];
    if (!Array.isArray(tag)) return NostrCode.MALFORMED_TAGS;
    for (let j = 0; j < tag.length; j++) if (typeof tag[j] !== 'string') return NostrCode.MALFORMED_TAGS;
  }
  return 0;
}

/** NIP-01: the text whose UTF-8 SHA-256 is the id (call after shapeCode returned 0). */
export function serialize(event: Record<string, unknown>): string {
  return JSON.stringify([0, event.pubkey, event.created_at, event.kind, event.tags, event.content]);
}

/**
 * nostr-tools' serializeEvent: the NIP-01 text [0,pubkey,created_at,kind,tags,content] whose UTF-8 SHA-256 is
 * the id, or undefined for a value that is not a well-formed event (where nostr-tools throws).
 */
export function serializeEvent(event: unknown): string | undefined {
  return shapeCode(event) === 0 ? serialize(event as Record<string, unknown>) : undefined;
}
