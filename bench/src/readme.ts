// `pnpm bench:readme`: writes the README's Speed section from results/*.json (machine and date stated), between
// the markers <!-- speed:start --> and <!-- speed:end -->. Figures are never typed by hand.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readResult } from './compare.js';
import { type CaseResult, RESULTS_DIR, type SuiteResult } from './harness.js';

const README = join(RESULTS_DIR, '..', '..', 'README.md');
const us = (ns: number) =>
  ns >= 1e9 ? `${(ns / 1e9).toFixed(2)} s` : ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`;

function load(suite: string): SuiteResult | undefined {
  const f = join(RESULTS_DIR, `${suite}.json`);
  return existsSync(f) ? readResult(f) : undefined;
}

function find(r: SuiteResult | undefined, group: string, impl: string): CaseResult | undefined {
  return r?.cases.find((c) => c.group === group && c.impl === impl);
}

function row(r: SuiteResult | undefined, label: string, group: string, peers: string[]): string | undefined {
  const ours = find(r, group, 'tallyio');
  if (!ours) return undefined;
  const cells = peers.map((p) => {
    const c = find(r, group, p);
    return c ? `${us(c.median)} (${(c.median / ours.median).toFixed(1)}×)` : '–';
  });
  return `| ${label} | ${us(ours.median)} | ${cells.join(' | ')} |`;
}

/** Single verify and batches of 64, 1024 and 4096: the cold-key row, then the warm-key row beside it. */
function verifierRows(r: SuiteResult, scheme: string, peers: string[]): string[] {
  return [1, 64, 1024, 4096].flatMap((n) => {
    const what = n === 1 ? 'single verify' : `batch of ${n}`;
    return [
      row(r, `${what}, cold keys`, `${scheme} n=${n} cold keys (per signature)`, peers),
      row(r, `${what}, warm keys`, `${scheme} n=${n} warm keys (per signature)`, peers),
    ].filter((x): x is string => x !== undefined);
  });
}

const v = load('verifier');
const t = load('tables');
const lines: string[] = [];
if (v) {
  lines.push(
    `Medians per signature, ${v.machine.cpu} (${v.machine.cores} cores), Node ${v.node}, ${v.date.slice(0, 10)}, commit ${v.commit}; peers in the same run, (×) = peer ÷ TallyIO. Reproduce: \`pnpm bench\`.`,
    '',
    '| BIP340 | TallyIO | tiny-secp256k1 | @noble/curves |',
    '|---|---:|---:|---:|',
    ...verifierRows(v, 'bip340', ['tiny-secp256k1', 'noble']),
    '',
    '| Ed25519 | TallyIO | sodium-native | node:crypto | @noble/curves |',
    '|---|---:|---:|---:|---:|',
    ...verifierRows(v, 'ed25519', ['sodium-native', 'node:crypto', 'noble']),
    '',
    'Cold keys: every call meets keys it has not seen for 8192 items (the peers decode every key on every call);',
    'warm keys: the same items again, every key in our cache (TallyIO only).',
  );
}
if (t) {
  lines.push(
    '',
    '| multi-scalar multiplication, 1024 points (per point) | TallyIO | @noble/curves pippenger |',
    '|---|---:|---:|',
    ...(['secp256k1', 'ed25519'] as const).flatMap(
      (c) => row(t, c, `${c} MSM n=1024 256-bit (per point)`, ['noble pippenger']) ?? [],
    ),
  );
}
const fr = load('frost');
if (fr) {
  lines.push(
    '',
    '| FROST session, all shares | TallyIO | loop over noble verifyShare |',
    '|---|---:|---:|',
    ...(['secp256k1', 'secp256k1-tr', 'ed25519'] as const).flatMap((c) =>
      [
        ...['2-of-3', '10-of-15', '50-of-100'].map((size) =>
          row(fr, `${c} ${size}`, `${c} ${size} session, all shares`, ['noble verifyShare loop']),
        ),
        row(
          fr,
          `${c} 10-of-15, 100 sessions per call (per session)`,
          `${c} 100 sessions of 10-of-15 in one call, per session`,
          ['noble verifyShare loop'],
        ),
      ].filter((x): x is string => x !== undefined),
    ),
  );
}
const block = `<!-- speed:start -->\n${lines.join('\n')}\n<!-- speed:end -->`;
const readme = readFileSync(README, 'utf8');
const updated = /<!-- speed:start -->[\s\S]*<!-- speed:end -->/.test(readme)
  ? readme.replace(/<!-- speed:start -->[\s\S]*<!-- speed:end -->/, block)
  : readme.replace('## Packages', `## Speed\n\n${block}\n\n## Packages`);
writeFileSync(README, updated);
// The repository's formatter owns the README's layout (it aligns the tables); format so lint stays clean.
execFileSync(
  process.execPath,
  [createRequire(README).resolve('@biomejs/biome/bin/biome'), 'format', '--write', README],
  {
    stdio: 'ignore',
  },
);
console.log(block);
