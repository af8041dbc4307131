// Verification per signature against every peer in one run: @noble/curves, tiny-secp256k1 (libsecp256k1 in
// WebAssembly), node:crypto Ed25519 (prebuilt KeyObject) and sodium-native (native libsodium), for batch
// sizes 1…4096 with distinct keys, one key and 16 keys (nostr-like).
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { createRequire } from 'node:module';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { type BatchItem, createVerifier } from '@tallyio/verifier';
import * as tiny from 'tiny-secp256k1';
import { type BenchOptions, type CaseResult, measureCase } from '../harness.js';

const require = createRequire(import.meta.url);
const sodium = require('sodium-native') as {
  crypto_sign_verify_detached(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean;
};

const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** n BIP340 items signed by `keys` distinct keys (tiny-secp256k1 signs fast). */
export function bip340Corpus(n: number, keys: number): BatchItem[] {
  const sks = Array.from({ length: Math.min(keys, n) }, () => schnorr.utils.randomSecretKey());
  const pks = sks.map((sk) => tiny.xOnlyPointFromScalar(sk));
  return Array.from({ length: n }, (_, i) => {
    const message = rnd(32);
    const k = i % sks.length;
    return {
      signature: tiny.signSchnorr(message, sks[k] as Uint8Array, rnd(32)),
      message,
      publicKey: pks[k] as Uint8Array,
    };
  });
}

/** n Ed25519 items signed by `keys` distinct keys. */
export function ed25519Corpus(n: number, keys: number): BatchItem[] {
  const sks = Array.from({ length: Math.min(keys, n) }, () => ed25519.utils.randomSecretKey());
  const pks = sks.map((sk) => ed25519.getPublicKey(sk));
  return Array.from({ length: n }, (_, i) => {
    const message = rnd(32);
    const k = i % sks.length;
    return { signature: ed25519.sign(message, sks[k] as Uint8Array), message, publicKey: pks[k] as Uint8Array };
  });
}

export async function verifierSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const sizes = opts.quick ? [1, 64, 1024] : [1, 4, 16, 64, 256, 1024, 4096];
  const max = sizes[sizes.length - 1] as number;
  const bip = await createVerifier({ scheme: 'bip340', maxBatch: 4096 });
  const ed = await createVerifier({ scheme: 'ed25519', maxBatch: 4096 });
  for (const [keysLabel, keyCount] of [
    ['distinct keys', max],
    ['16 keys', 16],
    ['one key', 1],
  ] as const) {
    const bc = bip340Corpus(max, keyCount);
    const ec = ed25519Corpus(max, keyCount);
    if (!bip.verifyBatch(bc).allValid || !ed.verifyBatch(ec).allValid) throw new Error('bench corpus does not verify');
    const nodeKeys = new Map<Uint8Array, ReturnType<typeof createPublicKey>>();
    for (const it of ec) {
      if (!nodeKeys.has(it.publicKey)) {
        const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), it.publicKey]);
        nodeKeys.set(it.publicKey, createPublicKey({ key: der, format: 'der', type: 'spki' }));
      }
    }
    if (
      !sodium.crypto_sign_verify_detached(
        ec[0]?.signature as Uint8Array,
        ec[0]?.message as Uint8Array,
        ec[0]?.publicKey as Uint8Array,
      )
    ) {
      throw new Error('sodium-native binding did not verify');
    }
    for (const n of sizes) {
      const b = bc.slice(0, n);
      const e = ec.slice(0, n);
      const b0 = b[0] as BatchItem;
      const e0 = e[0] as BatchItem;
      const g = (scheme: string) => `${scheme} n=${n} ${keysLabel} (per signature)`;
      cases.push(
        await measureCase(
          g('bip340'),
          'tallyio',
          () => (n === 1 ? bip.verify(b0.signature, b0.message, b0.publicKey) : bip.verifyBatch(b)),
          n,
          opts,
        ),
      );
      if (keysLabel === 'distinct keys' || n === 1) {
        cases.push(
          await measureCase(
            g('bip340'),
            'tiny-secp256k1',
            () => b.every((it) => tiny.verifySchnorr(it.message, it.publicKey, it.signature)),
            n,
            opts,
          ),
        );
        if (n <= 64)
          cases.push(
            await measureCase(
              g('bip340'),
              'noble',
              () => b.every((it) => schnorr.verify(it.signature, it.message, it.publicKey)),
              n,
              opts,
            ),
          );
      }
      cases.push(
        await measureCase(
          g('ed25519'),
          'tallyio',
          () => (n === 1 ? ed.verify(e0.signature, e0.message, e0.publicKey) : ed.verifyBatch(e)),
          n,
          opts,
        ),
      );
      if (keysLabel === 'distinct keys' || n === 1) {
        cases.push(
          await measureCase(
            g('ed25519'),
            'sodium-native',
            () => e.every((it) => sodium.crypto_sign_verify_detached(it.signature, it.message, it.publicKey)),
            n,
            opts,
          ),
        );
        cases.push(
          await measureCase(
            g('ed25519'),
            'node:crypto',
            () =>
              e.every((it) =>
                nodeVerify(
                  null,
                  it.message,
                  nodeKeys.get(it.publicKey) as ReturnType<typeof createPublicKey>,
                  it.signature,
                ),
              ),
            n,
            opts,
          ),
        );
        if (n <= 64)
          cases.push(
            await measureCase(
              g('ed25519'),
              'noble',
              () => e.every((it) => ed25519.verify(it.signature, it.message, it.publicKey)),
              n,
              opts,
            ),
          );
      }
    }
  }
  bip.close();
  ed.close();
  return cases;
}
