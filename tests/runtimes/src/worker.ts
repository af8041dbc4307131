// The Cloudflare Worker (workerd): the packages through their `workerd` export condition, which hands each one
// its `.wasm` file as a compiled module (workerd refuses to compile WebAssembly from bytes).
// POST /verdicts with the fixture's inputs; POST /first with one BIP340 item (start-up); POST /load with
// BenchInputs, then POST /batches?scheme=…&reps=… (throughput: workerd's clocks stand still while code runs,
// so the harness times these requests from outside).
import { firstVerification } from './first.js';
import type { BenchInputs, HexItem, Inputs } from './inputs.js';
import { verdicts } from './probe.js';
import { batchRunner, type Scheme } from './throughput.js';

const runners = new Map<Scheme, (reps: number) => void>();

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/verdicts') return Response.json(await verdicts((await request.json()) as Inputs));
      if (url.pathname === '/first') return Response.json(await firstVerification((await request.json()) as HexItem));
      if (url.pathname === '/load') {
        const inputs = (await request.json()) as BenchInputs;
        for (const scheme of ['bip340', 'ed25519'] as const) runners.set(scheme, await batchRunner(inputs, scheme));
        return Response.json(true);
      }
      if (url.pathname === '/batches') {
        const run = runners.get(url.searchParams.get('scheme') as Scheme);
        if (!run) return new Response('load first', { status: 400 });
        run(Number(url.searchParams.get('reps')));
        return Response.json(true);
      }
      return new Response('not found', { status: 404 });
    } catch (e) {
      return new Response(String((e as Error).stack ?? e), { status: 500 });
    }
  },
};
