/** A Prometheus histogram: counts per bucket (by upper bound, and one above the last), their sum and count. */
class Histogram {
  readonly #buckets: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(buckets: readonly number[]) {
    this.#buckets = buckets;
    this.#counts = new Array<number>(buckets.length + 1).fill(0);
  }

  observe(value: number): void {
    const i = this.#buckets.findIndex((b) => value <= b);
    const at = i < 0 ? this.#buckets.length : i;
    this.#counts[at] = (this.#counts[at] as number) + 1;
    this.#sum += value;
    this.#count++;
  }

  /** Its lines in the text format, named `name`. */
  render(name: string, help: string): string[] {
    let cumulative = 0;
    return [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} histogram`,
      ...this.#buckets.map((b, i) => {
        cumulative += this.#counts[i] as number;
        return `${name}_bucket{le="${b}"} ${cumulative}`;
      }),
      `${name}_bucket{le="+Inf"} ${this.#count}`,
      `${name}_sum ${this.#sum}`,
      `${name}_count ${this.#count}`,
    ];
  }
}

/** Prometheus text-format metrics of the service: items and verdicts, requests, batch sizes, latency. */
export class Metrics {
  readonly #items = new Map<string, number>();
  readonly #requests = new Map<number, number>();
  readonly #verifyRequests = new Map<number, number>();
  readonly #clientErrors = new Map<number, number>();
  readonly #batchSize = new Histogram([1, 4, 16, 64, 256, 1024, 4096]);
  readonly #latency = new Histogram([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]);

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
    this.#batchSize.observe(size);
  }

  latency(seconds: number): void {
    this.#latency.observe(seconds);
  }

  /** queued: items waiting or being verified; depths: jobs in flight per worker; respawns: workers replaced. */
  render(queued: number, depths: readonly number[] = [], respawns = 0): string {
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
      ...this.#batchSize.render('tally_batch_size', 'Items per verified batch.'),
      ...this.#latency.render('tally_request_seconds', 'POST /verify latency.'),
    ].join('\n')}\n`;
  }
}
