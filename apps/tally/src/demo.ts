import type { Writable } from 'node:stream';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, schnorr_FROST } from '@noble/curves/secp256k1.js';
import { type BatchItem, createVerifier } from '@tallyio/verifier';
import { createFrostVerifier } from '@tallyio/verifier/frost';

const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));

interface Corpus {
  readonly label: string;
  readonly scheme: 'bip340' | 'ed25519';
  readonly items: BatchItem[];
  /** Indexes deliberately made invalid, and how. */
  readonly broken: Map<number, string>;
  readonly noble: (it: BatchItem) => boolean;
}

function corpus(scheme: 'bip340' | 'ed25519', n: number, keys: number): Corpus {
  const bip = scheme === 'bip340';
  const sks = Array.from({ length: keys }, () =>
    bip ? schnorr.utils.randomSecretKey() : ed25519.utils.randomSecretKey(),
  );
  const items: BatchItem[] = Array.from({ length: n }, (_, i) => {
    const sk = sks[i % keys] as Uint8Array;
    const message = rnd(32);
    return bip
      ? { signature: schnorr.sign(message, sk, rnd(32)), message, publicKey: schnorr.getPublicKey(sk) }
      : { signature: ed25519.sign(message, sk), message, publicKey: ed25519.getPublicKey(sk) };
  });
  const broken = new Map<number, string>();
  const at = (k: number) => Math.floor(((k + 1) * n) / 5);
  const a = at(0);
  items[a] = { ...(items[a] as BatchItem), message: rnd(32) };
  broken.set(a, 'message replaced');
  const b = at(1);
  const sig = Uint8Array.from((items[b] as BatchItem).signature);
  sig[40] = (sig[40] as number) ^ 1;
  items[b] = { ...(items[b] as BatchItem), signature: sig };
  broken.set(b, 'signature bit flipped');
  const c = at(2);
  items[c] = { ...(items[c] as BatchItem), publicKey: (items[(c + 1) % n] as BatchItem).publicKey };
  broken.set(c, 'signed by another key');
  const noble = (it: BatchItem) => {
    try {
      return bip
        ? schnorr.verify(it.signature, it.message, it.publicKey)
        : ed25519.verify(it.signature, it.message, it.publicKey);
    } catch {
      return false;
    }
  };
  return { label: bip ? 'BIP340 (nostr-like, 16 keys)' : 'Ed25519 (distinct keys)', scheme, items, broken, noble };
}

/**
 * A taproot FROST signing session (10 of 15 signers, noble's schnorr_FROST) in which one signer sends a wrong
 * share: the coordinator's check of every share, ours against a loop over noble's verifyShare.
 */
async function frostSession(say: (s?: string) => void): Promise<boolean> {
  const deal = schnorr_FROST.trustedDealer({ min: 10, max: 15 });
  const ids = Object.keys(deal.secretShares).slice(0, 10);
  const rounds = ids.map((id) => schnorr_FROST.commit(deal.secretShares[id] as never));
  const commitments = rounds.map((r) => r.commitments);
  const message = new TextEncoder().encode('tally demo: spend from a 10-of-15 taproot key');
  const shares: Record<string, Uint8Array> = {};
  ids.forEach((id, i) => {
    const nonces = rounds[i]?.nonces as never;
    shares[id] = schnorr_FROST.signShare(deal.secretShares[id] as never, deal.public, nonces, commitments, message);
  });
  const cheater = ids[7] as string;
  const honest = shares[cheater] as Uint8Array;
  shares[cheater] = Uint8Array.from(honest, (b, k) => (k === 31 ? b ^ 1 : b));
  const f = await createFrostVerifier({ suite: 'secp256k1-tr', maxSigners: 16 });
  const session = { publicPackage: deal.public, commitments, message, shares };
  // Median of 7 calls after a warm-up: one call's time on a shared machine is mostly noise.
  f.verifyShares(session);
  const times: number[] = [];
  let r = f.verifyShares(session);
  for (let k = 0; k < 7; k++) {
    const t0 = performance.now();
    r = f.verifyShares(session);
    times.push(performance.now() - t0);
  }
  const ours = times.sort((a, b) => a - b)[3] as number;
  const t1 = performance.now();
  const noble = ids.map((id) =>
    schnorr_FROST.verifyShare(deal.public, commitments, message, id, shares[id] as Uint8Array),
  );
  const theirs = performance.now() - t1;
  if (noble.some((x, i) => x !== r.valid[ids[i] as string])) throw new Error('demo: FROST verdicts differ from noble');
  say(`FROST(secp256k1)-TR session, 10 of 15 signers, one wrong share:`);
  say(
    `  all shares checked, cheater found by bisection, in ${ours.toFixed(2)} ms (median of 7; noble verifyShare loop: ${theirs.toFixed(1)} ms, ${(theirs / ours).toFixed(1)}×)`,
  );
  const short = (id: string) => `signer ${BigInt(`0x${id}`)}`;
  say(`  cheaters named: ${r.invalid.map(short).join(', ') || 'none'} (planted: ${short(cheater)})`);
  // The cheater resends its honest share: every share valid, and the aggregate is a BIP340 signature.
  shares[cheater] = honest;
  const fixed = f.verifyShares(session);
  const key = (deal.public.commitments[0] as Uint8Array).subarray(1);
  const bip340 = fixed.signature !== undefined && schnorr.verify(fixed.signature, message, key);
  say(
    `  honest share resent: all shares valid: ${fixed.allValid}; aggregate signature valid: ${fixed.signatureValid} (BIP340 schnorr.verify: ${bip340})`,
  );
  return r.invalid.length === 1 && r.invalid[0] === cheater && fixed.allValid && fixed.signatureValid && bip340;
}

/** The main job on embedded defaults: build a corpus, verify it in batches, compare with noble, pinpoint. */
export async function demo(out: Writable): Promise<boolean> {
  const say = (s = '') => out.write(`${s}\n`);
  say('tally demo — batch verification with every bad item pinpointed, @noble/curves measured beside');
  say();
  const rows: string[] = [];
  const found: string[] = [];
  let allFound = true;
  for (const c of [corpus('bip340', 1024, 16), corpus('ed25519', 1024, 1024)]) {
    const v = await createVerifier({ scheme: c.scheme, maxBatch: 1024 });
    v.verifyBatch(c.items.slice(0, 64)); // warm-up
    const t0 = performance.now();
    const r = v.verifyBatch(c.items);
    const ours = ((performance.now() - t0) * 1000) / c.items.length;
    const sample = c.items.slice(0, 24);
    const t1 = performance.now();
    const nobleVerdicts = sample.map(c.noble);
    const theirs = ((performance.now() - t1) * 1000) / sample.length;
    if (nobleVerdicts.some((x, i) => x !== r.valid[i])) throw new Error('demo: verdicts differ from noble');
    rows.push(
      `| ${c.label.padEnd(28)} | ${String(c.items.length).padStart(5)} | ${ours.toFixed(1).padStart(8)} µs | ${theirs.toFixed(0).padStart(8)} µs | ${(theirs / ours).toFixed(1).padStart(6)}× |`,
    );
    for (const i of r.invalid)
      found.push(`  ${c.scheme} item ${i}: ${r.reasons[i]} (${c.broken.get(i) ?? 'not planted'})`);
    allFound &&= r.invalid.length === c.broken.size && r.invalid.every((i) => c.broken.has(i));
    v.close();
  }
  say('| corpus                       | items | TallyIO/sig | noble/sig   | speed-up |');
  say('|------------------------------|------:|------------:|------------:|---------:|');
  for (const row of rows) say(row);
  say();
  say(`invalid items pinpointed (${found.length}):`);
  for (const f of found) say(f);
  say();
  allFound = (await frostSession(say)) && allFound;
  say();
  say(allFound ? 'every planted bad item was found, and nothing else' : 'MISMATCH between planted and found items');
  return allFound;
}
