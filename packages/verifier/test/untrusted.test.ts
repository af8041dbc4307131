// Untrusted input never throws from a verify call: arbitrary bytes of arbitrary lengths, and values that are not
// bytes at all, get a verdict (false) and a reason, for every scheme and mode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BatchItem, createVerifier } from '../src/index.js';

const anyBytes = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 80 }),
  fc.uint8Array({ minLength: 32, maxLength: 32 }),
  fc.uint8Array({ minLength: 64, maxLength: 64 }),
);
const notBytes = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.constant([1, 2, 3]));

describe('untrusted input', () => {
  for (const options of [{ scheme: 'bip340' }, { scheme: 'ed25519' }, { scheme: 'ed25519', mode: 'strict' }] as const) {
    it(`${options.scheme} ${'mode' in options ? options.mode : ''}: random bytes and non-bytes never throw`, async () => {
      const v = await createVerifier(options);
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              signature: fc.oneof(anyBytes, notBytes),
              message: fc.oneof(anyBytes, notBytes),
              publicKey: fc.oneof(anyBytes, notBytes),
            }),
            {
              maxLength: 12,
            },
          ),
          (raw) => {
            const items = raw as unknown as BatchItem[];
            const r = v.verifyBatch(items);
            expect(r.valid).toHaveLength(items.length);
            expect(r.valid.every((x) => x === false)).toBe(true);
            expect(r.reasons.every((x) => typeof x === 'string')).toBe(true);
            for (const it of items) expect(v.verify(it.signature, it.message, it.publicKey)).toBe(false);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
