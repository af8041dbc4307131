// JSON text for the same value in other legal forms than JSON.stringify's: whitespace, \u escapes (any case),
// escaped slashes, numbers written 1e0 or 1.0, keys in another order. JSON.parse reads every form back to the
// same value, so the verdict must not change.
import fc from 'fast-check';

export interface JsonStyle {
  readonly space: boolean;
  readonly asciiOnly: boolean;
  readonly upperHex: boolean;
  readonly escapeSlash: boolean;
  readonly numbers: 'plain' | 'exp' | 'dot0';
  readonly reorder: boolean;
}

export const jsonStyle: fc.Arbitrary<JsonStyle> = fc.record({
  space: fc.boolean(),
  asciiOnly: fc.boolean(),
  upperHex: fc.boolean(),
  escapeSlash: fc.boolean(),
  numbers: fc.constantFrom('plain', 'exp', 'dot0'),
  reorder: fc.boolean(),
});

const SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function writeString(s: string, style: JsonStyle): string {
  const u = (c: number) => {
    const h = c.toString(16).padStart(4, '0');
    return `\\u${style.upperHex ? h.toUpperCase() : h}`;
  };
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    const high = c >= 0xd800 && c <= 0xdbff;
    const low = c >= 0xdc00 && c <= 0xdfff;
    const next = s.charCodeAt(i + 1);
    if (high && next >= 0xdc00 && next <= 0xdfff) {
      out += style.asciiOnly ? u(c) + u(next) : ch + (s[i + 1] as string);
      i++;
    } else if (high || low) out += u(c);
    else if (SHORT[ch] !== undefined) out += style.upperHex && c < 0x20 ? u(c) : SHORT[ch];
    else if (c < 0x20) out += u(c);
    else if (ch === '/' && style.escapeSlash) out += '\\/';
    else if (c > 0x7e && style.asciiOnly) out += u(c);
    else out += ch;
  }
  return `${out}"`;
}

function writeNumber(n: number, style: JsonStyle): string {
  if (!Number.isFinite(n)) return 'null';
  if (!Number.isInteger(n) || Math.abs(n) >= 1e21) return JSON.stringify(n);
  const plain = Object.is(n, -0) ? '-0' : String(n);
  return style.numbers === 'exp' ? `${plain}e0` : style.numbers === 'dot0' ? `${plain}.0` : plain;
}

/** The value as JSON text in the given style (no newlines, so it stays one NDJSON line). */
export function writeJson(v: unknown, style: JsonStyle): string {
  const sp = style.space ? ' ' : '';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return writeString(v, style);
  if (typeof v === 'number') return writeNumber(v, style);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${sp}${v.map((x) => writeJson(x, style)).join(`${sp},\t`)}${sp}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (style.reorder) entries.reverse();
  return `{${sp}${entries.map(([k, x]) => `${writeString(k, style)}${sp}:${sp}${writeJson(x, style)}`).join(`,${sp}`)}${sp}}`;
}
