// Writes fixtures/inputs.json: the fixed inputs of the runtime matrix and the verdicts @noble/curves gives them.
// BIP340 and Ed25519 items come from fixed secret keys; a few are planted bad (flipped bits, another message,
// out-of-range values, an Ed25519 key that ZIP215 accepts and strict RFC 8032 refuses). The FROST sessions use
// noble's random dealer and nonces, so a new run writes other (equally valid) sessions.
import { writeFileSync } from 'node:fs';
import { ed25519, ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr, schnorr_FROST, secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytes, type Fixture, type HexItem, type HexSession, hex } from '../src/inputs.js';

const N = 16;
const secret = (i: number, salt: number) => new Uint8Array(32).fill(i + 1).map((b, j) => (j === 0 ? salt : b));
const message = (i: number) => new TextEncoder().encode(`runtime matrix item ${i}`);

function bip340Items(): HexItem[] {
  return Array.from({ length: N }, (_, i) => {
    const sk = secret(i, 0x11);
    const m = message(i);
    const signature = schnorr.sign(m, sk, new Uint8Array(32));
    let publicKey = schnorr.getPublicKey(sk);
    let msg = m;
    if (i === 2) signature[40] = (signature[40] as number) ^ 1;
    if (i === 5) msg = message(i + 100);
    if (i === 8) publicKey = new Uint8Array(32).fill(0xff); // x ≥ p
    if (i === 11) signature.fill(0xff, 0, 32); // r ≥ p
    if (i === 13) signature.fill(0xff, 32, 64); // s ≥ n
    return { signature: hex(signature), message: hex(msg), publicKey: hex(publicKey) };
  });
}

/** The identity point with y = p + 1 (a non-canonical encoding): ZIP215 accepts it as a key, strict refuses. */
const NONCANONICAL_IDENTITY = bytes(`ee${'ff'.repeat(30)}7f`);

function ed25519Items(): HexItem[] {
  return Array.from({ length: N }, (_, i) => {
    const sk = secret(i, 0x22);
    const m = message(i);
    let signature: Uint8Array = ed25519.sign(m, sk);
    let publicKey: Uint8Array = ed25519.getPublicKey(sk);
    let msg = m;
    if (i === 3) signature[50] = (signature[50] as number) ^ 1;
    if (i === 6) msg = message(i + 100);
    if (i === 9) signature.fill(0xff, 32, 64); // S ≥ l
    if (i === 12) {
      // R = identity, S = 0 under a small-order key: the cofactored equation holds.
      publicKey = NONCANONICAL_IDENTITY;
      signature = new Uint8Array(64);
      signature[0] = 1;
    }
    return { signature: hex(signature), message: hex(msg), publicKey: hex(publicKey) };
  });
}

/** NIP-01 events from fixed keys as relay lines; a few planted bad: a changed content (id no longer matches), a
 * flipped signature bit, an id that is not the hash, an uppercase pubkey, tags that are not strings. */
function nostrLines(): string[] {
  return Array.from({ length: N }, (_, i) => {
    const sk = secret(i, 0x44);
    const pubkey = hex(schnorr.getPublicKey(sk));
    const tags =
      i % 3 === 0
        ? [
            ['p', pubkey],
            ['t', 'runtimes'],
          ]
        : [];
    const event = { pubkey, created_at: 1_700_000_000 + i, kind: i % 2 ? 1 : 7, tags, content: `matrix ✓ ${i} "q"` };
    const idBytes = sha256(
      new TextEncoder().encode(JSON.stringify([0, pubkey, event.created_at, event.kind, tags, event.content])),
    );
    const signed: Record<string, unknown> = {
      ...event,
      id: hex(idBytes),
      sig: hex(schnorr.sign(idBytes, sk, new Uint8Array(32))),
    };
    if (i === 2) signed.content = 'changed after signing';
    if (i === 5)
      signed.sig = `${(signed.sig as string).slice(0, 127)}${(signed.sig as string).endsWith('0') ? '1' : '0'}`;
    if (i === 9) signed.id = '00'.repeat(32);
    if (i === 12) signed.pubkey = pubkey.toUpperCase();
    if (i === 14) signed.tags = [['p', 7]];
    return i % 4 === 1 ? JSON.stringify(['EVENT', 'sub', signed]) : JSON.stringify(signed);
  });
}

/** NIP-01 verdicts from first principles: the fields' forms, the id as the hash, then the BIP340 signature. */
function nostrVerdict(line: string): boolean {
  const v = JSON.parse(line);
  const e = Array.isArray(v) ? v[v.length - 1] : v;
  const hex64 = (x: unknown, n: number) => typeof x === 'string' && new RegExp(`^[0-9a-f]{${n}}$`).test(x);
  if (!hex64(e.pubkey, 64) || !hex64(e.id, 64) || !hex64(e.sig, 128)) return false;
  if (
    !Array.isArray(e.tags) ||
    !e.tags.every((t: unknown) => Array.isArray(t) && t.every((x) => typeof x === 'string'))
  )
    return false;
  const id = sha256(new TextEncoder().encode(JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content])));
  return hex(id) === e.id && schnorr.verify(bytes(e.sig), id, bytes(e.pubkey));
}

type Frost = typeof schnorr_FROST;

/** A 3-of-4 session of the first three signers; the second one's share is corrupted. */
function frostSession(F: Frost, text: string): { session: HexSession; cheaters: string[] } {
  const deal = F.trustedDealer({ min: 3, max: 4 });
  const ids = Object.keys(deal.secretShares).slice(0, 3);
  const rounds = ids.map((id) => F.commit(deal.secretShares[id] as never));
  const commitments = rounds.map((r) => r.commitments);
  const msg = new TextEncoder().encode(text);
  const shares: Record<string, string> = {};
  ids.forEach((id, i) => {
    const z = F.signShare(deal.secretShares[id] as never, deal.public, rounds[i]?.nonces as never, commitments, msg);
    if (i === 1) z[0] = (z[0] as number) ^ 1;
    shares[id] = hex(z);
  });
  const cheaters = ids.filter((id) => !F.verifyShare(deal.public, commitments, msg, id, bytes(shares[id] as string)));
  return {
    cheaters,
    session: {
      groupKey: hex(deal.public.commitments[0] as Uint8Array),
      verifyingShares: Object.fromEntries(ids.map((id) => [id, hex(deal.public.verifyingShares[id] as Uint8Array)])),
      commitments: commitments.map((c) => ({
        identifier: c.identifier,
        hiding: hex(c.hiding),
        binding: hex(c.binding),
      })),
      message: hex(msg),
      shares,
    },
  };
}

const verdictsOf = (items: HexItem[], verify: (s: Uint8Array, m: Uint8Array, k: Uint8Array) => boolean) =>
  items.map((x) => {
    try {
      return verify(bytes(x.signature), bytes(x.message), bytes(x.publicKey));
    } catch {
      return false;
    }
  });

const bip340 = bip340Items();
const nostr = nostrLines();
const ed = ed25519Items();
const tr = frostSession(schnorr_FROST, 'runtime matrix, taproot');
const edFrost = frostSession(ed25519_FROST as unknown as Frost, 'runtime matrix, ed25519');
const scalar = secret(0, 0x33);
const k = BigInt(`0x${hex(scalar)}`) % secp256k1.Point.CURVE().n;
const l = ed25519.Point.CURVE().n;
const reduced = BigInt(`0x${'07'.repeat(64)}`) % l;
const reducedLE = hex(Uint8Array.from({ length: 32 }, (_, i) => Number((reduced >> BigInt(8 * i)) & 0xffn)));
const fixture: Fixture = {
  inputs: {
    scalar: hex(scalar),
    bip340,
    ed25519: ed,
    frost: [
      { suite: 'secp256k1-tr', session: tr.session },
      { suite: 'ed25519', session: edFrost.session },
    ],
    nostr,
  },
  expected: {
    field: { square: '9', reduced: reducedLE },
    tables: hex(secp256k1.Point.BASE.multiply((2n * k * k) % secp256k1.Point.CURVE().n).toBytes(true)),
    bip340: verdictsOf(bip340, (s, m, pk) => schnorr.verify(s, m, pk)),
    ed25519Zip215: verdictsOf(ed, (s, m, pk) => ed25519.verify(s, m, pk, { zip215: true })),
    ed25519Strict: verdictsOf(ed, (s, m, pk) => ed25519.verify(s, m, pk, { zip215: false })),
    frost: [tr.cheaters, edFrost.cheaters],
    nostrEvents: nostr.map(nostrVerdict),
    nostrLines: nostr.map(nostrVerdict),
  },
};
const out = new URL('../../fixtures/inputs.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(fixture, null, 1)}\n`);
console.log(`wrote ${out.pathname}`);
console.log(JSON.stringify(fixture.expected));
