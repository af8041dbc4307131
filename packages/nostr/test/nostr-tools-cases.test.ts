// nostr-tools' own cases for verifyEvent, validateEvent, serializeEvent and getEventHash (its pure.test.ts, and
// the events of core.test.ts), asked of our functions: the same answers, with our reasons where it says false.
import { hexToBytes } from '@noble/hashes/utils.js';
import { finalizeEvent, getEventHash, getPublicKey, verifiedSymbol } from 'nostr-tools/pure';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNostrVerifier, type NostrVerifier } from '../src/index.js';

const sk1 = hexToBytes('d217c1ff2f8a65c3e3a1740db3b9f58b8c848bb45e26d00ed4714e4a0f4ceecf');
const sk2 = hexToBytes('5b4a34f4e4b23c63ad55a35e3f84a3b53d96dbf266edf521a8358f71d19cbf67');
const template = () => ({ kind: 1, tags: [], content: 'Hello, world!', created_at: 1617932115 });
const signed = (sk = sk1) => {
  const { [verifiedSymbol]: _, ...event } = finalizeEvent(template(), sk);
  return event;
};

let v: NostrVerifier;
let marked: NostrVerifier;
beforeAll(async () => {
  v = await createNostrVerifier();
  marked = await createNostrVerifier({ verifiedSymbol });
});

describe('verifyEvent (nostr-tools pure.test.ts)', () => {
  it('true for a valid event signature', () => {
    expect(v.verifyEvent(finalizeEvent(template(), sk1))).toBe(true);
    expect(marked.verifyEvent(signed())).toBe(true);
  });

  it.each([
    ['signature', 'sig', 'bad-signature'],
    ['id', 'id', 'id-mismatch'],
  ] as const)('false for an invalid event %s', (_, field, reason) => {
    const event = signed();
    event[field] = event[field].replace(/^.{3}/g, '666');
    expect(v.verifyEvent(event)).toBe(false);
    expect(v.lastReason).toBe(reason);
  });

  it('false when verifying an event with a different private key', () => {
    expect(v.verifyEvent({ ...signed(), pubkey: getPublicKey(sk2) })).toBe(false);
    expect(v.lastReason).toBe('id-mismatch');
  });

  it('honours and sets the verified mark', () => {
    const event: Record<string | symbol, unknown> = signed();
    expect(marked.verifyEvent(event)).toBe(true);
    expect(event[verifiedSymbol]).toBe(true);
    const tampered: Record<string | symbol, unknown> = { ...signed(), content: 'changed' };
    expect(marked.verifyEvent(tampered)).toBe(false);
    expect(tampered[verifiedSymbol]).toBe(false);
    // A mark already there is the answer, as in nostr-tools.
    tampered[verifiedSymbol] = true;
    expect(marked.verifyEvent(tampered)).toBe(true);
    // Without the symbol, no mark is read or written.
    const plain: Record<string | symbol, unknown> = { ...signed(), [verifiedSymbol]: false };
    expect(v.verifyEvent(plain)).toBe(true);
    expect(plain[verifiedSymbol]).toBe(false);
  });
});

describe('validateEvent cases (nostr-tools pure.test.ts) as verdicts with reasons', () => {
  const publicKey = getPublicKey(sk1);
  const cases: [string, unknown, string][] = [
    ['a non object event', '', 'malformed:event'],
    ['missing content and pubkey', { kind: 1, tags: [], created_at: 1617932115 }, 'malformed:content'],
    ['an empty object', {}, 'malformed:kind'],
    ['created_at a string', { kind: 1, tags: [], created_at: '1617932115', pubkey: publicKey }, 'malformed:content'],
    [
      'created_at a string (content present)',
      { kind: 1, tags: [], content: '', created_at: '1617932115', pubkey: publicKey },
      'malformed:created_at',
    ],
    [
      'an invalid public key',
      { kind: 1, tags: [], content: 'Hello, world!', created_at: 1617932115, pubkey: 'invalid_pubkey' },
      'malformed:pubkey',
    ],
    [
      'tags not an array',
      { kind: 1, tags: {}, content: 'Hello, world!', created_at: 1617932115, pubkey: publicKey },
      'malformed:tags',
    ],
  ];
  for (const [name, event, reason] of cases) {
    it(`false for ${name}`, () => {
      expect(v.verifyEvent(event)).toBe(false);
      expect(v.verifyEvents([event]).reasons).toEqual([reason]);
      expect(v.getEventHash(event)).toBeUndefined();
    });
  }

  it('the events of core.test.ts (placeholder keys and signatures) are all invalid', () => {
    const events = [
      { id: 'abc123', pubkey: 'key1', created_at: 1610000000, kind: 1, tags: [], content: 'Hello', sig: 'sig1' },
      { id: 'abc124', pubkey: 'key2', created_at: 1620000000, kind: 1, tags: [], content: 'World', sig: 'sig2' },
      { id: 'abc125', pubkey: 'key3', created_at: 1620000000, kind: 1, tags: [], content: '!', sig: 'sig3' },
    ];
    const r = v.verifyEvents(events);
    expect(r.valid).toEqual([false, false, false]);
    expect(r.reasons).toEqual(['malformed:pubkey', 'malformed:pubkey', 'malformed:pubkey']);
  });
});

describe('getEventHash (nostr-tools pure.test.ts)', () => {
  it('returns the NIP-01 hash, equal to nostr-tools', () => {
    const unsigned = { ...template(), pubkey: getPublicKey(sk1) };
    const hash = v.getEventHash(unsigned);
    expect(hash).toHaveLength(64);
    expect(hash).toBe(getEventHash(unsigned));
  });
});
