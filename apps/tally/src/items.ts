import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { BatchItem } from '@tallyio/verifier';

export type Scheme = 'bip340' | 'ed25519' | 'ed25519-strict';
export const SCHEMES: readonly Scheme[] = ['bip340', 'ed25519', 'ed25519-strict'];

/** One input line, read: an item to verify under a scheme, or why it cannot be. */
export type ParsedLine =
  | { readonly ok: true; readonly scheme: Scheme; readonly item: BatchItem }
  | { readonly ok: false; readonly reason: string };

const fail = (reason: string): ParsedLine => ({ ok: false, reason });
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

function hexField(obj: Record<string, unknown>, field: string, length?: number): Uint8Array | string {
  const v = obj[field];
  if (typeof v !== 'string') return `${field} is missing or not a string`;
  if (!HEX.test(v)) return `bad hex in ${field}`;
  const bytes = hexToBytes(v);
  if (length !== undefined && bytes.length !== length) {
    return `bad length: ${field} has ${bytes.length} bytes, expected ${length}`;
  }
  return bytes;
}

function schemeItem(obj: Record<string, unknown>): ParsedLine {
  const scheme = obj.scheme;
  if (typeof scheme !== 'string' || !(SCHEMES as readonly string[]).includes(scheme)) {
    return fail(`unknown scheme ${JSON.stringify(scheme)} (expected ${SCHEMES.join(', ')})`);
  }
  const publicKey = hexField(obj, 'publicKey', 32);
  if (typeof publicKey === 'string') return fail(publicKey);
  const message = hexField(obj, 'message');
  if (typeof message === 'string') return fail(message);
  const signature = hexField(obj, 'signature', 64);
  if (typeof signature === 'string') return fail(signature);
  return { ok: true, scheme: scheme as Scheme, item: { signature, message, publicKey } };
}

/** NIP-01: id = SHA-256 of the UTF-8 JSON of [0, pubkey, created_at, kind, tags, content]. */
export function nostrEventId(e: {
  pubkey: string;
  created_at: number;
  kind: number;
  tags: unknown;
  content: string;
}): Uint8Array {
  return sha256(new TextEncoder().encode(JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content])));
}

function nostrEvent(e: Record<string, unknown>): ParsedLine {
  if (typeof e.pubkey !== 'string' || !/^[0-9a-f]{64}$/.test(e.pubkey))
    return fail('event pubkey is not 32-byte lowercase hex');
  if (typeof e.id !== 'string' || !/^[0-9a-f]{64}$/.test(e.id)) return fail('event id is not 32-byte lowercase hex');
  if (typeof e.sig !== 'string' || !/^[0-9a-f]{128}$/.test(e.sig))
    return fail('event sig is not 64-byte lowercase hex');
  if (!Number.isSafeInteger(e.created_at) || !Number.isSafeInteger(e.kind)) {
    return fail('event created_at or kind is not an integer');
  }
  if (!Array.isArray(e.tags) || !e.tags.every((t) => Array.isArray(t) && t.every((s) => typeof s === 'string'))) {
    return fail('event tags is not an array of string arrays');
  }
  if (typeof e.content !== 'string') return fail('event content is not a string');
  const id = nostrEventId(e as { pubkey: string; created_at: number; kind: number; tags: unknown; content: string });
  if (bytesToHex(id) !== e.id) return fail('id mismatch: id is not the NIP-01 hash of the event');
  return {
    ok: true,
    scheme: 'bip340',
    item: { signature: hexToBytes(e.sig), message: id, publicKey: hexToBytes(e.pubkey) },
  };
}

/** Reads one NDJSON line: a scheme item, a nostr event, or a relay message ["EVENT", (sub,) event]. */
export function parseLine(line: string): ParsedLine {
  if (line.trim() === '') return fail('empty line');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return fail(`malformed JSON: ${(e as Error).message}`);
  }
  return parseValue(value);
}

/** Reads one parsed JSON value as an item (the forms parseLine accepts). */
export function parseValue(value: unknown): ParsedLine {
  if (Array.isArray(value)) {
    if (value[0] !== 'EVENT') return fail('array is not a relay message ["EVENT", …]');
    const event = value.length === 3 ? value[2] : value.length === 2 ? value[1] : undefined;
    if (event === null || typeof event !== 'object' || Array.isArray(event))
      return fail('relay message holds no event');
    return nostrEvent(event as Record<string, unknown>);
  }
  if (value === null || typeof value !== 'object') return fail('line is not a JSON object or array');
  const obj = value as Record<string, unknown>;
  if ('scheme' in obj) return schemeItem(obj);
  if ('sig' in obj && 'pubkey' in obj) return nostrEvent(obj);
  return fail('unknown item: expected {"scheme",…}, a nostr event or ["EVENT", …]');
}
