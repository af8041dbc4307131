// The bytes path of one line: reads an event (or a relay message ["EVENT", (subscription,) event]) from UTF-8
// JSON in place, checks what nostr-tools checks, writes the NIP-01 serialization [0,pubkey,created_at,kind,
// tags,content] exactly as JSON.stringify writes it, hashes it, compares the id and fills a batch row. No object
// is built. Where the line holds anything this path does not reproduce exactly (a number that is not a short
// integer, an escaped key, a missing or mistyped field, invalid UTF-8 or JSON), it answers FALLBACK and the
// JavaScript path decides, so every verdict is the one JSON.parse and nostr-tools would give.
import { ScanCode } from "./generated/spec";
import { arenaReserve, claimedAt, deferRow } from "./pending";
import { hexDigit, KEYS, SIGS } from "./rows";
import { skipUtf8, specials } from "./utf8";

/** Nesting allowed in fields the event does not use; deeper lines go to the JavaScript path. */
const MAX_DEPTH: i32 = 64;

const F_ID: i32 = 0;
const F_PUBKEY: i32 = 1;
const F_SIG: i32 = 2;
const F_CREATED: i32 = 3;
const F_KIND: i32 = 4;
const F_TAGS: i32 = 5;
const F_CONTENT: i32 = 6;
const ALL_FIELDS: i32 = 127;

let p: usize = 0;
let end: usize = 0;
/** The last string scanned is canonical as it stands: escapes only \" \\ \b \f \n \r \t. */
let verbatim = true;
/** The last number scanned is an integer JSON.stringify writes with the same digits. */
let plainNumber = true;

let idAt: usize = 0;
let pubkeyAt: usize = 0;
let sigAt: usize = 0;
let createdAt: usize = 0;
let createdEnd: usize = 0;
let kindAt: usize = 0;
let kindEnd: usize = 0;
let tagsAt: usize = 0;
let tagsEnd: usize = 0;
let tagsVerbatim = true;
let contentAt: usize = 0;
let contentEnd: usize = 0;
let contentVerbatim = true;

function peek(): u32 {
  return p < end ? <u32>load<u8>(p) : 0;
}

function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

/** Skips whitespace; returns whether there was any. */
function ws(): bool {
  const from = p;
  while (p < end && isSpace(<u32>load<u8>(p))) p++;
  return p != from;
}

function continuation(at: usize, stop: usize): bool {
  return at < stop && (load<u8>(at) & 0xc0) == 0x80;
}

/** The length of the well-formed UTF-8 sequence of two to four bytes at q (no overlongs, surrogates or > U+10FFFF), or 0. */
function utf8Length(q: usize, stop: usize): usize {
  const c = <u32>load<u8>(q);
  if (c < 0xc2) return 0;
  if (c < 0xe0) return continuation(q + 1, stop) ? 2 : 0;
  if (q + 1 >= stop) return 0;
  const c1 = <u32>load<u8>(q + 1);
  if (c < 0xf0) {
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f)) return 0;
    return continuation(q + 1, stop) && continuation(q + 2, stop) ? 3 : 0;
  }
  if (c > 0xf4 || (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f)) return 0;
  return continuation(q + 1, stop) && continuation(q + 2, stop) && continuation(q + 3, stop) ? 4 : 0;
}

function hex4(at: usize): i32 {
  if (at + 4 > end) return -1;
  const a = hexDigit(load<u8>(at));
  const b = hexDigit(load<u8>(at + 1));
  const c = hexDigit(load<u8>(at + 2));
  const d = hexDigit(load<u8>(at + 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

/** A JSON string at p (p on the opening quote): escapes and UTF-8 checked, verbatim set. */
function skipString(): bool {
  // Locals rather than the module's globals in the hot loop.
  let q = p + 1;
  const stop = end;
  let plain = true;
  while (true) {
    // Sixteen bytes at a time while none is a quote, a backslash, a control or a non-ASCII byte; runs with
    // non-ASCII bytes are checked as UTF-8 in vectors too (skipUtf8).
    while (q + 16 <= stop) {
      const v = v128.load(q);
      const mask = i8x16.bitmask(specials(v));
      if (mask == 0) {
        q += 16;
        continue;
      }
      if ((mask & ~i8x16.bitmask(v)) == 0) {
        q = skipUtf8(q, stop);
        if (q == 0) return false;
      } else q += <usize>ctz(mask);
      break;
    }
    if (q >= stop) break;
    const c = <u32>load<u8>(q);
    if (c == 0x22) {
      p = q + 1;
      verbatim = plain;
      return true;
    }
    if (c == 0x5c) {
      if (q + 1 >= stop) break;
      const e = <u32>load<u8>(q + 1);
      if (e == 0x22 || e == 0x5c || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) {
        q += 2;
      } else if (e == 0x2f) {
        plain = false;
        q += 2;
      } else if (e == 0x75) {
        if (hex4(q + 2) < 0) break;
        plain = false;
        q += 6;
      } else break;
      continue;
    }
    if (c < 0x20) break;
    if (c < 0x80) {
      q++;
      continue;
    }
    const n = utf8Length(q, stop);
    if (n == 0) break;
    q += n;
  }
  return false;
}

function digits(): usize {
  const from = p;
  while (p < end && <u32>load<u8>(p) - 0x30 < 10) p++;
  return p - from;
}

/** A JSON number at p; plainNumber when it is an integer of at most 15 digits other than −0. */
function skipNumber(): bool {
  const from = p;
  const negative = peek() == 0x2d;
  if (negative) p++;
  const c = peek();
  let n: usize = 1;
  if (c == 0x30) p++;
  else if (c - 0x31 < 9) n = digits();
  else return false;
  plainNumber = n <= 15 && !(negative && c == 0x30);
  if (peek() == 0x2e) {
    p++;
    if (digits() == 0) return false;
    plainNumber = false;
  }
  if ((peek() | 32) == 0x65) {
    p++;
    const s = peek();
    if (s == 0x2b || s == 0x2d) p++;
    if (digits() == 0) return false;
    plainNumber = false;
  }
  return p > from;
}

function literal(word: u64, length: usize): bool {
  if (p + length > end) return false;
  for (let i: usize = 0; i < length; i++) {
    if (<u64>load<u8>(p + i) != ((word >> (8 * i)) & 0xff)) return false;
  }
  p += length;
  return true;
}

/** Any JSON value (fields the event does not use): checked, not kept. */
function skipValue(depth: i32): bool {
  ws();
  const c = peek();
  if (c == 0x22) return skipString();
  if (c == 0x2d || c - 0x30 < 10) return skipNumber();
  if (c == 0x74) return literal(0x65757274, 4); // true
  if (c == 0x66) return literal(0x65736c6166, 5); // false
  if (c == 0x6e) return literal(0x6c6c756e, 4); // null
  if (depth > MAX_DEPTH) return false;
  if (c == 0x5b) {
    p++;
    ws();
    if (peek() == 0x5d) {
      p++;
      return true;
    }
    while (true) {
      if (!skipValue(depth + 1)) return false;
      ws();
      const d = peek();
      p++;
      if (d == 0x5d) return true;
      if (d != 0x2c) return false;
    }
  }
  if (c == 0x7b) {
    p++;
    ws();
    if (peek() == 0x7d) {
      p++;
      return true;
    }
    while (true) {
      ws();
      if (peek() != 0x22 || !skipString()) return false;
      ws();
      if (peek() != 0x3a) return false;
      p++;
      if (!skipValue(depth + 1)) return false;
      ws();
      const d = peek();
      p++;
      if (d == 0x7d) return true;
      if (d != 0x2c) return false;
    }
  }
  return false;
}

/** Whether the 16 characters in v are all hex digits (lowercase only unless anyCase). */
function hexOk16(v: v128, anyCase: bool): bool {
  const x = anyCase ? v128.or(v, i8x16.splat(0x20)) : v;
  const digit = i8x16.lt_u(i8x16.sub(v, i8x16.splat(0x30)), i8x16.splat(10));
  const letter = i8x16.lt_u(i8x16.sub(x, i8x16.splat(0x61)), i8x16.splat(6));
  return i8x16.all_true(v128.or(digit, letter));
}

/** A string of exactly 2n hex digits (lowercase only unless anyCase), without escapes; 2n a multiple of 16. */
function hexString(n: usize, anyCase: bool): bool {
  if (peek() != 0x22 || p + 2 * n + 2 > end || load<u8>(p + 2 * n + 1) != 0x22) return false;
  for (let i: usize = 0; i < 2 * n; i += 16) if (!hexOk16(v128.load(p + 1 + i), anyCase)) return false;
  p += 2 * n + 2;
  return true;
}

/** tags: an array of arrays of strings; tagsVerbatim when the text is already canonical (no spaces or rewrites). */
function scanTags(): bool {
  if (peek() != 0x5b) return false;
  tagsVerbatim = true;
  p++;
  if (ws()) tagsVerbatim = false;
  if (peek() == 0x5d) {
    p++;
    return true;
  }
  while (true) {
    if (ws()) tagsVerbatim = false;
    if (peek() != 0x5b) return false;
    p++;
    if (ws()) tagsVerbatim = false;
    if (peek() == 0x5d) p++;
    else
      while (true) {
        if (ws()) tagsVerbatim = false;
        if (peek() != 0x22 || !skipString()) return false;
        if (!verbatim) tagsVerbatim = false;
        if (ws()) tagsVerbatim = false;
        const d = peek();
        p++;
        if (d == 0x5d) break;
        if (d != 0x2c) return false;
      }
    if (ws()) tagsVerbatim = false;
    const d = peek();
    p++;
    if (d == 0x5d) return true;
    if (d != 0x2c) return false;
  }
}

/** Which field a key names (its bytes at at..at+n, unescaped), or −1. */
function fieldOf(at: usize, n: usize): i32 {
  if (n == 2 && load<u16>(at) == 0x6469) return F_ID; // "id"
  if (n == 3 && load<u16>(at) == 0x6973 && load<u8>(at + 2) == 0x67) return F_SIG; // "sig"
  if (n == 4 && load<u32>(at) == 0x646e696b) return F_KIND; // "kind"
  if (n == 4 && load<u32>(at) == 0x73676174) return F_TAGS; // "tags"
  if (n == 6 && load<u32>(at) == 0x6b627570 && load<u16>(at + 4) == 0x7965) return F_PUBKEY; // "pubkey"
  if (n == 7 && load<u32>(at) == 0x746e6f63 && load<u32>(at + 3) == 0x746e6574) return F_CONTENT; // "content"
  // "created_at"
  if (n == 10 && load<u32>(at) == 0x61657263 && load<u32>(at + 4) == 0x5f646574 && load<u16>(at + 8) == 0x7461)
    return F_CREATED;
  return -1;
}

/** The event object at p: every field found once, checked, and its place noted. */
function scanEvent(): bool {
  if (peek() != 0x7b) return false;
  p++;
  let seen: i32 = 0;
  while (true) {
    ws();
    if (peek() != 0x22) return false;
    const key = p + 1;
    if (!skipString() || !verbatim) return false;
    const field = fieldOf(key, p - 1 - key);
    ws();
    if (peek() != 0x3a) return false;
    p++;
    ws();
    if (field >= 0) {
      if ((seen & (1 << field)) != 0) return false;
      seen |= 1 << field;
    }
    if (field == F_ID) {
      idAt = p + 1;
      if (!hexString(32, false)) return false;
    } else if (field == F_PUBKEY) {
      pubkeyAt = p + 1;
      if (!hexString(32, false)) return false;
    } else if (field == F_SIG) {
      sigAt = p + 1;
      if (!hexString(64, true)) return false;
    } else if (field == F_CREATED) {
      createdAt = p;
      if (!skipNumber() || !plainNumber) return false;
      createdEnd = p;
    } else if (field == F_KIND) {
      kindAt = p;
      if (!skipNumber() || !plainNumber) return false;
      kindEnd = p;
    } else if (field == F_TAGS) {
      tagsAt = p;
      if (!scanTags()) return false;
      tagsEnd = p;
    } else if (field == F_CONTENT) {
      contentAt = p;
      if (peek() != 0x22 || !skipString()) return false;
      contentEnd = p;
      contentVerbatim = verbatim;
    } else if (!skipValue(1)) return false;
    ws();
    const d = peek();
    p++;
    if (d == 0x7d) return seen == ALL_FIELDS;
    if (d != 0x2c) return false;
  }
}

/** A whole line: an event, or ["EVENT", event] / ["EVENT", "subscription", event]. */
function scanLine(): bool {
  ws();
  if (peek() == 0x7b) {
    if (!scanEvent()) return false;
  } else {
    if (peek() != 0x5b) return false;
    p++;
    ws();
    // "EVENT"
    if (p + 7 > end || load<u32>(p) != 0x45564522 || load<u16>(p + 4) != 0x544e || load<u8>(p + 6) != 0x22) {
      return false;
    }
    p += 7;
    ws();
    if (peek() != 0x2c) return false;
    p++;
    ws();
    if (peek() == 0x22) {
      if (!skipString()) return false;
      ws();
      if (peek() != 0x2c) return false;
      p++;
      ws();
    }
    if (!scanEvent()) return false;
    ws();
    if (peek() != 0x5d) return false;
    p++;
  }
  ws();
  return p == end;
}

let o: usize = 0;

function put(c: u32): void {
  store<u8>(o++, <u8>c);
}

function putHex4(u: u32): void {
  put(0x5c);
  put(0x75);
  for (let s: i32 = 12; s >= 0; s -= 4) {
    const d = (u >> <u32>s) & 15;
    put(d < 10 ? 0x30 + d : 0x57 + d);
  }
}

function putUtf8(u: u32): void {
  if (u < 0x80) put(u);
  else if (u < 0x800) {
    put(0xc0 | (u >> 6));
    put(0x80 | (u & 63));
  } else if (u < 0x10000) {
    put(0xe0 | (u >> 12));
    put(0x80 | ((u >> 6) & 63));
    put(0x80 | (u & 63));
  } else {
    put(0xf0 | (u >> 18));
    put(0x80 | ((u >> 12) & 63));
    put(0x80 | ((u >> 6) & 63));
    put(0x80 | (u & 63));
  }
}

/** The string at p (checked before) as JSON.stringify writes its value. */
function emitString(): void {
  put(0x22);
  p++;
  while (true) {
    const c = <u32>load<u8>(p);
    if (c == 0x22) break;
    if (c != 0x5c) {
      put(c);
      p++;
      continue;
    }
    const e = <u32>load<u8>(p + 1);
    if (e != 0x75) {
      // \/ is a plain slash; the other short escapes are JSON.stringify's own.
      if (e == 0x2f) put(0x2f);
      else {
        put(0x5c);
        put(e);
      }
      p += 2;
      continue;
    }
    const u = <u32>hex4(p + 2);
    p += 6;
    if (u - 0xd800 < 0x400 && load<u8>(p) == 0x5c && load<u8>(p + 1) == 0x75) {
      const v = <u32>hex4(p + 2);
      if (v - 0xdc00 < 0x400) {
        putUtf8(0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00));
        p += 6;
        continue;
      }
    }
    if (u - 0xd800 < 0x800) putHex4(u);
    else if (u == 0x22 || u == 0x5c || u < 0x20) putEscaped(u);
    else putUtf8(u);
  }
  put(0x22);
  p++;
}

function put2(e: u32): void {
  put(0x5c);
  put(e);
}

/** A quote, a backslash or a control character as JSON.stringify escapes it. */
function putEscaped(u: u32): void {
  if (u == 0x22 || u == 0x5c) put2(u);
  else if (u == 8) put2(0x62);
  else if (u == 9) put2(0x74);
  else if (u == 10) put2(0x6e);
  else if (u == 12) put2(0x66);
  else if (u == 13) put2(0x72);
  else putHex4(u);
}

/**
 * The n bytes of UTF-8 at src (TextEncoder's output) as a JSON string at dst, quoted and escaped as
 * JSON.stringify writes it. Returns the bytes written, or −1 at a U+FFFD: TextEncoder writes one for a lone
 * surrogate, which JSON.stringify escapes instead, so only JSON.stringify can tell. dst needs 6n + 18 bytes.
 */
export function quoteUtf8(src: usize, n: usize, dst: usize): i32 {
  o = dst;
  put(0x22);
  const stop = src + n;
  let q = src;
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  const lead = i8x16.splat(<i8>0xef);
  while (q < stop) {
    // Sixteen bytes at a time while none is a quote, a backslash, a control or the lead byte of U+F000..U+FFFF.
    while (q + 16 <= stop) {
      const v = v128.load(q);
      const mask = i8x16.bitmask(
        v128.or(v128.or(i8x16.lt_u(v, space), i8x16.eq(v, lead)), v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash))),
      );
      v128.store(o, v);
      if (mask == 0) {
        o += 16;
        q += 16;
        continue;
      }
      const k = <usize>ctz(mask);
      o += k;
      q += k;
      break;
    }
    if (q >= stop) break;
    const c = <u32>load<u8>(q);
    if (c == 0xef && q + 2 < stop && load<u8>(q + 1) == 0xbf && load<u8>(q + 2) == 0xbd) return -1;
    if (c == 0x22 || c == 0x5c || c < 0x20) putEscaped(c);
    else put(c);
    q++;
  }
  put(0x22);
  return <i32>(o - dst);
}

/** The tags at tagsAt (checked before) without spaces and with canonical strings. */
function emitTags(): void {
  p = tagsAt;
  while (true) {
    ws();
    const c = <u32>load<u8>(p);
    if (c == 0x22) emitString();
    else {
      put(c);
      p++;
    }
    if (p >= tagsEnd) return;
  }
}

function copy(from: usize, to: usize): void {
  memory.copy(o, from, to - from);
  o += to - from;
}

/**
 * Reads the line at [start, end) into batch row `row`. PENDING: the row holds the signature, key and claimed
 * id, and its serialization waits in the arena for hashRows. ARENA_FULL: hash the rows so far, then ask again.
 * FALLBACK: the JavaScript path must read this line (ScanCode).
 */
export function scanEventLine(start: usize, stop: usize, row: i32): i32 {
  // A serialization is never longer than its line.
  const msg = arenaReserve(stop - start);
  if (msg == 0) return ScanCode.ARENA_FULL;
  p = start;
  end = stop;
  if (!scanLine()) return ScanCode.FALLBACK;
  o = msg;
  // [0,"pubkey",created_at,kind,tags,"content"]
  store<u32>(o, 0x222c305b);
  o += 4;
  copy(pubkeyAt, pubkeyAt + 64);
  store<u16>(o, 0x2c22);
  o += 2;
  copy(createdAt, createdEnd);
  put(0x2c);
  copy(kindAt, kindEnd);
  put(0x2c);
  if (tagsVerbatim) copy(tagsAt, tagsEnd);
  else emitTags();
  put(0x2c);
  if (contentVerbatim) copy(contentAt, contentEnd);
  else {
    p = contentAt;
    emitString();
  }
  put(0x5d);
  deferRow(row, msg, o - msg);
  const r = <usize>row;
  decodeHex(claimedAt(row), idAt, 32);
  decodeHex(SIGS + 64 * r, sigAt, 64);
  decodeHex(KEYS + 32 * r, pubkeyAt, 32);
  return ScanCode.PENDING;
}

/** n bytes from 2n hex digits already checked by the scan (either case), sixteen digits at a time. */
function decodeHex(dst: usize, src: usize, n: usize): void {
  for (let i: usize = 0; i < n; i += 8) {
    const v = v128.load(src + 2 * i);
    const digit = i8x16.sub(v, i8x16.splat(0x30));
    // A letter's value is (c | 0x20) − 0x57; the selection keeps the digit's own where c is a digit.
    const letter = i8x16.sub(v128.or(v, i8x16.splat(0x20)), i8x16.splat(0x57));
    const value = v128.bitselect(digit, letter, i8x16.lt_u(digit, i8x16.splat(10)));
    // Byte pairs (high, low) as 16-bit lanes: high | low << 8 → high << 4 | low.
    const pairs = v128.or(i16x8.shl(v128.and(value, i16x8.splat(0x0f)), 4), i16x8.shr_u(value, 8));
    store<u64>(dst + i, i64x2.extract_lane(i8x16.narrow_i16x8_u(pairs, pairs), 0));
  }
}

/** Where the first newline in [from, stop) is, or stop. */
export function lineEnd(from: usize, stop: usize): usize {
  let q = from;
  const newline = i8x16.splat(0x0a);
  while (q + 16 <= stop) {
    const mask = i8x16.bitmask(i8x16.eq(v128.load(q), newline));
    if (mask != 0) return q + <usize>ctz(mask);
    q += 16;
  }
  while (q < stop && load<u8>(q) != 0x0a) q++;
  return q;
}
