// Field arithmetic: ours inside one WebAssembly loop and as one JS call per operation, against BigInt and
// @noble/curves' Field, on all four fields.
import { Field } from '@noble/curves/abstract/modular.js';
import { loadFields, type PrimeField } from '@tallyio/field';
import { type BenchOptions, type CaseResult, measureCase } from '../harness.js';

const LOOP = 1000;
const BATCH = 256;

function randomBelow(m: bigint): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(40));
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n) % m;
}

async function fieldCases(f: PrimeField, opts: BenchOptions, sqrt?: (out: number, a: number) => boolean) {
  const m = f.modulus;
  const nf = Field(m);
  const k = f.kernels;
  const [a, b, out] = [f.alloc(), f.alloc(), f.alloc()];
  const x = randomBelow(m);
  const y = randomBelow(m);
  const encode = (v: bigint) => {
    const r = f.encode(v);
    if (!r.ok) throw new Error(r.reason);
    return r.value;
  };
  f.decodeInto(a, encode(x));
  f.decodeInto(b, encode(y));
  const cases: CaseResult[] = [];
  const run = async (op: string, impl: string, fn: () => unknown, ops: number) => {
    cases.push(await measureCase(`${f.name} ${op}`, impl, fn, ops, opts));
  };

  await run('mul', 'tallyio wasm loop', () => k.mulLoop(out, a, b, LOOP), LOOP);
  await run(
    'mul',
    'tallyio js call',
    () => {
      for (let i = 0; i < LOOP; i++) k.mul(out, out, b);
    },
    LOOP,
  );
  await run(
    'mul',
    'BigInt',
    () => {
      let r = x;
      for (let i = 0; i < LOOP; i++) r = (r * y) % m;
      return r;
    },
    LOOP,
  );
  await run(
    'mul',
    'noble Field',
    () => {
      let r = x;
      for (let i = 0; i < LOOP; i++) r = nf.mul(r, y);
      return r;
    },
    LOOP,
  );

  await run('sqr', 'tallyio wasm loop', () => k.sqrLoop(out, a, LOOP), LOOP);
  await run(
    'sqr',
    'tallyio js call',
    () => {
      for (let i = 0; i < LOOP; i++) k.sqr(out, out);
    },
    LOOP,
  );
  await run(
    'sqr',
    'BigInt',
    () => {
      let r = x;
      for (let i = 0; i < LOOP; i++) r = (r * r) % m;
      return r;
    },
    LOOP,
  );
  await run(
    'sqr',
    'noble Field',
    () => {
      let r = x;
      for (let i = 0; i < LOOP; i++) r = nf.sqr(r);
      return r;
    },
    LOOP,
  );

  const INV = 50;
  await run('inv', 'tallyio wasm loop', () => k.invLoop(out, a, INV), INV);
  await run('inv', 'tallyio js call', () => k.inv(out, a), 1);
  await run('inv', 'noble Field', () => nf.inv(x), 1);

  const many = f.alloc(BATCH);
  const scratch = f.alloc(BATCH);
  const values = Array.from({ length: BATCH }, () => randomBelow(m) || 1n);
  for (const [i, v] of values.entries()) f.decodeInto(many + 36 * i, encode(v));
  await run(`batch inv (n=${BATCH}, per element)`, 'tallyio', () => k.batchInv(many, many, BATCH, scratch), BATCH);
  await run(`batch inv (n=${BATCH}, per element)`, 'noble Field', () => nf.invertBatch(values), BATCH);

  if (sqrt) {
    const sq = (x * x) % m;
    f.decodeInto(a, encode(sq));
    await run('sqrt', 'tallyio', () => sqrt(out, a), 1);
    await run('sqrt', 'noble Field', () => nf.sqrt(sq), 1);
  }
  return cases;
}

export async function fieldSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const F = await loadFields();
  const one = F.ed25519P.alloc();
  F.ed25519P.decodeInto(one, new Uint8Array(32).fill(1, 0, 1));
  return [
    ...(await fieldCases(F.secp256k1P, opts, (o, a) => F.secp256k1P.sqrtInto(o, a))),
    ...(await fieldCases(F.ed25519P, opts, (o, a) => F.ed25519P.sqrtRatioInto(o, a, one))),
    ...(await fieldCases(F.secp256k1N, opts)),
    ...(await fieldCases(F.ed25519L, opts)),
  ];
}
