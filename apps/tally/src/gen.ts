import type { Writable } from 'node:stream';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { serializeEvent } from '@tallyio/nostr';

export type GenScheme = 'bip340' | 'ed25519' | 'ed25519-strict' | 'nostr' | 'relay';
export const GEN_SCHEMES: readonly GenScheme[] = ['bip340', 'ed25519', 'ed25519-strict', 'nostr', 'relay'];

export interface GenOptions {
  readonly scheme: GenScheme;
  readonly count: number;
  /** Fraction of items made invalid (a flipped signature bit). */
  readonly invalidRate: number;
  /** Distinct signing keys, used in turn. */
  readonly keys: number;
}

const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** One NDJSON line of the scheme, valid unless `broken`. */
export function genLine(scheme: GenScheme, sk: Uint8Array, i: number, broken: boolean): string {
  // A bit of s's low 24 bytes: s stays in range, so the item fails as a bad signature, not a malformed one.
  const flip = (sig: Uint8Array) => {
    const s = Uint8Array.from(sig);
    const at = 32 + (i % 24);
    if (broken) s[at] = (s[at] as number) ^ (1 << (i % 8));
    return bytesToHex(s);
  };
  if (scheme === 'nostr' || scheme === 'relay') {
    const event = {
      pubkey: bytesToHex(schnorr.getPublicKey(sk)),
      created_at: 1_700_000_000 + i,
      kind: 1,
      tags: [['t', 'tally']],
      content: `note ${i}`,
    };
    const id = sha256(new TextEncoder().encode(serializeEvent(event) as string));
    const signed = { id: bytesToHex(id), ...event, sig: flip(schnorr.sign(id, sk, rnd(32))) };
    return JSON.stringify(scheme === 'relay' ? ['EVENT', `sub${i % 7}`, signed] : signed);
  }
  const message = rnd(32);
  const bip = scheme === 'bip340';
  const signature = bip ? schnorr.sign(message, sk, rnd(32)) : ed25519.sign(message, sk);
  const publicKey = bip ? schnorr.getPublicKey(sk) : ed25519.getPublicKey(sk);
  return JSON.stringify({
    scheme,
    publicKey: bytesToHex(publicKey),
    message: bytesToHex(message),
    signature: flip(signature),
  });
}

/** Writes count lines, honouring back-pressure. Returns the indexes made invalid. */
export async function generate(opts: GenOptions, out: Writable): Promise<number[]> {
  const ed = opts.scheme === 'ed25519' || opts.scheme === 'ed25519-strict';
  const sks = Array.from({ length: Math.max(1, opts.keys) }, () =>
    ed ? ed25519.utils.randomSecretKey() : schnorr.utils.randomSecretKey(),
  );
  const broken: number[] = [];
  let chunk = '';
  for (let i = 0; i < opts.count; i++) {
    const bad = Math.random() < opts.invalidRate;
    if (bad) broken.push(i);
    chunk += `${genLine(opts.scheme, sks[i % sks.length] as Uint8Array, i, bad)}\n`;
    if (chunk.length > 1 << 16 || i === opts.count - 1) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      chunk = '';
    }
  }
  return broken;
}
