import { secp256k1 } from '@noble/curves/secp256k1.js';
import { loadTables } from '@tallyio/tables';

const T = await loadTables({ maxPoints: 100, keyCacheCapacity: 0 });
const C = T.secp256k1;
const N = 31;
const enc = Array.from({ length: N }, () =>
  secp256k1.Point.BASE.multiply(BigInt(1 + Math.floor(Math.random() * 1e9)) * 98765432123456789n).toBytes(true),
);
const pts = C.allocPoints(N);
const scs = C.allocScalars(N);
const g = C.allocScalars();
const out = C.allocJacobian();
const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
for (let i = 0; i < N; i++) {
  C.decodeCompressedInto(pts + 72 * i, enc[i]);
  const s = new Uint8Array(32);
  s.set(rnd(i < 10 ? 16 : 32), i < 10 ? 16 : 0);
  C.loadScalarInto(scs + 36 * i, s);
}
C.loadScalarInto(g, rnd(32));
function time(name, f, reps = 200) {
  for (let i = 0; i < reps; i++) f();
  const ts = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    ts.push(((performance.now() - t0) / reps) * 1000);
  }
  ts.sort((a, b) => a - b);
  console.log(name.padEnd(40), ts[4].toFixed(1), 'us');
}
time('decode 31', () => {
  for (let i = 0; i < N; i++) C.decodeCompressedInto(pts + 72 * i, enc[i]);
});
time('straus 10 x 256', () => C.linearCombinationInto(out, 0, pts + 72 * 10, scs + 36 * 10, 10));
time('straus 20 (10x1-bit,10x256)', () => C.linearCombinationInto(out, 0, pts, scs, 20));
time('straus 30 (10x128,20x256)+G', () => C.linearCombinationInto(out, g, pts, scs, 30));
time('straus 1 x 256', () => C.linearCombinationInto(out, 0, pts + 72 * 10, scs + 36 * 10, 1));
time('G only', () => C.linearCombinationInto(out, g, pts, scs, 0));
