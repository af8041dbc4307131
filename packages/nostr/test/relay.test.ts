// A real nostr-tools Relay client over loopback WebSocket, with our verifyEvent plugged in: a tiny relay sends
// valid, tampered and malformed events to a subscription, and exactly the valid ones reach onevent.
import { AbstractSimplePool } from 'nostr-tools/abstract-pool';
import { AbstractRelay } from 'nostr-tools/abstract-relay';
import { finalizeEvent, generateSecretKey, verifiedSymbol } from 'nostr-tools/pure';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createBatchingVerifier } from '../src/batching.js';
import { createNostrVerifier } from '../src/index.js';

const sk = generateSecretKey();
const signed = (i: number) => {
  const { [verifiedSymbol]: _mark, ...e } = finalizeEvent(
    { kind: 1, created_at: 1_700_000_000 + i, tags: [['t', 'relay']], content: `note ${i} 😀` },
    sk,
  );
  return e;
};
const valid = Array.from({ length: 20 }, (_, i) => signed(i));
// The bad ones come from other events, so no id of a valid event is seen first on a bad one (a pool drops
// events whose id it has already seen, before verifying them).
const other = Array.from({ length: 8 }, (_, i) => signed(100 + i));
const tamper = (sig: string) => `${sig.slice(0, 126)}${sig.endsWith('00') ? '11' : '00'}`;
const bad: unknown[] = [
  { ...other[0], content: 'tampered' },
  { ...other[1], sig: tamper((other[1] as { sig: string }).sig) },
  { ...other[2], id: (other[3] as { id: string }).id },
  { ...other[4], pubkey: 'not-hex' },
  { ...other[5], tags: [['t', 5]] },
  { ...other[6], kind: '1' },
  { ...other[7], sig: 'abc' },
];

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
const port = (wss.address() as { port: number }).port;
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg[0] !== 'REQ') return;
    const sub = msg[1];
    // Interleaved: bad ones between the good ones, then EOSE.
    valid.forEach((e, i) => {
      socket.send(JSON.stringify(['EVENT', sub, e]));
      if (bad[i] !== undefined) socket.send(JSON.stringify(['EVENT', sub, bad[i]]));
    });
    socket.send(JSON.stringify(['EOSE', sub]));
  });
});
afterAll(() => new Promise<void>((resolve) => wss.close(() => resolve())));

async function received(verifyEvent: (e: unknown) => boolean): Promise<unknown[]> {
  // AbstractRelay is nostr-tools' Relay with the verifyEvent option open (Relay fixes it to pure's).
  const relay = new AbstractRelay(`ws://127.0.0.1:${port}`, {
    verifyEvent,
    websocketImplementation: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  await relay.connect();
  const got: unknown[] = [];
  await new Promise<void>((resolve) => {
    relay.subscribe([{ kinds: [1] }], { onevent: (e) => got.push(e), oneose: resolve });
  });
  relay.close();
  return got;
}

const ids = (events: unknown[]) => events.map((e) => (e as { id: string }).id);

describe('nostr-tools Relay with our verifyEvent', () => {
  it('delivers exactly the valid events, in order', async () => {
    const v = await createNostrVerifier({ verifiedSymbol });
    const got = await received(v.verifyEvent);
    expect(ids(got)).toEqual(ids(valid));
    for (const e of got) expect((e as Record<symbol, unknown>)[verifiedSymbol]).toBe(true);
  });

  it('a nostr-tools pool with our verifyEvent delivers exactly the valid events', async () => {
    const v = await createNostrVerifier({ verifiedSymbol });
    const pool = new AbstractSimplePool({
      verifyEvent: v.verifyEvent,
      websocketImplementation: WebSocket as unknown as typeof globalThis.WebSocket,
      maxWaitForConnection: 3000,
    });
    const got: unknown[] = [];
    await new Promise<void>((resolve) => {
      pool.subscribe([`ws://127.0.0.1:${port}`], { kinds: [1] }, { onevent: (e) => got.push(e), oneose: resolve });
    });
    pool.destroy();
    expect(ids(got)).toEqual(ids(valid));
  });

  /** Each event of the stream through b; the promises must settle in submission order. */
  async function verifiedInOrder(b: { verify(e: unknown): Promise<boolean> }, stream: unknown[]): Promise<boolean[]> {
    const order: number[] = [];
    const verdicts = await Promise.all(
      stream.map((e, i) =>
        b.verify(e).then((ok) => {
          order.push(i);
          return ok;
        }),
      ),
    );
    expect(order).toEqual(stream.map((_, i) => i));
    return verdicts;
  }

  it('the micro-batching verifier agrees on the same stream, in submission order', async () => {
    const b = await createBatchingVerifier({ batchSize: 8, maxDelayMs: 1 });
    const stream = valid.flatMap((e, i) => (bad[i] === undefined ? [e] : [e, bad[i]]));
    const verdicts = await verifiedInOrder(b, stream);
    expect(stream.filter((_, i) => verdicts[i])).toEqual(valid);
    await b.close();
  });

  it('the micro-batching verifier on worker threads: same verdicts, same order, marks set', async () => {
    const b = await createBatchingVerifier({ batchSize: 6, maxDelayMs: 1, threads: 2, verifiedSymbol });
    const stream = valid.flatMap((e, i) => (bad[i] === undefined ? [{ ...e }] : [{ ...e }, bad[i]]));
    const verdicts = await verifiedInOrder(b, stream);
    expect(ids(stream.filter((_, i) => verdicts[i]))).toEqual(ids(valid));
    expect((stream[0] as Record<symbol, unknown>)[verifiedSymbol]).toBe(true);
    await b.close();
    await expect(b.verify(valid[0])).rejects.toThrow(/after close/);
  });
});
