// The embedded modules' bytes decode the same on every path the runtimes take: Uint8Array.fromBase64, Buffer,
// and atob with a copy loop where neither exists.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBase64 } from '../src/loader.js';

const bytes = Uint8Array.from({ length: 4099 }, (_, i) => (i * 151 + (i >> 8)) & 0xff);
const text = Buffer.from(bytes).toString('base64');
const U8 = Uint8Array as unknown as { fromBase64?: unknown };
const G = globalThis as { Buffer?: unknown };
const saved = { fromBase64: Object.getOwnPropertyDescriptor(Uint8Array, 'fromBase64'), Buffer: G.Buffer };

afterEach(() => {
  if (saved.fromBase64) Object.defineProperty(Uint8Array, 'fromBase64', saved.fromBase64);
  else delete U8.fromBase64;
  G.Buffer = saved.Buffer;
});

describe('decodeBase64', () => {
  it('decodes with whatever the runtime has', () => {
    expect(decodeBase64(text)).toEqual(bytes);
  });

  it('decodes through Buffer, and through atob when there is neither', () => {
    delete U8.fromBase64;
    const viaBuffer = decodeBase64(text);
    expect(viaBuffer).toEqual(bytes);
    expect(viaBuffer.buffer.byteLength).toBe(bytes.length);
    G.Buffer = undefined;
    expect(decodeBase64(text)).toEqual(bytes);
  });

  it('uses Uint8Array.fromBase64 where it exists', () => {
    let called = 0;
    U8.fromBase64 = (s: string) => {
      called++;
      return new Uint8Array(Buffer.from(s, 'base64'));
    };
    expect(decodeBase64(text)).toEqual(bytes);
    expect(called).toBe(1);
  });
});
