// Differential against nostr-tools' pure verifyEvent and getEventHash over generated and mutated events: every
// verdict and id equal, for verifyEvent, verifyEvents and the lines form (JSON.stringify lines, relay messages
// and the same values in other legal JSON forms).
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { getEventHash, verifyEvent as ntVerifyEvent } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNostrVerifier, type NostrVerifier } from '../src/index.js';
import { event } from './arbitraries.js';
import { jsonStyle, writeJson } from './json-forms.js';

/** nostr-tools' verdict on a fresh copy (it marks the object); a throw counts as false. */
const expected = (e: unknown): boolean => {
  try {
    return ntVerifyEvent(e === null || typeof e !== 'object' ? (e as never) : structuredClone(e as never));
  } catch {
    return false;
  }
};
const expectedHash = (e: unknown): string | undefined => {
  try {
    return getEventHash(e as never);
  } catch {
    return undefined;
  }
};

let v: NostrVerifier;
let small: NostrVerifier;
let events = 0;
beforeAll(async () => {
  v = await createNostrVerifier();
  // Chunks of 7: batches cut mid-input must keep every verdict in place.
  small = await createNostrVerifier({ maxBatch: 7 });
});
afterAll(() => {
  expect(events).toBeGreaterThanOrEqual(10_000);
});

const encoder = new TextEncoder();

describe('differential vs nostr-tools', () => {
  it('verifyEvent, getEventHash, verifyEvents and the lines form agree on ≥ 10^4 events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(event, fc.nat({ max: 3 }), jsonStyle), { minLength: 30, maxLength: 60 }),
        (cases) => {
          events += cases.length;
          const values = cases.map(([e]) => e);
          const want = values.map(expected);
          for (let i = 0; i < values.length; i++) {
            expect(v.verifyEvent(values[i])).toBe(want[i]);
            expect(v.getEventHash(values[i])).toBe(expectedHash(values[i]));
          }
          expect(v.verifyEvents(values).valid).toEqual(want);
          expect(small.verifyEvents(values).valid).toEqual(want);
          // Lines: the JSON.stringify text, alone or in a relay message, or the value in another JSON form.
          const lines = cases.map(([e, form, style]) =>
            form === 0
              ? JSON.stringify(['EVENT', 'sub', e])
              : form === 1
                ? JSON.stringify(['EVENT', e])
                : form === 2
                  ? writeJson(e, style)
                  : JSON.stringify(e),
          );
          const wantLines = lines.map((l, i) => {
            const parsed = JSON.parse(l);
            const e = Array.isArray(parsed) && parsed[0] === 'EVENT' ? parsed[parsed.length - 1] : parsed;
            // The same value read back (the usual case) has the same verdict; others are asked again.
            return isDeepStrictEqual(e, values[i]) ? want[i] : expected(e);
          });
          const bytes = encoder.encode(`${lines.join('\n')}\n`);
          expect(v.verifyLines(bytes).valid).toEqual(wantLines);
          expect(small.verifyLines(bytes).valid).toEqual(wantLines);
        },
      ),
      { numRuns: 250 },
    );
  }, 600_000);
});
