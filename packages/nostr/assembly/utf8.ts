// UTF-8 validation sixteen bytes at a time, by the lookup method of Keiser and Lemire ("Validating UTF-8 in less
// than one instruction per byte", 2021): each byte and the one before it are classified by three table lookups on
// their nibbles, and every error class (too short, too long, overlong, surrogate, above U+10FFFF, a stray
// continuation) has a bit that survives only when all three lookups agree. The bytes two and three back say where
// a continuation must stand. A sequence cut by the end of the vector is checked with the next one.

const TOO_SHORT: i32 = 1 << 0; // a lead byte, then no continuation
const TOO_LONG: i32 = 1 << 1; // a continuation after ASCII
const OVERLONG_3: i32 = 1 << 2; // 11100000 100_____
const TOO_LARGE: i32 = 1 << 3; // 11110100 1001____ and above
const SURROGATE: i32 = 1 << 4; // 11101101 101_____
const OVERLONG_2: i32 = 1 << 5; // 1100000_ 10______
const TOO_LARGE_1000: i32 = 1 << 6; // 11110101 1000____ and above
const OVERLONG_4: i32 = 1 << 6; // 11110000 1000____
const TWO_CONTS: i32 = 1 << 7; // two continuations: an error unless a 3- or 4-byte lead came before
const CARRY: i32 = TOO_SHORT | TOO_LONG | TWO_CONTS;

/** By the high nibble of the previous byte. */
const BYTE_1_HIGH: v128 = i8x16(
  <i8>TOO_LONG,
  <i8>TOO_LONG,
  <i8>TOO_LONG,
  <i8>TOO_LONG,
  <i8>TOO_LONG,
  <i8>TOO_LONG,
  <i8>TOO_LONG,
  <i8>TOO_LONG,
  <i8>TWO_CONTS,
  <i8>TWO_CONTS,
  <i8>TWO_CONTS,
  <i8>TWO_CONTS,
  <i8>(TOO_SHORT | OVERLONG_2),
  <i8>TOO_SHORT,
  <i8>(TOO_SHORT | OVERLONG_3 | SURROGATE),
  <i8>(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4),
);

/** By the low nibble of the previous byte. */
const BYTE_1_LOW: v128 = i8x16(
  <i8>(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4),
  <i8>(CARRY | OVERLONG_2),
  <i8>CARRY,
  <i8>CARRY,
  <i8>(CARRY | TOO_LARGE),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
  <i8>(CARRY | TOO_LARGE | TOO_LARGE_1000),
);

/** By the high nibble of the byte itself. */
const BYTE_2_HIGH: v128 = i8x16(
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
  <i8>(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
  <i8>(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
  <i8>(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
  <i8>(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
  <i8>TOO_SHORT,
);

/** Bytes above these in the last three places start a sequence that the vector cuts. */
const LAST_LEADS: v128 = i8x16(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, <i8>0xef, <i8>0xdf, <i8>0xbf);

/** Nonzero lanes where the sixteen bytes in v, after those in prev, break UTF-8. */
function utf8Errors(v: v128, prev: v128): v128 {
  const prev1 = i8x16.shuffle(prev, v, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
  const low = i8x16.splat(0x0f);
  const special = v128.and(
    v128.and(i8x16.swizzle(BYTE_1_HIGH, i8x16.shr_u(prev1, 4)), i8x16.swizzle(BYTE_1_LOW, v128.and(prev1, low))),
    i8x16.swizzle(BYTE_2_HIGH, i8x16.shr_u(v, 4)),
  );
  // A continuation must stand two after a 3- or 4-byte lead, and three after a 4-byte lead.
  const prev2 = i8x16.shuffle(prev, v, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29);
  const prev3 = i8x16.shuffle(prev, v, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28);
  const third = i8x16.sub_sat_u(prev2, i8x16.splat(<i8>(0xe0 - 0x80)));
  const fourth = i8x16.sub_sat_u(prev3, i8x16.splat(<i8>(0xf0 - 0x80)));
  const must = v128.and(v128.or(third, fourth), i8x16.splat(<i8>0x80));
  return v128.xor(must, special);
}

/** Whether the last bytes of v start a sequence that continues past it. */
function utf8Cut(v: v128): bool {
  return v128.any_true(i8x16.sub_sat_u(v, LAST_LEADS));
}

/**
 * From q, a vector with non-ASCII bytes and no quote, backslash or control: the vectors checked as UTF-8 up to
 * the next vector that holds one of those. Returns where the scalar code goes on (a code point boundary), or 0
 * when the bytes are not UTF-8.
 */
export function skipUtf8(from: usize, stop: usize): usize {
  let q = from;
  let prev = i8x16.splat(0);
  let errors = i8x16.splat(0);
  let cut = false;
  while (q + 16 <= stop) {
    const v = v128.load(q);
    const high = i8x16.bitmask(v);
    const stops = i8x16.bitmask(specials(v)) & ~high;
    if (stops != 0) {
      // ASCII up to the quote or escape, and no sequence cut by the last vector: skip to it.
      const k = ctz(stops);
      if (!cut && (high & ((1 << k) - 1)) == 0) q += <usize>k;
      break;
    }
    if (high != 0 || cut) {
      errors = v128.or(errors, utf8Errors(v, prev));
      cut = utf8Cut(v);
    }
    prev = v;
    q += 16;
  }
  if (v128.any_true(errors)) return 0;
  // A sequence cut by the last vector is checked again from its lead byte.
  if (cut) while (load<u8>(--q) < 0xc0);
  return q;
}

/** Lanes of quotes, backslashes, controls and (as signed bytes below 0x20) non-ASCII bytes. */
export function specials(v: v128): v128 {
  return v128.or(
    i8x16.lt_s(v, i8x16.splat(0x20)),
    v128.or(i8x16.eq(v, i8x16.splat(0x22)), i8x16.eq(v, i8x16.splat(0x5c))),
  );
}
