// The NIP-01 serialization of a checked event written as UTF-8 straight into the module's memory: the bytes of
// JSON.stringify([0, pubkey, created_at, kind, tags, content]) encoded as UTF-8, without building that text.
// Each string goes through TextEncoder and the module's quoting (quoteUtf8), which escapes it as JSON.stringify
// does; one native call per string is cheaper than JSON.stringify's own, and far cheaper on long content. Where only JSON.stringify can say
// (a lone surrogate, a toJSON method, a very long string) the writer hands the event back.

/** The writer needs more room: grow the destination and write again. */
export const MORE_ROOM: number = -1;
/** Only JSON.stringify can write this event. */
export const HAND_BACK: number = -2;

/** Events with a longer string are left to JSON.stringify, so that the staging area stays small. */
export const LONGEST: number = 1 << 14;
/** Staging bytes for TextEncoder: 3 per UTF-16 unit of the longest string, and slack. */
export const STAGE_BYTES: number = 3 * LONGEST + 64;

const encoder = new TextEncoder();

/** Where the writer works: the module's bytes, its quoting, and a staging area with a view kept over it. */
export interface WriteTarget {
  readonly mem: Uint8Array;
  readonly stage: number;
  readonly stageView: Uint8Array;
  quoteUtf8(src: number, n: number, dst: number): number;
}

/** A JSON string at mem[at..] (room checked by the caller); its end, or HAND_BACK. */
function putString(t: WriteTarget, at: number, s: string): number {
  const { written } = encoder.encodeInto(s, t.stageView);
  const n = t.quoteUtf8(t.stage, written, at);
  return n < 0 ? HAND_BACK : at + n;
}

/** A number as JSON.stringify writes it (ASCII), at mem[at..]; its end. */
function putNumber(mem: Uint8Array, at: number, n: number): number {
  if (Number.isSafeInteger(n) && n >= 0) {
    // (t − t mod 10) / 10 is exact for every safe integer, where ⌊t / 10⌋ in floating point is not.
    let digits = 1;
    for (let t = n; t >= 10; t = (t - (t % 10)) / 10) digits++;
    for (let i = digits - 1, t = n; i >= 0; i--) {
      const d = t % 10;
      mem[at + i] = 48 + d;
      t = (t - d) / 10;
    }
    return at + digits;
  }
  const text = JSON.stringify(n);
  for (let i = 0; i < text.length; i++) mem[at++] = text.charCodeAt(i);
  return at;
}

/**
 * Writes the serialization of an event that passed shapeCode at mem[at..end). Returns its length, MORE_ROOM or
 * HAND_BACK. end leaves 16 bytes of slack for the quoting's vector stores.
 */
export function writeSerialization(t: WriteTarget, e: Record<string, unknown>, at: number, end: number): number {
  const mem = t.mem;
  const tags = e.tags as unknown[];
  const content = e.content as string;
  if ((tags as { toJSON?: unknown }).toJSON !== undefined) return HAND_BACK;
  // [0,"pubkey",created_at,kind,[: under 128 bytes (a number takes at most 24).
  if (at + 128 > end) return MORE_ROOM;
  let o = at;
  mem[o++] = 0x5b;
  mem[o++] = 0x30;
  mem[o++] = 0x2c;
  o = putString(t, o, e.pubkey as string);
  mem[o++] = 0x2c;
  o = putNumber(mem, o, e.created_at as number);
  mem[o++] = 0x2c;
  o = putNumber(mem, o, e.kind as number);
  mem[o++] = 0x2c;
  mem[o++] = 0x5b;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i] as string[];
    if ((tag as { toJSON?: unknown }).toJSON !== undefined) return HAND_BACK;
    if (o + 24 > end) return MORE_ROOM;
    if (i > 0) mem[o++] = 0x2c;
    mem[o++] = 0x5b;
    for (let j = 0; j < tag.length; j++) {
      const s = tag[j] as string;
      if (s.length > LONGEST) return HAND_BACK;
      // Room for the string as escaped UTF-8 (at most 6 bytes per unit), its separators and the closing bytes.
      if (o + 6 * s.length + 24 > end) return MORE_ROOM;
      if (j > 0) mem[o++] = 0x2c;
      o = putString(t, o, s);
      if (o < 0) return o;
    }
    mem[o++] = 0x5d;
  }
  if (content.length > LONGEST) return HAND_BACK;
  if (o + 6 * content.length + 24 > end) return MORE_ROOM;
  mem[o++] = 0x5d;
  mem[o++] = 0x2c;
  o = putString(t, o, content);
  if (o < 0) return o;
  mem[o++] = 0x5d;
  return o - at;
}
