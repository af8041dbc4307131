import { hexToBytes } from '@noble/hashes/utils.js';
import { eventOfMessage, type NostrReason, type NostrVerifier } from '@tallyio/nostr';
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

/** Reasons of @tallyio/nostr with the text the CLI and service print. */
const NOSTR_TEXT: Record<NostrReason, string> = {
  'bad-signature': 'bad-signature',
  'id-mismatch': 'id mismatch: id is not the NIP-01 hash of the event',
  'malformed:json': 'malformed JSON',
  'malformed:utf8': 'invalid UTF-8',
  'malformed:event': 'relay message holds no event',
  'malformed:id': 'event id is not 32-byte lowercase hex',
  'malformed:pubkey': 'event pubkey is not 32-byte lowercase hex',
  'malformed:sig': 'event sig is not 64-byte hex',
  'malformed:kind': 'event kind is not a number',
  'malformed:created_at': 'event created_at is not a number',
  'malformed:tags': 'event tags is not an array of string arrays',
  'malformed:content': 'event content is not a string',
};

/** A nostr reason as the CLI and the service write it: the code, then what it means. */
export const nostrReasonText = (reason: NostrReason): string => `${reason}: ${NOSTR_TEXT[reason]}`;

function nostrEvent(event: unknown, nostr: NostrVerifier): ParsedLine {
  const r = nostr.eventItem(event);
  return r.ok ? { ok: true, scheme: 'bip340', item: r.item } : fail(nostrReasonText(r.reason));
}

/** Reads one NDJSON line: a scheme item, a nostr event, or a relay message ["EVENT", (sub,) event]. */
export function parseLine(line: string, nostr: NostrVerifier): ParsedLine {
  if (line.trim() === '') return fail('empty line');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return fail(`malformed JSON: ${(e as Error).message}`);
  }
  return parseValue(value, nostr);
}

/** Reads one parsed JSON value as an item (the forms parseLine accepts). */
export function parseValue(value: unknown, nostr: NostrVerifier): ParsedLine {
  if (Array.isArray(value)) {
    const event = eventOfMessage(value);
    if (event === undefined)
      return fail('malformed:event: array is not a relay message ["EVENT", (subscription,) event]');
    return nostrEvent(event, nostr);
  }
  if (value === null || typeof value !== 'object') return fail('line is not a JSON object or array');
  const obj = value as Record<string, unknown>;
  if ('scheme' in obj) return schemeItem(obj);
  if ('sig' in obj && 'pubkey' in obj) return nostrEvent(obj, nostr);
  return fail('unknown item: expected {"scheme",…}, a nostr event or ["EVENT", …]');
}
