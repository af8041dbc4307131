// Curve points: MSM per point for both curves (256-bit scalars, and the 50/50 mix of 128/256-bit scalars that
// batch verification produces), decoding, fixed-base and variable-base multiplication, and instance start-up
// (module instance + precomputed tables) — with @noble/curves in the same run.
import { execFileSync } from 'node:child_process';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { type CurvePoints, loadTables } from '@tallyio/tables';
import { type BenchOptions, type CaseResult, measureCase } from '../harness.js';

const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const toBig = (b: Uint8Array) => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);

interface CurveSetup {
  name: 'secp256k1' | 'ed25519';
  ours: CurvePoints;
  /** A random valid point encoding and its noble point. */
  randomPoint(): { bytes: Uint8Array; point: typeof secp256k1.Point.BASE | typeof ed25519.Point.BASE };
  decodeInto(h: number, bytes: Uint8Array): number;
  scalarBytes(k: bigint): Uint8Array;
  order: bigint;
  noblePoint: typeof secp256k1.Point | typeof ed25519.Point;
  nobleDecode(bytes: Uint8Array): unknown;
}

const beBytes = (k: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((k >> BigInt(8 * (31 - i))) & 0xffn));

async function curveCases(c: CurveSetup, opts: BenchOptions): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const sizes = opts.quick ? [64, 256] : [64, 256, 1024, 4096];
  const max = sizes[sizes.length - 1] as number;
  const pool = Array.from({ length: max }, () => c.randomPoint());
  const pts = c.ours.allocPoints(max);
  for (const [i, p] of pool.entries()) c.decodeInto(pts + c.ours.pointBytes * i, p.bytes);
  const full = pool.map(() => toBig(rnd(40)) % c.order);
  const mixed = full.map((k, i) => (i % 2 === 0 ? k >> 128n : k));
  const scs = c.ours.allocScalars(max);
  const out = c.ours.allocPoints(2);
  for (const [label, scalars] of [
    ['256-bit', full],
    ['128/256 mix', mixed],
  ] as const) {
    for (const n of sizes) {
      for (let i = 0; i < n; i++) c.ours.loadScalarInto(scs + 36 * i, c.scalarBytes(scalars[i] as bigint));
      const group = `${c.name} MSM n=${n} ${label} (per point)`;
      cases.push(await measureCase(group, 'tallyio', () => c.ours.msmInto(out, pts, scs, n), n, opts));
      if (label === '256-bit' || n <= 1024) {
        const points = pool.slice(0, n).map((p) => p.point);
        const ks = scalars.slice(0, n);
        cases.push(
          await measureCase(group, 'noble pippenger', () => pippenger(c.noblePoint as never, points as never, ks), n, {
            ...opts,
            quick: opts.quick || n >= 1024,
          }),
        );
      }
    }
  }
  const h = c.ours.allocPoints();
  const sample = pool.slice(0, 64).map((p) => p.bytes);
  let i = 0;
  cases.push(
    await measureCase(`${c.name} decode`, 'tallyio', () => c.decodeInto(h, sample[i++ & 63] as Uint8Array), 1, opts),
  );
  cases.push(
    await measureCase(`${c.name} decode`, 'noble', () => c.nobleDecode(sample[i++ & 63] as Uint8Array), 1, opts),
  );
  const k = full[0] as bigint;
  const g = c.ours.allocScalars();
  c.ours.loadScalarInto(g, c.scalarBytes(k));
  cases.push(
    await measureCase(
      `${c.name} fixed-base k·G`,
      'tallyio',
      () => c.ours.linearCombinationInto(out, g, 0, 0, 0),
      1,
      opts,
    ),
  );
  cases.push(await measureCase(`${c.name} fixed-base k·G`, 'noble', () => c.noblePoint.BASE.multiply(k), 1, opts));
  const p0 = pool[0]?.point as typeof secp256k1.Point.BASE;
  cases.push(
    await measureCase(`${c.name} variable-base k·P`, 'tallyio', () => c.ours.msmInto(out, pts, g, 1), 1, opts),
  );
  cases.push(await measureCase(`${c.name} variable-base k·P`, 'noble', () => p0.multiply(k), 1, opts));
  return cases;
}

/** One cold start in a fresh process, after the import: compile, instantiate, build both base tables. */
function coldStartMs(): number {
  const script = `const m = await import('@tallyio/tables'); const t0 = performance.now(); await m.loadTables({ maxPoints: 1024 }); console.log(performance.now() - t0);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(out.trim());
}

export async function tablesSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const T = await loadTables({ maxPoints: 4096 });
  const secp: CurveSetup = {
    name: 'secp256k1',
    ours: T.secp256k1,
    randomPoint: () => {
      const sk = secp256k1.utils.randomSecretKey();
      const bytes = schnorr.getPublicKey(sk);
      return { bytes, point: schnorr.utils.lift_x(toBig(bytes)) };
    },
    decodeInto: (h, b) => T.secp256k1.liftXInto(h, b),
    scalarBytes: beBytes,
    order: secp256k1.Point.Fn.ORDER,
    noblePoint: secp256k1.Point,
    nobleDecode: (b) => schnorr.utils.lift_x(toBig(b)),
  };
  const ed: CurveSetup = {
    name: 'ed25519',
    ours: T.ed25519,
    randomPoint: () => {
      const bytes = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
      return { bytes, point: ed25519.Point.fromBytes(bytes) };
    },
    decodeInto: (h, b) => T.ed25519.decodeInto(h, b, 'zip215'),
    scalarBytes: (k) => beBytes(k).reverse(),
    order: ed25519.Point.Fn.ORDER,
    noblePoint: ed25519.Point,
    nobleDecode: (b) => ed25519.Point.fromBytes(b, true),
  };
  const cases = [...(await curveCases(secp, opts)), ...(await curveCases(ed, opts))];
  const starts = Array.from({ length: opts.quick ? 3 : 9 }, coldStartMs).sort((a, b) => a - b);
  const median = starts[starts.length >> 1] as number;
  cases.push({
    group: 'cold start: compile + instance + G and B tables',
    impl: 'tallyio',
    median: median * 1e6,
    min: (starts[0] as number) * 1e6,
    max: (starts[starts.length - 1] as number) * 1e6,
    p25: (starts[starts.length >> 2] as number) * 1e6,
    p75: (starts[(3 * starts.length) >> 2] as number) * 1e6,
    samples: starts.length,
    opsPerCall: 1,
  });
  cases.push(
    await measureCase('warm instance + G and B tables', 'tallyio', () => loadTables({ maxPoints: 64 }), 1, {
      ...opts,
      quick: true,
    }),
  );
  return cases;
}
