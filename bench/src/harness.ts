import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from 'mitata';

/** One implementation of one operation, measured. Times are nanoseconds per operation. */
export interface CaseResult {
  readonly group: string;
  readonly impl: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p25: number;
  readonly p75: number;
  readonly samples: number;
  /** Operations run inside one timed call (fast operations are looped so the timer's resolution does not matter). */
  readonly opsPerCall: number;
  /** Tail latencies, for distributions measured call by call. */
  readonly p99?: number;
  readonly p999?: number;
  /** Further figures of a case that is not only a timing (the soak's counts, shares, memory). */
  readonly extra?: Readonly<Record<string, number | string | boolean>>;
}

export interface GroupSummary {
  readonly group: string;
  /** Our fastest implementation of the group. */
  readonly ours: string;
  readonly medianNs: number;
  /** Peer median ÷ our median: how many times faster we are. */
  readonly ratios: Record<string, number>;
}

export interface SuiteResult {
  readonly suite: string;
  readonly machine: { cpu: string; cores: number; memoryGiB: number; host: string };
  readonly node: string;
  readonly date: string;
  readonly commit: string;
  readonly quick: boolean;
  readonly cases: CaseResult[];
  readonly summary: GroupSummary[];
}

export interface BenchOptions {
  readonly quick: boolean;
}

/** Measures fn, which performs opsPerCall operations per call; mitata warms up and samples until stable. */
export async function measureCase(
  group: string,
  impl: string,
  fn: () => unknown,
  opsPerCall: number,
  opts: BenchOptions,
): Promise<CaseResult> {
  const stats = await measure(fn, {
    min_cpu_time: opts.quick ? 20e6 : 600e6,
    max_samples: opts.quick ? 50 : 1e9,
    warmup_samples: opts.quick ? 2 : 8,
  });
  const per = (x: number) => x / opsPerCall;
  return {
    group,
    impl,
    median: per(stats.p50),
    min: per(stats.min),
    max: per(stats.max),
    p25: per(stats.p25),
    p75: per(stats.p75),
    samples: stats.samples.length,
    opsPerCall,
  };
}

/** A group's summary: our fastest case (impl starting with `tallyio`) against every other impl. */
export function summarize(cases: readonly CaseResult[]): GroupSummary[] {
  const groups = [...new Set(cases.map((c) => c.group))];
  return groups.map((group) => {
    const inGroup = cases.filter((c) => c.group === group);
    const ours = inGroup.filter((c) => c.impl.startsWith('tallyio')).sort((a, b) => a.median - b.median)[0];
    if (!ours) throw new Error(`bench group ${group} has no tallyio case`);
    const ratios: Record<string, number> = {};
    for (const c of inGroup) if (!c.impl.startsWith('tallyio')) ratios[c.impl] = c.median / ours.median;
    return { group, ours: ours.impl, medianNs: ours.median, ratios };
  });
}

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

export function suiteResult(suite: string, cases: CaseResult[], opts: BenchOptions): SuiteResult {
  const cpu = cpus();
  return {
    suite,
    machine: {
      cpu: cpu[0]?.model.trim() ?? 'unknown',
      cores: cpu.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      host: hostname(),
    },
    node: process.version,
    date: new Date().toISOString(),
    commit: gitCommit(),
    quick: opts.quick,
    cases,
    summary: summarize(cases),
  };
}

export const RESULTS_DIR: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results');

export function writeResult(result: SuiteResult, dir: string = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.suite}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

const fmt = (ns: number): string =>
  ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(1)} ns`;

/** Markdown: every case with median and spread, then the ratio of each peer to our best. */
export function formatTable(result: SuiteResult): string {
  const lines = [
    `### ${result.suite} — ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.node}${result.quick ? ' (quick)' : ''}`,
    '',
    '| operation | implementation | median | p25–p75 | min | samples |',
    '|---|---|---:|---:|---:|---:|',
    ...result.cases.map(
      (c) =>
        `| ${c.group} | ${c.impl} | ${fmt(c.median)} | ${fmt(c.p25)}–${fmt(c.p75)} | ${fmt(c.min)} | ${c.samples} |${c.p99 === undefined ? '' : ` p99 ${fmt(c.p99)}, p99.9 ${fmt(c.p999 ?? 0)}, max ${fmt(c.max)} |`}`,
    ),
    '',
    '| operation | ours | ratio (peer ÷ ours) |',
    '|---|---:|---|',
    ...result.summary.map(
      (s) =>
        `| ${s.group} | ${fmt(s.medianNs)} | ${Object.entries(s.ratios)
          .map(([k, v]) => `${k} ${v.toFixed(1)}×`)
          .join(', ')} |`,
    ),
  ];
  return lines.join('\n');
}
