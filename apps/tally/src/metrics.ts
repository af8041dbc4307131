/** Prometheus text-format metrics of the service: items and verdicts, requests, batch sizes, latency. */
export class Metrics {
  readonly #items = new Map<string, number>();
  readonly #requests = new Map<number, number>();
  readonly #verifyRequests = new Map<number, number>();
  readonly #clientErrors = new Map<number, number>();
  readonly #batchBuckets = [1, 4, 16, 64, 256, 1024, 4096];
  readonly #batchCounts = new Array<number>(8).fill(0);
  #batchSum = 0;
  #batchCount = 0;
  readonly #latencyBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];
  readonly #latencyCounts = new Array<number>(9).fill(0);
  #latencySum = 0;
  #latencyCount = 0;

  item(verdict: 'valid' | 'invalid' | 'malformed'): void {
    this.#items.set(verdict, (this.#items.get(verdict) ?? 0) + 1);
  }

  /** A response sent; verify: it answered POST /verify. */
  request(code: number, verify = false): void {
    this.#requests.set(code, (this.#requests.get(code) ?? 0) + 1);
    if (verify) this.#verifyRequests.set(code, (this.#verifyRequests.get(code) ?? 0) + 1);
  }

  /** A connection answered (and closed) before its request reached the handler: bad HTTP or too slow. */
  clientError(code: number): void {
    this.#clientErrors.set(code, (this.#clientErrors.get(code) ?? 0) + 1);
  }

  batch(size: number): void {
    const i = this.#batchBuckets.findIndex((b) => size <= b);
    const at = i < 0 ? this.#batchBuckets.length : i;
    this.#batchCounts[at] = (this.#batchCounts[at] as number) + 1;
    this.#batchSum += size;
    this.#batchCount++;
  }

  latency(seconds: number): void {
    const i = this.#latencyBuckets.findIndex((b) => seconds <= b);
    const at = i < 0 ? this.#latencyBuckets.length : i;
    this.#latencyCounts[at] = (this.#latencyCounts[at] as number) + 1;
    this.#latencySum += seconds;
    this.#latencyCount++;
  }

  /** queued: items waiting or being verified; depths: jobs in flight per worker; respawns: workers replaced. */
  render(queued: number, depths: readonly number[] = [], respawns = 0): string {
    const histogram = (name: string, help: string, buckets: number[], counts: number[], sum: number, n: number) => {
      let cumulative = 0;
      return [
        `# HELP ${name} ${help}`,
        `# TYPE ${name} histogram`,
        ...buckets.map((b, i) => {
          cumulative += counts[i] as number;
          return `${name}_bucket{le="${b}"} ${cumulative}`;
        }),
        `${name}_bucket{le="+Inf"} ${n}`,
        `${name}_sum ${sum}`,
        `${name}_count ${n}`,
      ];
    };
    return `${[
      '# HELP tally_items_total Items answered, by verdict.',
      '# TYPE tally_items_total counter',
      ...['valid', 'invalid', 'malformed'].map((v) => `tally_items_total{verdict="${v}"} ${this.#items.get(v) ?? 0}`),
      '# HELP tally_requests_total HTTP responses, by status code.',
      '# TYPE tally_requests_total counter',
      ...[...this.#requests].map(([code, n]) => `tally_requests_total{code="${code}"} ${n}`),
      '# HELP tally_verify_requests_total POST /verify responses, by status code.',
      '# TYPE tally_verify_requests_total counter',
      ...[200, 413, 503]
        .filter((c) => !this.#verifyRequests.has(c))
        .map((c) => `tally_verify_requests_total{code="${c}"} 0`),
      ...[...this.#verifyRequests].map(([code, n]) => `tally_verify_requests_total{code="${code}"} ${n}`),
      '# HELP tally_client_errors_total Connections refused before a request was read: bad HTTP (400), headers too large (431), too slow (408).',
      '# TYPE tally_client_errors_total counter',
      ...[...this.#clientErrors].map(([code, n]) => `tally_client_errors_total{code="${code}"} ${n}`),
      '# HELP tally_queued_items Items waiting for a batch or being verified.',
      '# TYPE tally_queued_items gauge',
      `tally_queued_items ${queued}`,
      '# HELP tally_worker_jobs Batches in flight per worker thread (one entry without workers: this thread).',
      '# TYPE tally_worker_jobs gauge',
      ...depths.map((d, i) => `tally_worker_jobs{worker="${i}"} ${d}`),
      '# HELP tally_worker_respawns_total Worker threads replaced after dying.',
      '# TYPE tally_worker_respawns_total counter',
      `tally_worker_respawns_total ${respawns}`,
      ...histogram(
        'tally_batch_size',
        'Items per verified batch.',
        this.#batchBuckets,
        this.#batchCounts,
        this.#batchSum,
        this.#batchCount,
      ),
      ...histogram(
        'tally_request_seconds',
        'POST /verify latency.',
        this.#latencyBuckets,
        this.#latencyCounts,
        this.#latencySum,
        this.#latencyCount,
      ),
    ].join('\n')}\n`;
  }
}
