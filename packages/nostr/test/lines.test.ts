// The bytes form and every form's handling of bad input: one verdict per input, in order, with a reason from
// the vocabulary; invalid UTF-8, odd JSON numbers and escapes, relay messages, huge content, odd values. Where
// a verdict is not obvious, nostr-tools on JSON.parse of the line is the reference.
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { getEventHash, verifyEvent as ntVerifyEvent } from 'nostr-tools/pure';
import { beforeAll, describe, expect, it } from 'vitest';
import { countLines, createNostrVerifier, type NostrVerifier } from '../src/index.js';

const sk = schnorr.utils.randomSecretKey();
const pubkey = bytesToHex(schnorr.getPublicKey(sk));
function sign(fields: { created_at: number; kind: number; tags: string[][]; content: string }) {
  const unsigned = { pubkey, ...fields };
  const id = getEventHash(unsigned);
  return { id, ...unsigned, sig: bytesToHex(schnorr.sign(hexToBytes(id), sk)) };
}
const good = sign({ created_at: 1_700_000_000, kind: 1, tags: [['t', 'x']], content: 'gm 😀 "quoted" \\ \n é' });
const line = JSON.stringify(good);
const encoder = new TextEncoder();
const bytesOf = (...parts: (string | number[])[]) => {
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};
/** nostr-tools' verdict for a line as JSON.parse reads it (a relay message: its event). */
const reference = (text: string): boolean => {
  try {
    const v = JSON.parse(text);
    return ntVerifyEvent(Array.isArray(v) && v[0] === 'EVENT' ? v[v.length - 1] : v);
  } catch {
    return false;
  }
};

let v: NostrVerifier;
beforeAll(async () => {
  v = await createNostrVerifier({ maxBatch: 4 });
});

describe('lines form', () => {
  it('one code per line, in order, into the caller’s array; a final line without newline counts', () => {
    const text = [line, '', JSON.stringify({ ...good, content: 'x' }), `${line}\r`, '42', line].join('\n');
    const bytes = encoder.encode(text);
    expect(countLines(bytes)).toBe(6);
    const codes = new Uint8Array(8).fill(99);
    expect(v.verifyLinesInto(bytes, codes)).toBe(6);
    expect([...codes.subarray(0, 6)].map((c) => v.reasonOf(c))).toEqual([
      undefined,
      'malformed:json',
      'id-mismatch',
      undefined,
      'malformed:event',
      undefined,
    ]);
    expect(codes[6]).toBe(99);
    expect(() => v.verifyLinesInto(bytes, new Uint8Array(5))).toThrow(RangeError);
    expect(v.verifyLines(new Uint8Array(0)).valid).toEqual([]);
  });

  it('relay messages of both forms; other arrays are malformed', () => {
    const r = v.verifyLines(
      encoder.encode(
        [
          JSON.stringify(['EVENT', good]),
          JSON.stringify(['EVENT', 'sub-1', good]),
          JSON.stringify(['EVENT', 5, good]),
          JSON.stringify(['EVENT']),
          JSON.stringify(['REQ', 'sub', {}]),
          JSON.stringify(['EVENT', 'a', 'b', good]),
          ` [ "EVENT" , "s" , ${line} ] `,
        ].join('\n'),
      ),
    );
    expect(r.valid).toEqual([true, true, true, false, false, false, true]);
    expect(r.reasons[4]).toBe('malformed:event');
  });

  it('invalid UTF-8 anywhere in a line is malformed:utf8', () => {
    const [head, tail] = line.split('gm') as [string, string];
    const bad = [
      [0xff],
      [0xc0, 0xaf], // overlong
      [0xed, 0xa0, 0x80], // an encoded surrogate
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xe2, 0x82], // truncated
      [0x80],
    ];
    for (const b of bad) {
      const r = v.verifyLines(bytesOf(head, b, 'gm', tail, '\n', line));
      expect(r.valid).toEqual([false, true]);
      expect(r.reasons[0]).toBe('malformed:utf8');
    }
    // In a field the event does not use, too.
    const extra = line.replace('{', '{"x":"');
    const r = v.verifyLines(bytesOf(extra.slice(0, 6), [0xfe], extra.slice(6).replace('"id"', '","id"')));
    expect(r.reasons).toEqual(['malformed:utf8']);
  });

  it('UTF-8 at every offset around the 16-byte vectors: malformed:utf8 exactly where a strict decoder fails', () => {
    // Well-formed code points of every length (no quote, backslash or control), and at most one ill-formed
    // piece among them, so that each rule of the check decides some runs; after 0–40 ASCII bytes, so that every
    // piece meets every vector boundary.
    const strict = new TextDecoder('utf-8', { fatal: true });
    const point = fc.oneof(
      fc.integer({ min: 0x23, max: 0x5b }),
      fc.integer({ min: 0x80, max: 0x7ff }),
      fc.integer({ min: 0x800, max: 0xd7ff }),
      fc.integer({ min: 0xe000, max: 0xffff }),
      fc.integer({ min: 0x10000, max: 0x10ffff }),
      fc.constantFrom(0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff),
    );
    const wellFormed = point.map((c) => [...encoder.encode(String.fromCodePoint(c))]);
    const illFormed = fc.constantFrom(
      [0xc0, 0x80],
      [0xc1, 0xbf],
      [0xe0, 0x80, 0x80],
      [0xe0, 0x9f, 0xbf],
      [0xed, 0xa0, 0x80],
      [0xed, 0xbf, 0xbf],
      [0xf0, 0x80, 0x80, 0x80],
      [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xff],
      [0xfe],
      [0x80],
      [0xbf],
      [0xc2],
      [0xdf],
      [0xe2, 0x82],
      [0xef, 0xbf],
      [0xf0, 0x9f, 0x98],
      [0xf4, 0x8f],
      [0xc2, 0xc2, 0xa9],
      [0xe2, 0x82, 0xac, 0xac],
      [0xf0, 0x9f, 0x98, 0x80, 0x80],
    );
    const pieces = fc
      .tuple(fc.array(wellFormed, { maxLength: 24 }), fc.option(illFormed), fc.nat())
      .map(([ok, bad, at]) =>
        bad === null ? ok : [...ok.slice(0, at % (ok.length + 1)), bad, ...ok.slice(at % (ok.length + 1))],
      );
    const [head, tail] = line.split('gm') as [string, string];
    fc.assert(
      fc.property(fc.nat({ max: 40 }), pieces, fc.nat({ max: 40 }), (pre, parts, post) => {
        const mid = parts.flat();
        const inner = [...Array(pre).fill(0x61), ...mid, ...Array(post).fill(0x62)];
        const r = v.verifyLines(bytesOf(head, inner, tail, '\n', line));
        let ok = true;
        try {
          strict.decode(new Uint8Array(inner));
        } catch {
          ok = false;
        }
        expect(r.reasons[0]).toBe(ok ? 'id-mismatch' : 'malformed:utf8');
        expect(r.valid[1]).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });

  it('numbers and escapes in other JSON forms: the verdict of JSON.parse + nostr-tools', () => {
    const small = sign({ created_at: 1_700_000_000, kind: 1, tags: [], content: 'é/😀' });
    const base = JSON.stringify(small);
    const variants = [
      base.replace('1700000000', '1.7e9'),
      base.replace('1700000000', '1700000000.0'),
      base.replace('1700000000', '17000000000e-1'),
      base.replace('"kind":1', '"kind":1.0'),
      base.replace('"kind":1', '"kind":1e0'),
      base.replace('"kind":1', '"kind":-0'),
      base.replace('"kind":1', '"kind":01'),
      base.replace('é', '\\u00e9'),
      base.replace('é', '\\u00E9'),
      base.replace('/', '\\/'),
      base.replace('😀', '\\ud83d\\ude00'),
      base.replace('😀', '\\uD83D\\uDE00'),
      base.replace('😀', '\\ud83d'),
      base.replace('"content"', '"\\u0063ontent"'),
      base.replace('"content":"', '"content":"x","content":"'),
      base.replace('{', `{"deep":${'['.repeat(100)}${']'.repeat(100)},`),
      base.replace('{', '{ '),
      base.replace('"tags":[]', '"tags":[ ]'),
      base.replace('"tags":[]', '"tags":[["a" ,"\\u0000"]]'),
    ];
    const r = v.verifyLines(encoder.encode(variants.join('\n')));
    expect(r.valid).toEqual(variants.map(reference));
    // Sanity: the forms that read back to the same event are valid.
    expect(r.valid.slice(0, 5)).toEqual([true, true, true, true, true]);
  });

  it('events signed over odd numbers: 1e21, -0, fractions, as JSON.stringify serializes them', () => {
    const events = [1e21, -0, 0.5, 2 ** 53 + 2, 123456789012345680000].map((n) =>
      sign({ created_at: n, kind: 1, tags: [], content: 'n' }),
    );
    for (const e of events) expect(v.verifyEvent(e)).toBe(true);
    expect(v.verifyEvents(events).allValid).toBe(true);
    const lines = events.map((e) => JSON.stringify(e));
    expect(v.verifyLines(encoder.encode(lines.join('\n'))).valid).toEqual(lines.map(reference));
  });

  it('10 MB of content: verified, and its tampering found, in every form', () => {
    const big = sign({ created_at: 1, kind: 1, tags: [], content: 'ä😀x'.repeat(10_000_000 / 7) });
    const tampered = { ...big, content: `${big.content}.` };
    expect(v.verifyEvent(big)).toBe(true);
    expect(v.verifyEvent(tampered)).toBe(false);
    expect(v.verifyEvents([big, tampered, good]).valid).toEqual([true, false, true]);
    const r = v.verifyLines(encoder.encode([line, JSON.stringify(big), JSON.stringify(tampered), line].join('\n')));
    expect(r.valid).toEqual([true, true, false, true]);
    expect(r.reasons[2]).toBe('id-mismatch');
  });
});

describe('bad values never throw: false with a reason, one verdict each', () => {
  const odd: [unknown, string][] = [
    [undefined, 'malformed:event'],
    [null, 'malformed:event'],
    [5, 'malformed:event'],
    ['{"kind":1}', 'malformed:event'],
    [Object.assign(Object.create(null), good), 'malformed:event'],
    [[good], 'malformed:kind'],
    [{ ...good, kind: '1' }, 'malformed:kind'],
    [{ ...good, content: 5 }, 'malformed:content'],
    [{ ...good, created_at: '1' }, 'malformed:created_at'],
    [{ ...good, pubkey: good.pubkey.toUpperCase() }, 'malformed:pubkey'],
    [{ ...good, pubkey: good.pubkey.slice(1) }, 'malformed:pubkey'],
    [{ ...good, tags: [['t', 5]] }, 'malformed:tags'],
    [{ ...good, tags: [null] }, 'malformed:tags'],
    [{ ...good, tags: 'x' }, 'malformed:tags'],
    [{ ...good, id: good.id.toUpperCase() }, 'malformed:id'],
    [{ ...good, id: 5 }, 'malformed:id'],
    [{ ...good, sig: good.sig.slice(1) }, 'malformed:sig'],
    [{ ...good, sig: `${good.sig}00` }, 'malformed:sig'],
    [{ ...good, sig: null }, 'malformed:sig'],
  ];
  it('verifyEvent and verifyEvents', () => {
    for (const [value, reason] of odd) {
      expect(v.verifyEvent(value)).toBe(false);
      expect(v.lastReason).toBe(reason);
    }
    const r = v.verifyEvents([...odd.map(([x]) => x), good]);
    expect(r.valid).toEqual([...odd.map(() => false), true]);
    expect(r.reasons).toEqual([...odd.map(([, reason]) => reason), undefined]);
    expect(r.invalid).toEqual(odd.map((_, i) => i));
  });

  it('long events: the runtime SHA-256 and the WebAssembly one give nostr-tools verdicts and ids', async () => {
    // Around the 512-character switch, unicode and a lone surrogate, and a contact list of 1000 p tags.
    const contents = [511, 512, 513, 2000].map((n) => 'é😀\ud800x'.repeat(n).slice(0, n));
    const events = contents.map((content) => sign({ created_at: 1_700_000_001, kind: 1, tags: [], content }));
    const p = Array.from({ length: 1000 }, (_, i) => ['p', bytesToHex(new Uint8Array(32).fill(i & 255))]);
    events.push(sign({ created_at: 1_700_000_002, kind: 3, tags: p, content: '' }));
    const tampered = events.map((e) => ({ ...e, content: `${e.content}!` }));
    const all = [...events, ...tampered];
    const wasmOnly = await createNostrVerifier({ runtimeSha256: false });
    for (const verifier of [v, wasmOnly]) {
      expect(all.map((e) => verifier.verifyEvent({ ...e }))).toEqual(all.map((e) => ntVerifyEvent({ ...e })));
      expect(all.map((e) => verifier.getEventHash(e))).toEqual(all.map((e) => getEventHash(e)));
    }
    wasmOnly.close();
  });

  it('an uppercase signature is valid, as nostr-tools decodes it', () => {
    const upper = { ...good, sig: good.sig.toUpperCase() };
    expect(ntVerifyEvent({ ...upper })).toBe(true);
    expect(v.verifyEvent(upper)).toBe(true);
    expect(v.verifyLines(encoder.encode(JSON.stringify(upper))).valid).toEqual([true]);
  });

  it('hex fields: every position, with the characters next to the digit ranges, as nostr-tools decides', () => {
    // The scanner checks and decodes sixteen digits at a time: each position of each field, and the bytes just
    // outside 0-9, a-f and A-F (and their case twins), must give nostr-tools' verdict on JSON.parse of the line.
    const near = '/:@AFGaf`g0 9'.split('');
    const lines: string[] = [];
    for (const field of ['id', 'pubkey', 'sig'] as const) {
      const value = good[field];
      for (let i = 0; i < value.length; i++) {
        for (const c of near) {
          if (c === value[i]) continue;
          lines.push(JSON.stringify({ ...good, [field]: value.slice(0, i) + c + value.slice(i + 1) }));
        }
      }
    }
    const r = v.verifyLines(encoder.encode(`${lines.join('\n')}\n`));
    expect(r.valid).toEqual(lines.map(reference));
  });

  it('a frozen event gets its verdict without a mark', async () => {
    const mark = Symbol('verified');
    const m = await createNostrVerifier({ verifiedSymbol: mark });
    const frozen = Object.freeze({ ...good });
    expect(m.verifyEvent(frozen)).toBe(true);
    expect(m.verifyEvent(Object.freeze({ ...good, content: 'x' }))).toBe(false);
  });

  it('use after close throws (a programmer error)', async () => {
    const c = await createNostrVerifier();
    c.close();
    expect(() => c.verifyEvent(good)).toThrow(/after close/);
  });
});
