// Generated and mutated nostr events for the differential tests: unicode, emoji, control characters, lone
// surrogates, long content, many tags, numbers in odd forms, and tampering of every field.
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { getEventHash } from 'nostr-tools/pure';

export const KEYS: Uint8Array[] = Array.from({ length: 8 }, () => schnorr.utils.randomSecretKey());
const PUBKEYS = KEYS.map((k) => bytesToHex(schnorr.getPublicKey(k)));

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const special = fc.constantFrom(
  '😀',
  '👍🏽',
  '🇺🇸',
  '👨‍👩‍👧',
  '\u2028',
  '\u2029',
  '"',
  '\\',
  '/',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u0080',
  'é',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\ufffd',
  '\n',
  '\t',
);
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
  { weight: 2, arbitrary: codeUnit },
  { weight: 2, arbitrary: special },
  { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
);
export const text: fc.Arbitrary<string> = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));
const longText = fc
  .tuple(fc.integer({ min: 1000, max: 70_000 }), text)
  .map(([n, t]) => `${t}${'ab€😀'.repeat(n >> 3)}${t}`);
const content = fc.oneof({ weight: 8, arbitrary: text }, { weight: 1, arbitrary: longText });

export const oddNumber: fc.Arbitrary<number> = fc.constantFrom(
  0,
  -0,
  1e21,
  1.5,
  -1,
  2 ** 53,
  2 ** 53 + 2,
  1e-7,
  123.456,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  5e-324,
  0.1,
  1e300,
  NaN,
  Number.POSITIVE_INFINITY,
);
const number = (max: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max }) },
    { weight: 1, arbitrary: oddNumber },
    { weight: 1, arbitrary: fc.double() },
  );

const tag = fc.array(fc.oneof(text, fc.constantFrom('p', 'e', 't', '')), { maxLength: 5 });
const manyTags = fc
  .integer({ min: 100, max: 400 })
  .map((n) => Array.from({ length: n }, (_, i) => ['p', PUBKEYS[i % PUBKEYS.length] as string]));
const tags = fc.oneof({ weight: 8, arbitrary: fc.array(tag, { maxLength: 8 }) }, { weight: 1, arbitrary: manyTags });

export type Mutation =
  | 'none'
  | 'sig-char'
  | 'id-char'
  | 'content'
  | 'sig-upper'
  | 'id-upper'
  | 'pubkey-upper'
  | 'sig-odd'
  | 'sig-short'
  | 'sig-number'
  | 'id-missing'
  | 'other-key'
  | 'kind-string'
  | 'created-string'
  | 'tag-number'
  | 'tag-null'
  | 'tags-flat'
  | 'content-number'
  | 'extra-field'
  | 'null'
  | 'array'
  | 'string'
  | 'number';
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('none' as const) },
  {
    weight: 8,
    arbitrary: fc.constantFrom<Mutation>(
      'sig-char',
      'id-char',
      'content',
      'sig-upper',
      'id-upper',
      'pubkey-upper',
      'sig-odd',
      'sig-short',
      'sig-number',
      'id-missing',
      'other-key',
      'kind-string',
      'created-string',
      'tag-number',
      'tag-null',
      'tags-flat',
      'content-number',
      'extra-field',
      'null',
      'array',
      'string',
      'number',
    ),
  },
);

const flip = (s: string, at: number) => {
  const i = at % s.length;
  const c = s[i] === '0' ? '1' : '0';
  return `${s.slice(0, i)}${c}${s.slice(i + 1)}`;
};

function mutate(e: Record<string, unknown>, m: Mutation, at: number): unknown {
  const sig = e.sig as string;
  switch (m) {
    case 'none':
      return e;
    case 'sig-char':
      return { ...e, sig: flip(sig, at) };
    case 'id-char':
      return { ...e, id: flip(e.id as string, at) };
    case 'content':
      return { ...e, content: `${e.content}.` };
    case 'sig-upper':
      return { ...e, sig: sig.toUpperCase() };
    case 'id-upper':
      return { ...e, id: (e.id as string).toUpperCase() };
    case 'pubkey-upper':
      return { ...e, pubkey: (e.pubkey as string).toUpperCase() };
    case 'sig-odd':
      return { ...e, sig: sig.slice(1) };
    case 'sig-short':
      return { ...e, sig: sig.slice(2) };
    case 'sig-number':
      return { ...e, sig: 42 };
    case 'id-missing': {
      const { id: _, ...rest } = e;
      return rest;
    }
    case 'other-key':
      return { ...e, pubkey: PUBKEYS[at % PUBKEYS.length] };
    case 'kind-string':
      return { ...e, kind: String(e.kind) };
    case 'created-string':
      return { ...e, created_at: String(e.created_at) };
    case 'tag-number':
      return { ...e, tags: [...(e.tags as unknown[]), ['t', 7]] };
    case 'tag-null':
      return { ...e, tags: [...(e.tags as unknown[]), null] };
    case 'tags-flat':
      return { ...e, tags: ['t', 'x'] };
    case 'content-number':
      return { ...e, content: 5 };
    case 'extra-field':
      return { ...e, relay: 'wss://x', seenOn: [1, { a: null }] };
    case 'null':
      return null;
    case 'array':
      return [e];
    case 'string':
      return JSON.stringify(e);
    case 'number':
      return at;
  }
}

/** A signed event (nostr-tools' hash, noble's signature), then one mutation. */
export const event: fc.Arbitrary<unknown> = fc
  .record({
    key: fc.nat({ max: KEYS.length - 1 }),
    created_at: number(2 ** 31),
    kind: number(40_000),
    tags,
    content,
    mutation,
    at: fc.nat(),
  })
  .map(({ key, created_at, kind, tags, content, mutation, at }) => {
    const unsigned = { pubkey: PUBKEYS[key] as string, created_at, kind, tags, content };
    const id = getEventHash(unsigned);
    const sig = bytesToHex(schnorr.sign(hexToBytes(id), KEYS[key] as Uint8Array));
    return mutate({ id, ...unsigned, sig }, mutation, at);
  });
