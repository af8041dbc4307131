// Hostile and valid input lines for the fuzz tests (fuzz-verify, fuzz-serve), each with what its answer must be.
// Valid and broken items come from gen.ts; the rest are mutations of them, truncations, odd number forms, deep
// nesting, binary, invalid UTF-8, NUL bytes and random JSON. Runs per property: TALLY_FUZZ_RUNS.
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { createNostrVerifier, serializeEvent } from '@tallyio/nostr';
import fc from 'fast-check';
import { expect } from 'vitest';
import { type GenScheme, genLine } from '../src/gen.js';
import { SCHEMES } from '../src/items.js';

/** The events' reader the app uses, for the verdicts expected of nostr lines. */
const NOSTR = await createNostrVerifier({ maxBatch: 1, keyCacheCapacity: 0 });

/** NIP-01 id of a well-formed event: SHA-256 of its canonical serialization. */
export const nostrEventId = (event: unknown): Uint8Array =>
  sha256(new TextEncoder().encode(serializeEvent(event) ?? ''));

/** fast-check runs per property: TALLY_FUZZ_RUNS, else the CI default given. */
export const fuzzRuns = (ciDefault: number): number => {
  const n = Number(process.env.TALLY_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : ciDefault;
};

/** What a line's answer must be: valid, or not valid with a reason matching (any non-empty reason if absent). */
export type Expect = { readonly valid: true } | { readonly valid: false; readonly reason?: RegExp };

export interface Case {
  /** The line's bytes, without its terminator; never contains \n. */
  readonly bytes: Uint8Array;
  /** When known; otherwise only the generic rules (checkAnswer) apply. */
  readonly expect?: Expect;
  readonly kind: string;
}

const enc = (s: string) => new TextEncoder().encode(s);
const BAD_SIGNATURE = /^(bad-signature|s>=n|s>=L|r-non-canonical)$/;

const bipSk = schnorr.utils.randomSecretKey();
const edSk = ed25519.utils.randomSecretKey();
const POOL = 6;
const pool = (scheme: GenScheme, broken: boolean) =>
  Array.from({ length: POOL }, (_, i) =>
    genLine(scheme, scheme.startsWith('ed25519') ? edSk : bipSk, i + (broken ? 100 : 0), broken),
  );
const SCHEME_GOOD = [...pool('bip340', false), ...pool('ed25519', false), ...pool('ed25519-strict', false)];
const SCHEME_BROKEN = [...pool('bip340', true), ...pool('ed25519', true), ...pool('ed25519-strict', true)];
const NOSTR_GOOD = pool('nostr', false);
const NOSTR_BROKEN = pool('nostr', true);
const RELAY_GOOD = [...pool('relay', false), ...NOSTR_GOOD.map((l) => JSON.stringify(['EVENT', JSON.parse(l)]))];
const RELAY_BROKEN = pool('relay', true);
export const GOOD_LINES: readonly string[] = [...SCHEME_GOOD, ...NOSTR_GOOD, ...RELAY_GOOD];
export const BROKEN_LINES: readonly string[] = [...SCHEME_BROKEN, ...NOSTR_BROKEN, ...RELAY_BROKEN];

/** Shuffles an object's keys and spaces it out (on one line): the same item. */
const reformat = (value: unknown, order: number[], spaced: boolean): string => {
  const shuffle = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(shuffle);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v);
    const out: Record<string, unknown> = {};
    entries.forEach((_, i) => {
      const [k, x] = entries[(i + (order[i % order.length] ?? 0)) % entries.length] as [string, unknown];
      out[k] = shuffle(x);
    });
    for (const [k, x] of entries) if (!(k in out)) out[k] = shuffle(x);
    return out;
  };
  const text = JSON.stringify(shuffle(value), null, spaced ? '\t' : undefined);
  return text.replace(/\n/g, ' ');
};

/** Numbers as JSON text in odd forms; `same…` forms are written from the field's own value. */
const oddNumberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '1e3',
    '-0',
    '1.0',
    '0.0',
    '-0.0e5',
    '1E+2',
    '1e400',
    '-1e400',
    '1e-400',
    '123456789012345678901234567890',
    '9007199254740993',
    '1.5',
    '0.1e1',
    'same.0',
    'same.000000000000000000001',
    'same/1000e3',
    'sameE0',
    '-same',
  ),
  fc.double().map((d) => JSON.stringify(d)),
  fc.integer().map(String),
);
const numberForm = (form: string, same: number): string =>
  form === 'same/1000e3'
    ? `${same / 1000}e3`
    : form.startsWith('same') || form.startsWith('-same')
      ? form.replace('same', String(same))
      : form;

const jsonOdd: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 70 }).map(bytesToHex),
  fc.uint8Array({ maxLength: 70 }).map((b) => bytesToHex(b).toUpperCase()),
  fc.stringMatching(/^[0-9a-fA-Fx g]{0,140}$/),
  fc.constantFrom(null, true, 0, -0, 1e308, '', ' ', '00', 'zz'),
);
const DELETE = Symbol('delete');
const MARK = '\u0000ODD\u0000';

/** obj with field set to value (or deleted), as a line; a MARK value becomes the raw number text. */
const withField = (obj: Record<string, unknown>, field: string, value: unknown, raw?: string): string => {
  const copy: Record<string, unknown> = { ...obj };
  if (value === DELETE) delete copy[field];
  else copy[field] = raw === undefined ? value : MARK;
  const text = JSON.stringify(copy);
  return raw === undefined ? text : text.replace(JSON.stringify(MARK), raw);
};

const sameBytes = (hex: string, orig: string) => hex.toLowerCase() === orig.toLowerCase();
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** A scheme item with one field changed: the reason must name that field when its form is wrong. */
const schemeMutation: fc.Arbitrary<Case> = fc
  .tuple(
    fc.constantFrom(...SCHEME_GOOD),
    fc.constantFrom('scheme', 'publicKey', 'message', 'signature'),
    fc.oneof(jsonOdd, fc.constant(DELETE), fc.constantFrom<unknown>(...SCHEMES)),
  )
  .map(([line, field, value]): Case => {
    const obj = JSON.parse(line) as Record<string, string>;
    const text = withField(obj, field, value);
    const orig = obj[field] as string;
    let expect: Expect;
    if (field === 'scheme') {
      if (value === DELETE) expect = { valid: false, reason: /unknown item/ };
      else if (typeof value !== 'string' || !(SCHEMES as readonly string[]).includes(value))
        expect = { valid: false, reason: /unknown scheme/ };
      else if (value === orig || (orig !== 'bip340' && value !== 'bip340')) expect = { valid: true };
      else expect = { valid: false };
    } else if (typeof value !== 'string') {
      expect = { valid: false, reason: new RegExp(`^${field} is missing or not a string`) };
    } else if (!HEX.test(value)) expect = { valid: false, reason: new RegExp(`^bad hex in ${field}$`) };
    else if (field !== 'message' && value.length !== (field === 'publicKey' ? 64 : 128))
      expect = { valid: false, reason: new RegExp(`^bad length: ${field} `) };
    else expect = sameBytes(value, orig) ? { valid: true } : { valid: false };
    return { bytes: enc(text), expect, kind: `scheme-${field}` };
  });

const NOSTR_FIELDS = ['id', 'pubkey', 'sig', 'created_at', 'kind', 'tags', 'content'] as const;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
type Odd = { readonly value: unknown } | { readonly raw: (same: number) => string };

/** A nostr event (bare or in a relay message) with one field changed: the reason names it, or says id mismatch. */
const nostrMutation: fc.Arbitrary<Case> = fc
  .tuple(
    fc.constantFrom(...NOSTR_GOOD),
    fc.constantFrom(...NOSTR_FIELDS),
    fc.oneof<fc.Arbitrary<Odd>[]>(
      jsonOdd.map((value) => ({ value })),
      fc.constant({ value: DELETE }),
      oddNumberText.map((form) => ({ raw: (same: number) => numberForm(form, same) })),
      fc.integer({ min: 1, max: 3000 }).map((d) => ({ raw: () => deepArray(d) })),
      fc.array(fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }), { maxLength: 3 }).map((value) => ({
        value,
      })),
    ),
    fc.constantFrom('bare', 'relay3', 'relay2'),
  )
  .map(([line, field, odd, wrap]): Case => {
    const obj = JSON.parse(line) as Record<string, unknown>;
    const same = typeof obj[field] === 'number' ? (obj[field] as number) : 1;
    const event = 'raw' in odd ? withField(obj, field, MARK, odd.raw(same)) : withField(obj, field, odd.value);
    const text = wrap === 'bare' ? event : wrap === 'relay3' ? `["EVENT","sub",${event}]` : `["EVENT",${event}]`;
    // The verdict expected: @tallyio/nostr's reading of the event (its verdicts equal nostr-tools', as its own
    // differential tests show); here what counts is that the app reports it for the right line, naming the field.
    const read = (JSON.parse(event) as Record<string, unknown>)[field];
    const checked = NOSTR.eventItem(JSON.parse(event));
    const unchanged =
      JSON.stringify(read) === JSON.stringify(obj[field]) ||
      (field === 'sig' && typeof read === 'string' && read.toLowerCase() === obj[field]);
    let expect: Expect;
    if (read === undefined && (field === 'sig' || field === 'pubkey') && wrap === 'bare')
      expect = { valid: false, reason: /^unknown item/ };
    else if (!checked.ok) expect = { valid: false, reason: new RegExp(`^${checked.reason}: `) };
    else if (unchanged) expect = { valid: true };
    else expect = { valid: false, reason: /^(id-mismatch|bad-signature)/ };
    return { bytes: enc(text), expect, kind: `nostr-${field}` };
  });

const noNewline = (b: Uint8Array) => b.map((x) => (x === 10 ? 0x20 : x));

/** A good line with a few bytes changed, inserted or removed: whatever it is, it must be answered soundly. */
const byteMutation: fc.Arbitrary<Case> = fc
  .tuple(
    fc.constantFrom(...GOOD_LINES),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([line, edits]): Case => {
    const b = [...enc(line)];
    for (const [at, byte, op] of edits) {
      const i = at % (b.length + 1);
      if (op === 'insert') b.splice(i, 0, byte);
      else if (op === 'delete') b.splice(i, 1);
      else if (i < b.length) b[i] = byte;
    }
    return { bytes: noNewline(Uint8Array.from(b)), kind: 'bytes' };
  });

const truncation: fc.Arbitrary<Case> = fc.tuple(fc.constantFrom(...GOOD_LINES), fc.nat()).map(([line, n]): Case => {
  const text = line.slice(0, n % line.length);
  return {
    bytes: enc(text),
    expect: { valid: false, reason: text === '' ? /^empty line$/ : /^malformed JSON/ },
    kind: 'truncated',
  };
});

const deepNesting: fc.Arbitrary<Case> = fc
  .tuple(
    // Mostly a few thousand levels; now and then up to 10^5 (slow to parse, so rarer).
    fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 3000 }), weight: 30 },
      { arbitrary: fc.integer({ min: 3000, max: 100_000 }), weight: 1 },
    ),
    fc.constantFrom('array', 'object', 'open', 'relay'),
  )
  .map(([d, shape]): Case => {
    const text =
      shape === 'array'
        ? deepArray(d)
        : shape === 'object'
          ? `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`
          : shape === 'open'
            ? '['.repeat(d)
            : `["EVENT",${deepArray(d)}]`;
    const reason =
      shape === 'array'
        ? /^malformed:event: array is not a relay message/
        : shape === 'object'
          ? /^unknown item/
          : shape === 'open'
            ? /^malformed JSON/
            : /^malformed:[a-z_]+: /;
    return { bytes: enc(text), expect: { valid: false, reason }, kind: `deep-${shape}` };
  });

const garbage: fc.Arbitrary<Case> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b): Case => ({ bytes: noNewline(b), kind: 'binary' })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s): Case => ({ bytes: noNewline(enc(s)), kind: 'text' })),
  fc.jsonValue().map((v): Case => ({ bytes: enc(JSON.stringify(v) ?? 'null'), kind: 'json' })),
  fc
    .constantFrom(
      '',
      ' ',
      '\t',
      '\r',
      '\u0000',
      '\u0000'.repeat(100),
      '{}',
      '[]',
      '["EVENT"]',
      '["EVENT","sub",42]',
      '["REQ","sub",{}]',
      'null',
      '"scheme"',
      '{"scheme":null}',
      '{"sig":1,"pubkey":2}',
      '\uFEFF{}',
      '{"__proto__":{"scheme":"bip340"}}',
      '{"scheme":"bip340","publicKey":"00"}\u0000',
    )
    .map((s): Case => ({ bytes: enc(s), kind: 'fixed' })),
  // Invalid UTF-8: lone continuation bytes, overlong forms, surrogates, truncated sequences, inside good lines.
  fc
    .tuple(
      fc.constantFrom(...GOOD_LINES),
      fc.nat(),
      fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff]),
    )
    .map(([line, at, bad]): Case => {
      const b = [...enc(line)];
      b.splice(at % (b.length + 1), 0, ...bad);
      return { bytes: Uint8Array.from(b), expect: { valid: false, reason: /^line is not valid UTF-8$/ }, kind: 'utf8' };
    }),
);

const good: fc.Arbitrary<Case> = fc.oneof(
  fc.constantFrom(...GOOD_LINES).map((l): Case => ({ bytes: enc(l), expect: { valid: true }, kind: 'good' })),
  fc
    .tuple(fc.constantFrom(...GOOD_LINES), fc.array(fc.nat(7), { minLength: 1, maxLength: 8 }), fc.boolean())
    .map(([l, order, spaced]): Case => {
      const text = reformat(JSON.parse(l), order, spaced);
      return { bytes: enc(spaced ? ` ${text}\t ` : text), expect: { valid: true }, kind: 'reformatted' };
    }),
);

const broken: fc.Arbitrary<Case> = fc
  .constantFrom(...BROKEN_LINES)
  .map((l): Case => ({ bytes: enc(l), expect: { valid: false, reason: BAD_SIGNATURE }, kind: 'broken' }));

/** One input line of any kind. */
export const anyCase: fc.Arbitrary<Case> = fc.oneof(
  { arbitrary: good, weight: 4 },
  { arbitrary: broken, weight: 2 },
  { arbitrary: schemeMutation, weight: 3 },
  { arbitrary: nostrMutation, weight: 3 },
  { arbitrary: byteMutation, weight: 3 },
  { arbitrary: truncation, weight: 2 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: garbage, weight: 3 },
);

/** Lines joined with \n or \r\n; the last one unterminated sometimes (when not empty, else it would vanish). */
export const joinLines = (cases: readonly Case[], crlf: readonly boolean[], lastOpen: boolean): Buffer => {
  const parts: Buffer[] = [];
  cases.forEach((c, i) => {
    parts.push(Buffer.from(c.bytes));
    const open = i === cases.length - 1 && lastOpen && c.bytes.length > 0;
    if (!open) parts.push(Buffer.from(crlf[i % crlf.length] ? '\r\n' : '\n'));
  });
  return Buffer.concat(parts);
};

/** Splits bytes at the given fractions of their length: how a stream may chunk them. */
export const chunked = (bytes: Buffer, cuts: readonly number[]): Buffer[] => {
  const at = [...new Set(cuts.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of at) {
    if (c > prev) out.push(bytes.subarray(prev, c));
    prev = Math.max(prev, c);
  }
  if (prev < bytes.length || out.length === 0) out.push(bytes.subarray(prev));
  return out;
};

/** The text tally reads from a line's bytes (a trailing \r dropped), or undefined when they are not UTF-8. */
function lineText(bytes: Uint8Array): string | undefined {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, end));
  } catch {
    return undefined;
  }
}

const nobleSeen = new Map<string, boolean>();
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);
/** Whether noble finds the item on this line valid (for every line tally calls valid); remembered by line. */
function nobleValid(text: string): boolean {
  // Keyed by the value, so that reformatted lines of one item are verified once.
  const key = text.length < 4096 ? canonical(JSON.parse(text)) : undefined;
  let v = key === undefined ? undefined : nobleSeen.get(key);
  if (v === undefined) {
    v = nobleVerify(text);
    if (key !== undefined) nobleSeen.set(key, v);
  }
  return v;
}

function nobleVerify(text: string): boolean {
  let v = JSON.parse(text) as Record<string, unknown> | unknown[];
  if (Array.isArray(v)) v = (v.length === 3 ? v[2] : v[1]) as Record<string, unknown>;
  const o = v as Record<string, string>;
  if (typeof o.scheme === 'string') {
    const [pk, msg, sig] = [hexToBytes(o.publicKey as string), hexToBytes(o.message as string), o.signature as string];
    if (o.scheme === 'bip340') return schnorr.verify(hexToBytes(sig), msg, pk);
    return ed25519.verify(hexToBytes(sig), msg, pk, { zip215: o.scheme === 'ed25519' });
  }
  const e = v as unknown as { id: string; pubkey: string; sig: string; created_at: number; kind: number };
  const id = bytesToHex(nostrEventId(e));
  return id === e.id && schnorr.verify(hexToBytes(e.sig), hexToBytes(id), hexToBytes(e.pubkey));
}

/**
 * Checks one answer against its case: the expected verdict when known, and for every line the generic rules:
 * a reason on every invalid answer; "not valid UTF-8", "empty line" or "malformed JSON" exactly when so;
 * noble agreeing with every valid answer.
 */
export function checkAnswer(c: Case, got: { valid: unknown; reason?: unknown }, first: boolean): void {
  const where = `${c.kind} ${JSON.stringify(Buffer.from(c.bytes).toString('latin1').slice(0, 200))}`;
  expect(typeof got.valid, where).toBe('boolean');
  if (got.valid === false) {
    expect(typeof got.reason, where).toBe('string');
    expect((got.reason as string).length, where).toBeGreaterThan(0);
  }
  if (c.expect) {
    expect(got.valid, where).toBe(c.expect.valid);
    if (!c.expect.valid && c.expect.reason) expect(got.reason, where).toMatch(c.expect.reason);
  }
  let text = lineText(c.bytes);
  if (text === undefined) {
    expect(got.reason, where).toBe('line is not valid UTF-8');
    return;
  }
  if (first && text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') {
    expect(got.reason, where).toBe('empty line');
    return;
  }
  let parsed = true;
  try {
    JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (!parsed) expect(got.reason, where).toMatch(/^malformed JSON: /);
  else expect(String(got.reason), where).not.toMatch(/^malformed JSON/);
  if (got.valid === true) expect(nobleValid(text), where).toBe(true);
}
