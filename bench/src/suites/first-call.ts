// One fresh process's start: `node first-call.js <scheme> <items as hex JSON>` imports @tallyio/verifier, verifies
// the first item, then the rest one by one (keys it has not seen), and prints the times as JSON: import to first
// verdict, the first call alone, and the median of the later calls.
const started = performance.now();
const { createVerifier } = await import('@tallyio/verifier');
const scheme = process.argv[2] as 'bip340' | 'ed25519';
const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const items = (JSON.parse(process.argv[3] ?? '[]') as string[][]).map(
  ([s, m, k]) => [hex(s ?? ''), hex(m ?? ''), hex(k ?? '')] as const,
);
const v = await createVerifier({ scheme });
const t0 = performance.now();
const [s0, m0, k0] = items[0] as readonly [Uint8Array, Uint8Array, Uint8Array];
if (!v.verify(s0, m0, k0)) throw new Error('first-call: the first item does not verify');
const t1 = performance.now();
const later: number[] = [];
for (const [s, m, k] of items.slice(1)) {
  const a = performance.now();
  if (!v.verify(s, m, k)) throw new Error('first-call: an item does not verify');
  later.push(performance.now() - a);
}
later.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({ toFirstVerdict: t1 - started, firstCall: t1 - t0, steady: later[later.length >> 1] ?? 0 }),
);
