// The serialization writer against JSON.stringify where their paths part: escapes at the quoting's vector
// boundaries, the longest strings it takes and the first it hands back, growth of its buffer, a U+FFFD that may be
// a lone surrogate, toJSON methods, and numbers in every form. Ids from getEventHash must equal nostr-tools'.
import { getEventHash } from 'nostr-tools/pure';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNostrVerifier, type NostrVerifier } from '../src/index.js';
import { LONGEST } from '../src/writer.js';

const PK = 'a'.repeat(64);
const base = { pubkey: PK, created_at: 1_700_000_000, kind: 1, tags: [] as unknown[], content: '' };

let v: NostrVerifier;
beforeAll(async () => {
  v = await createNostrVerifier();
});

const same = (e: Record<string, unknown>) => expect(v.getEventHash(e)).toBe(getEventHash(e as never));

describe('serialization writer', () => {
  it('escapes at every offset around the 16-byte vectors', () => {
    for (const ch of ['"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', '€', '😀', '\ufeff', '\uf8ff']) {
      for (let at = 0; at < 40; at++) {
        same({ ...base, content: `${'x'.repeat(at)}${ch}${'y'.repeat(40 - at)}` });
        same({ ...base, tags: [['t', `${'x'.repeat(at)}${ch}`]] });
      }
    }
  });

  it('takes strings up to the longest and hands back longer ones', () => {
    for (const n of [LONGEST - 1, LONGEST, LONGEST + 1]) {
      same({ ...base, content: 'é'.repeat(n) });
      same({ ...base, content: '\u0001'.repeat(n) });
      same({ ...base, tags: [['t', '😀'.repeat(n >> 1)]] });
    }
  });

  it('grows its buffer for many tags and for escapes that take six bytes', () => {
    same({ ...base, tags: Array.from({ length: 5000 }, (_, i) => ['p', PK, i % 3 ? '' : 'wss://r.example']) });
    same({ ...base, tags: Array.from({ length: 20_000 }, () => []) });
    same({ ...base, content: '\u0002'.repeat(LONGEST), tags: [['t', '\u0003'.repeat(LONGEST)]] });
  });

  it('leaves lone surrogates and U+FFFD to JSON.stringify', () => {
    for (const s of ['\ud800', '\udfff', 'a\ud83d', '\ude00b', '\ufffd', 'x\ufffdy', '😀\ud800😀']) {
      same({ ...base, content: s });
      same({ ...base, tags: [['t', s]] });
    }
  });

  it('honours toJSON on the tags and on a tag', () => {
    const tags = [['p', PK]] as unknown[] & { toJSON?: () => unknown };
    tags.toJSON = () => [['q']];
    same({ ...base, tags });
    const tag = ['p', PK] as string[] & { toJSON?: () => unknown };
    tag.toJSON = () => 'replaced';
    same({ ...base, tags: [tag] });
  });

  it('writes numbers as JSON.stringify does', () => {
    const safe = [0, 9, 10, 99, 100, 1_700_000_000, 2 ** 50 + 7, 2 ** 52 + 9, Number.MAX_SAFE_INTEGER];
    const odd = [
      -0,
      -5,
      2 ** 53,
      2 ** 53 + 2,
      1e21,
      1.25,
      1e-7,
      123.456,
      Number.MAX_VALUE,
      5e-324,
      0.1,
      NaN,
      -Infinity,
    ];
    for (const n of [...safe, ...odd]) {
      same({ ...base, created_at: n });
      same({ ...base, kind: n });
    }
  });
});
