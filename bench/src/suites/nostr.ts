// Nostr events end to end against nostr-tools in the same process: its pure verifyEvent (noble) and its wasm
// verifyEvent (nostr-wasm, libsecp256k1 in WebAssembly). A corpus of events from 1000 keys in a relay-like mix:
// kind-1 notes of 20–2000 characters with unicode and emoji, kind-7 reactions, kind-3 contact lists with
// 100–1000 p tags. Forms: NDJSON bytes → verdicts (peers: JSON.parse + verifyEvent per line), event objects one
// at a time (sync verifyEvent), and one batch (verifyEvents). The share of parse + serialization + hashing is
// the bytes form's time less the BIP340 batch kernel's time on the same items.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createNostrVerifier, type NostrEvent } from '@tallyio/nostr';
import { type BatchItem, createVerifier } from '@tallyio/verifier';
import { verifyEvent as pureVerifyEvent, verifiedSymbol } from 'nostr-tools/pure';
import { setNostrWasm, verifyEvent as wasmVerifyEvent } from 'nostr-tools/wasm';
import { initNostrWasm } from 'nostr-wasm';
import * as tiny from 'tiny-secp256k1';
import { type BenchOptions, type CaseResult, measureCase } from '../harness.js';

type Event = NostrEvent;

/** Share of each kind in the mix (per 100 events). */
export const MIX = { notes: 60, reactions: 37, contacts: 3 } as const;

const WORDS = ['gm', 'nostr', 'relay', 'zap', 'bitcoin', 'the', 'is', 'of', 'and', 'pura vida', '¡hola!', 'ça va'];
const WIDE = [
  '日本語',
  'éèê',
  'Ωμέγα',
  'Привет',
  '😀',
  '🤙',
  '⚡️',
  '🫂',
  '👍🏽',
  '🇧🇷',
  '“quoted”',
  '"q"',
  '\\',
  '\n',
  '\t',
];

const rnd = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;

function noteText(): string {
  const target = 20 + rnd(1981);
  let s = '';
  while (s.length < target) s += Math.random() < 0.8 ? `${pick(WORDS)} ` : pick(WIDE);
  return s.slice(0, target).replace(/[\ud800-\udbff]$/, '');
}

/** n signed events from `keys` keys, kinds in the MIX proportions (tiny-secp256k1 signs fast). */
export function nostrCorpus(n: number, keys: number): Event[] {
  const ks = Array.from({ length: keys }, () => {
    const sk = crypto.getRandomValues(new Uint8Array(32));
    return { sk, pk: bytesToHex(tiny.xOnlyPointFromScalar(sk)) };
  });
  const encoder = new TextEncoder();
  const events: Event[] = [];
  for (let i = 0; i < n; i++) {
    const k = ks[i % ks.length] as { sk: Uint8Array; pk: string };
    const r = i % 100;
    const created_at = 1_700_000_000 + i;
    let kind: number;
    let tags: string[][];
    let content: string;
    if (r < MIX.notes) {
      kind = 1;
      tags = Array.from({ length: rnd(4) }, () => [pick(['e', 'p']), pick(ks).pk]);
      content = noteText();
    } else if (r < MIX.notes + MIX.reactions) {
      kind = 7;
      tags = [
        ['e', bytesToHex(crypto.getRandomValues(new Uint8Array(32)))],
        ['p', pick(ks).pk],
      ];
      content = pick(['+', '🤙', '❤️', '-']);
    } else {
      kind = 3;
      const m = 100 + rnd(901);
      tags = Array.from({ length: m }, (_, j) =>
        j % 3 === 0
          ? ['p', (ks[(i + j) % ks.length] as { pk: string }).pk, 'wss://relay.example.com']
          : ['p', (ks[(i + j) % ks.length] as { pk: string }).pk],
      );
      content = '';
    }
    const id = sha256(encoder.encode(JSON.stringify([0, k.pk, created_at, kind, tags, content])));
    const sig = bytesToHex(tiny.signSchnorr(id, k.sk, crypto.getRandomValues(new Uint8Array(32))));
    events.push({ id: bytesToHex(id), pubkey: k.pk, created_at, kind, tags, content, sig });
  }
  return events;
}

const encoder = new TextEncoder();
const ndjson = (events: readonly Event[]) => encoder.encode(`${events.map((e) => JSON.stringify(e)).join('\n')}\n`);

/** Splits NDJSON bytes into line strings as a JavaScript client would (decode, split). */
const decoder = new TextDecoder();
function linesOf(bytes: Uint8Array): string[] {
  const text = decoder.decode(bytes);
  const lines = text.split('\n');
  lines.pop();
  return lines;
}

export async function nostrSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const total = opts.quick ? 5_000 : 100_000;
  /** Events per measured call for our forms, and the peers' share of them (the peers are 10–100× slower). */
  const ourSample = opts.quick ? 1000 : 4000;
  const peerSample = opts.quick ? 100 : 400;
  const corpus = nostrCorpus(total, 1000);
  const ours = await createNostrVerifier({ maxBatch: 1024 });
  const kernel = await createVerifier({ scheme: 'bip340', maxBatch: 1024, keyCacheCapacity: 4096 });
  setNostrWasm(await initNostrWasm());

  // The whole corpus once, bytes form: every verdict valid, and the time of one pass.
  const all = ndjson(corpus);
  const codes = new Uint8Array(total);
  const passes: number[] = [];
  for (let k = 0; k < (opts.quick ? 2 : 3); k++) {
    const t0 = performance.now();
    ours.verifyLinesInto(all, codes);
    passes.push(performance.now() - t0);
  }
  if (codes.some((c) => c !== 0)) throw new Error('nostr bench corpus does not verify');
  passes.sort((a, b) => a - b);
  const perEvent = ((passes[passes.length >> 1] as number) * 1e6) / total;
  cases.push({
    group: `${total} events, mix ${MIX.notes}/${MIX.reactions}/${MIX.contacts} (kind 1/7/3), NDJSON → verdicts, whole corpus (per event)`,
    impl: 'tallyio bytes',
    median: perEvent,
    min: ((passes[0] as number) * 1e6) / total,
    max: ((passes[passes.length - 1] as number) * 1e6) / total,
    p25: perEvent,
    p75: perEvent,
    samples: passes.length,
    opsPerCall: total,
  });

  const sets: [string, Event[]][] = [
    [`mix ${MIX.notes}/${MIX.reactions}/${MIX.contacts}`, corpus],
    ['kind 1 notes', corpus.filter((e) => e.kind === 1)],
    ['kind 7 reactions', corpus.filter((e) => e.kind === 7)],
    ['kind 3 contact lists', corpus.filter((e) => e.kind === 3)],
  ];
  for (const [label, set] of sets) {
    const mine = set.slice(0, ourSample);
    const peer = mine.slice(0, peerSample);
    const bytes = ndjson(mine);
    const peerLines = linesOf(ndjson(peer));
    const out = new Uint8Array(mine.length);
    const items: BatchItem[] = mine.map((e) => ({
      signature: Buffer.from(e.sig, 'hex'),
      message: Buffer.from(e.id, 'hex'),
      publicKey: Buffer.from(e.pubkey, 'hex'),
    }));
    const lines = `${label}, NDJSON → verdicts (per event)`;
    cases.push(await measureCase(lines, 'tallyio bytes', () => ours.verifyLinesInto(bytes, out), mine.length, opts));
    cases.push(
      await measureCase(
        lines,
        '(kernel alone: BIP340 batch)',
        () => kernel.verifyBatchInto(items, out),
        mine.length,
        opts,
      ),
    );
    // The share of parse + serialization + hashing, from pairs of runs back to back (the load of a shared
    // machine drifts between the two cases' separate samples).
    const shares: number[] = [];
    for (let k = 0; k < (opts.quick ? 5 : 15); k++) {
      const t0 = performance.now();
      ours.verifyLinesInto(bytes, out);
      const t1 = performance.now();
      kernel.verifyBatchInto(items, out);
      shares.push(1 - (performance.now() - t1) / (t1 - t0));
    }
    shares.sort((a, b) => a - b);
    const share = shares[shares.length >> 1] as number;
    console.log(
      `${label}: parse + serialization + hashing ${(100 * share).toFixed(0)}% of the bytes form's time (paired runs, ${(100 * (shares[0] as number)).toFixed(0)}–${(100 * (shares[shares.length - 1] as number)).toFixed(0)}%)`,
    );
    // The peers' loops over the lines, measured alone and in the paired runs below.
    const pureLines = () => {
      for (const l of peerLines) pureVerifyEvent(JSON.parse(l));
    };
    const wasmLines = () => {
      for (const l of peerLines) wasmVerifyEvent(JSON.parse(l));
    };
    cases.push(await measureCase(lines, 'nostr-tools pure', pureLines, peer.length, opts));
    cases.push(await measureCase(lines, 'nostr-tools + nostr-wasm', wasmLines, peer.length, opts));
    // Ratios per event from pairs of runs back to back: ours over the set (its batches at their usual size),
    // the peer over its share of the same events.
    const pairs: Record<string, [() => void, () => void]> = {
      'bytes form vs nostr-wasm (NDJSON lines)': [() => ours.verifyLinesInto(bytes, out), wasmLines],
      'bytes form vs nostr-tools pure (NDJSON lines)': [() => ours.verifyLinesInto(bytes, out), pureLines],
      'sync verifyEvent vs nostr-wasm (objects)': [
        () => {
          for (const e of mine) ours.verifyEvent(e);
        },
        () => {
          for (const e of peer) wasmVerifyEvent(e);
        },
      ],
      'verifyEvents vs nostr-wasm (objects)': [
        () => ours.verifyEventsInto(mine, out),
        () => {
          for (const e of peer) wasmVerifyEvent(e);
        },
      ],
    };
    for (const [name, [mineFn, theirs]] of Object.entries(pairs)) {
      const ratios: number[] = [];
      for (let k = 0; k < (opts.quick ? 3 : 7); k++) {
        const t0 = performance.now();
        mineFn();
        const t1 = performance.now();
        theirs();
        ratios.push((performance.now() - t1) / peer.length / ((t1 - t0) / mine.length));
      }
      ratios.sort((a, b) => a - b);
      console.log(
        `${label}: ${name} ${(ratios[ratios.length >> 1] as number).toFixed(1)}× (paired runs, ${(ratios[0] as number).toFixed(1)}–${(ratios[ratios.length - 1] as number).toFixed(1)}×)`,
      );
    }
    // Objects: the peers once, their figures filed under both of our object forms.
    const pure = await measureCase(
      '',
      'nostr-tools pure',
      () => {
        for (const e of peer) {
          delete (e as unknown as Record<symbol, unknown>)[verifiedSymbol];
          pureVerifyEvent(e);
        }
      },
      peer.length,
      opts,
    );
    const nw = await measureCase(
      '',
      'nostr-tools + nostr-wasm',
      () => {
        for (const e of peer) wasmVerifyEvent(e);
      },
      peer.length,
      opts,
    );
    const one = `${label}, event objects one at a time, sync verifyEvent (per event)`;
    cases.push(
      await measureCase(
        one,
        'tallyio verifyEvent',
        () => {
          for (const e of mine) ours.verifyEvent(e);
        },
        mine.length,
        opts,
      ),
    );
    cases.push({ ...pure, group: one }, { ...nw, group: one });
    const batch = `${label}, event objects as one batch, verifyEvents (per event)`;
    cases.push(
      await measureCase(batch, 'tallyio verifyEvents', () => ours.verifyEventsInto(mine, out), mine.length, opts),
    );
    cases.push({ ...pure, group: batch }, { ...nw, group: batch });
  }
  ours.close();
  kernel.close();
  return cases;
}
