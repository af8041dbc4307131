// `pnpm bench:compare <before.json> <after.json> [--svg chart.svg]`: the before/after table of every case
// (median before, after, % change; a slowdown beyond the threshold flagged), and an SVG chart of µs per
// signature against batch size (log scale) for TallyIO and each peer, from the verifier suite's results.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CaseResult, SuiteResult } from './harness.js';

/** A change slower than this fraction is flagged as a regression (noise on shared machines is ~5–10 %). */
export const REGRESSION = 0.1;

const fmt = (ns: number): string =>
  ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(1)} ns`;
const key = (c: CaseResult) => `${c.group} | ${c.impl}`;

export interface Change {
  readonly group: string;
  readonly impl: string;
  readonly before: number;
  readonly after: number;
  /** (after − before) / before */
  readonly change: number;
  readonly regression: boolean;
}

export function compare(before: SuiteResult, after: SuiteResult, threshold: number = REGRESSION): Change[] {
  const old = new Map(before.cases.map((c) => [key(c), c]));
  return after.cases.flatMap((c) => {
    const b = old.get(key(c));
    if (!b) return [];
    const change = (c.median - b.median) / b.median;
    return [
      { group: c.group, impl: c.impl, before: b.median, after: c.median, change, regression: change > threshold },
    ];
  });
}

export function compareTable(before: SuiteResult, after: SuiteResult, changes: readonly Change[]): string {
  const lines = [
    `### ${after.suite}: ${before.commit} (${before.date.slice(0, 10)}) → ${after.commit} (${after.date.slice(0, 10)}), ${after.machine.cpu}, Node ${after.node}`,
    '',
    '| case | implementation | before | after | change |',
    '|---|---|---:|---:|---:|',
    ...changes.map(
      (c) =>
        `| ${c.group} | ${c.impl} | ${fmt(c.before)} | ${fmt(c.after)} | ${(100 * c.change).toFixed(1)} %${c.regression ? ' ⚠ slower' : ''} |`,
    ),
  ];
  return lines.join('\n');
}

/** Series of (batch size, µs per signature) per scheme and implementation, from verifier-suite groups. */
export function seriesOf(result: SuiteResult): Map<string, Map<string, [number, number][]>> {
  const out = new Map<string, Map<string, [number, number][]>>();
  for (const c of result.cases) {
    const m = /^(\w+) n=(\d+) cold keys/.exec(c.group);
    if (!m) continue;
    const scheme = m[1] as string;
    const perScheme = out.get(scheme) ?? new Map<string, [number, number][]>();
    out.set(scheme, perScheme);
    const points = perScheme.get(c.impl) ?? [];
    perScheme.set(c.impl, points);
    points.push([Number(m[2]), c.median / 1e3]);
  }
  return out;
}

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** One panel per scheme, log-log axes, a polyline and a label per implementation. */
export function chartSvg(result: SuiteResult): string {
  const series = seriesOf(result);
  const W = 520;
  const H = 340;
  const pad = { l: 60, r: 150, t: 36, b: 44 };
  const panels: string[] = [];
  let y0 = 0;
  for (const [scheme, impls] of series) {
    const all = [...impls.values()].flat();
    const xs = all.map((p) => Math.log10(p[0]));
    const ys = all.map((p) => Math.log10(p[1]));
    const [xmin, xmax] = [Math.min(...xs), Math.max(...xs)];
    const [ymin, ymax] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))];
    const px = (x: number) => pad.l + ((Math.log10(x) - xmin) / (xmax - xmin || 1)) * (W - pad.l - pad.r);
    const py = (y: number) => y0 + pad.t + (1 - (Math.log10(y) - ymin) / (ymax - ymin || 1)) * (H - pad.t - pad.b);
    const parts = [
      `<text x="${W / 2}" y="${y0 + 20}" text-anchor="middle" font-size="14">${scheme}: µs per signature vs batch size (log–log)</text>`,
      `<line x1="${pad.l}" y1="${y0 + H - pad.b}" x2="${W - pad.r}" y2="${y0 + H - pad.b}" stroke="#333"/>`,
      `<line x1="${pad.l}" y1="${y0 + pad.t}" x2="${pad.l}" y2="${y0 + H - pad.b}" stroke="#333"/>`,
    ];
    for (let e = ymin; e <= ymax; e++) {
      const y = py(10 ** e);
      parts.push(
        `<line x1="${pad.l}" y1="${y}" x2="${W - pad.r}" y2="${y}" stroke="#ddd"/>`,
        `<text x="${pad.l - 6}" y="${y + 4}" text-anchor="end" font-size="11">${10 ** e}</text>`,
      );
    }
    for (const n of [...new Set(all.map((p) => p[0]))]) {
      parts.push(`<text x="${px(n)}" y="${y0 + H - pad.b + 16}" text-anchor="middle" font-size="11">${n}</text>`);
    }
    [...impls.entries()].forEach(([impl, points], k) => {
      const color = COLORS[k % COLORS.length];
      const sorted = [...points].sort((a, b) => a[0] - b[0]);
      const path = sorted.map(([n, us]) => `${px(n).toFixed(1)},${py(us).toFixed(1)}`).join(' ');
      const last = sorted[sorted.length - 1] as [number, number];
      parts.push(
        `<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`,
        ...sorted.map(([n, us]) => `<circle cx="${px(n)}" cy="${py(us)}" r="3" fill="${color}"/>`),
        `<text x="${px(last[0]) + 8}" y="${py(last[1]) + 4}" font-size="11" fill="${color}">${impl}</text>`,
      );
    });
    panels.push(...parts);
    y0 += H;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${Math.max(y0, 40)}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${panels.join('\n')}\n</svg>\n`;
}

export function readResult(path: string): SuiteResult {
  return JSON.parse(readFileSync(path, 'utf8')) as SuiteResult;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const args = process.argv.slice(2);
  const files = args.filter((a) => !a.startsWith('--') && !a.endsWith('.svg'));
  const svgAt = args.indexOf('--svg');
  if (files.length !== 2) {
    console.error('usage: bench:compare <before.json> <after.json> [--svg chart.svg]');
    process.exit(2);
  }
  const [before, after] = files.map((f) => readResult(resolve(cwd, f))) as [SuiteResult, SuiteResult];
  const changes = compare(before, after);
  console.log(compareTable(before, after, changes));
  const svg = svgAt >= 0 ? args[svgAt + 1] : undefined;
  if (svg) {
    writeFileSync(resolve(cwd, svg), chartSvg(after));
    console.log(`\nchart: ${resolve(cwd, svg)}`);
  }
  const slower = changes.filter((c) => c.regression && c.impl.startsWith('tallyio'));
  if (slower.length > 0) console.log(`\n${slower.length} of our cases slower by more than ${100 * REGRESSION} %`);
}
