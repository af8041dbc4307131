// `tally serve` fuzzed over loopback: random bodies (NDJSON and JSON arrays of hostile lines mixed with valid and
// broken items, fuzz-cases.ts) under random content types, sent whole or chunked; oversized bodies (413); and raw
// connections: bad methods and paths, garbage, huge headers, chunked bodies that never finish, headers and bodies
// trickled slowly (408). Every answer is a 4xx with a message or per-item verdicts, right when known; the service
// stays up (/healthz after each batch) and its /metrics add up. More runs: TALLY_FUZZ_RUNS=<runs per property>
// (the body property's runs, each a batch of 1–96 concurrent requests; the others run a fifth to a sixtieth as many).

import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/serve.js';
import { anyCase, BROKEN_LINES, type Case, checkAnswer, fuzzRuns, GOOD_LINES, joinLines } from './fuzz-cases.js';

const OPTIONS = {
  port: 0,
  host: '127.0.0.1',
  batchSize: 64,
  deadlineMs: 2,
  queueLimit: 1 << 20,
  maxBodyBytes: 256 << 10,
  maxItems: 2000,
  headersTimeoutMs: 400,
  requestTimeoutMs: 1500,
  bodyIdleMs: 300,
};
let service: Awaited<ReturnType<typeof startServer>>;
let port = 0;
let requests = 0;
let lines = 0;
const started = performance.now();
beforeAll(async () => {
  // Loose timeouts here: on a busy machine a big body among a hundred can take a while. The slow-client test
  // has its own service with OPTIONS' short ones.
  service = await startServer({
    ...OPTIONS,
    headersTimeoutMs: 30_000,
    requestTimeoutMs: 60_000,
    bodyIdleMs: 10_000,
    // The deployed path: this thread reads and routes, two workers parse and verify.
    threads: 2,
  });
  port = Number(new URL(service.url).port);
});
afterAll(async () => {
  await service.close();
  agent.destroy();
  const s = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`fuzz-serve: ${requests} requests (${lines} body lines or items), ${s} s`);
});

// Time limits: loose (a busy machine is slow), and none to speak of for long runs.
const LONG = fuzzRuns(1) > 1 ? 4 * 3600_000 : 300_000;

interface Verdict {
  valid: boolean;
  reason?: string;
}

const healthy = async () => {
  const r = await fetch(`${service.url}/healthz`);
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({ ok: true });
};

/**
 * Checks fuzzed batches of concurrent requests with `check`; after each batch the service must still be healthy.
 * Counted in the report.
 */
function fuzzBatches<T>(
  batches: fc.Arbitrary<T[]>,
  check: (batch: T[]) => Promise<void>,
  parameters: fc.Parameters<[T[]]>,
): Promise<void> {
  return fc.assert(
    fc.asyncProperty(batches, async (batch) => {
      await check(batch);
      requests += batch.length;
      await healthy();
    }),
    parameters,
  );
}

/** How the service reads body: per-line (NDJSON) cases, array elements, or a refusal. */
type Reading =
  | { kind: 'lines'; cases: readonly Case[] }
  | { kind: 'array'; values: unknown[] }
  | { kind: 'refused'; code: number; error: RegExp };

function reading(cases: readonly Case[], body: Buffer): Reading {
  if (body.length > OPTIONS.maxBodyBytes) return { kind: 'refused', code: 413, error: /^body exceeds / };
  let start = 0;
  while (start < body.length && [0x20, 0x09, 0x0a, 0x0d].includes(body[start] as number)) start++;
  if (body[start] === 0x5b) {
    let values: unknown;
    try {
      values = JSON.parse(body.toString('utf8'));
    } catch {
      const nl = body.indexOf(10, start);
      let alone = nl >= 0;
      try {
        if (alone) JSON.parse(body.subarray(start, nl).toString('utf8'));
      } catch {
        alone = false;
      }
      if (!alone) return { kind: 'refused', code: 400, error: /^malformed JSON array: / };
    }
    if (values !== undefined) {
      if (isUtf8(body)) {
        const v = values as unknown[];
        if (v[0] === 'EVENT') return { kind: 'array', values: [v] };
        if (v.length > OPTIONS.maxItems) return { kind: 'refused', code: 413, error: /more than/ };
        return { kind: 'array', values: v };
      }
      return { kind: 'refused', code: 400, error: /^body is not valid UTF-8$/ };
    }
  }
  if (cases.length > OPTIONS.maxItems) return { kind: 'refused', code: 413, error: /more than/ };
  return { kind: 'lines', cases };
}

const isUtf8 = (b: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
};

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs body to /verify, whole (with its length) or in pieces (chunked transfer encoding), under a content type. */
function post(
  body: Buffer,
  contentType: string | undefined,
  pieces: number,
  retried = false,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = contentType === undefined ? {} : { 'content-type': contentType };
    if (pieces <= 1) headers['content-length'] = body.length;
    // A retry goes on a connection of its own: the pool may hold another socket the server is closing.
    const via = retried ? false : agent;
    const req = request({ host: '127.0.0.1', port, path: '/verify', method: 'POST', agent: via, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }));
      res.on('error', reject);
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed (idle) just as it was reused: sent again on a new connection,
      // as clients do.
      if (req.reusedSocket && e.code === 'ECONNRESET' && !retried) {
        post(body, contentType, pieces, true).then(resolve, reject);
        return;
      }
      // A refused body may be cut short by the server once it has answered (then the answer has come).
      setTimeout(() => reject(new Error(`no answer: ${e.code} (body of ${body.length} bytes)`)), 1000);
    });
    req.setTimeout(60_000, () => req.destroy(new Error('no answer in 60 s')));
    const size = Math.ceil(body.length / Math.max(1, pieces));
    for (let at = 0; at < body.length; at += size) req.write(body.subarray(at, at + size));
    req.end();
  });
}

const CONTENT_TYPES = [
  undefined,
  'application/x-ndjson',
  'application/json',
  'text/plain; charset=latin1',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'x/y; ;;==; charset=\u00ff',
  'text/html',
  'application/json; charset=utf-16',
];

const bodyCase = fc.record({
  cases: fc.array(anyCase, { maxLength: 48 }), // mostly a few lines: many cheap requests
  crlf: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
  asArray: fc.boolean(),
  pretty: fc.boolean(),
  contentType: fc.constantFrom(...CONTENT_TYPES),
  pieces: fc.integer({ min: 1, max: 5 }),
});

/** The body's bytes: NDJSON of the cases, or a JSON array of the JSON ones among them. */
function bodyOf(b: { cases: Case[]; crlf: boolean[]; asArray: boolean; pretty: boolean }): {
  body: Buffer;
  cases: Case[];
} {
  if (!b.asArray) return { body: joinLines(b.cases, b.crlf, false), cases: b.cases };
  const json = b.cases.filter((c) => {
    try {
      JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(c.bytes));
      return true;
    } catch {
      return false;
    }
  });
  // Values too deep for JSON.stringify are left out, and so are those it would change (1e400 becomes null, −0
  // becomes 0): their verdict was worked out for the line as written.
  const kept: Case[] = [];
  const texts: string[] = [];
  for (const c of json) {
    try {
      const value = JSON.parse(new TextDecoder().decode(c.bytes));
      const text = JSON.stringify(value, null, b.pretty ? 1 : undefined);
      if (!isDeepStrictEqual(JSON.parse(text), value)) continue;
      texts.push(text);
      kept.push(c);
    } catch {}
  }
  return { body: Buffer.from(`[${texts.join(b.pretty ? ',\n' : ',')}]`), cases: kept };
}

async function checkBody(b: {
  cases: Case[];
  crlf: boolean[];
  asArray: boolean;
  pretty: boolean;
  contentType: string | undefined;
  pieces: number;
}): Promise<number> {
  const { body, cases } = bodyOf(b);
  const r = await post(body, b.contentType, b.pieces);
  const answer = r.json as { results?: Verdict[]; error?: string };
  const read = reading(cases, body);
  if (read.kind === 'refused') {
    expect(r.status).toBe(read.code);
    expect(answer.error).toMatch(read.error);
    return 0;
  }
  expect(r.status, answer.error).toBe(200);
  const results = answer.results as Verdict[];
  if (read.kind === 'lines') {
    expect(results).toHaveLength(read.cases.length);
    results.forEach((v, i) => {
      checkAnswer(read.cases[i] as Case, v, false);
    });
    return results.length;
  }
  expect(results).toHaveLength(read.values.length);
  // Array elements: the cases' expected verdicts hold when the array is the cases' own values.
  const own = b.asArray && read.values.length === cases.length && (cases.length !== 1 || read.values[0] !== 'EVENT');
  results.forEach((v, i) => {
    expect(typeof v.valid).toBe('boolean');
    if (!v.valid) expect(String(v.reason).length).toBeGreaterThan(0);
    const c = cases[i];
    if (own && c?.expect) {
      expect(v.valid, c.kind).toBe(c.expect.valid);
      if (!c.expect.valid && c.expect.reason && !/^(malformed JSON|empty line|line )/.test(c.expect.reason.source))
        expect(v.reason, c.kind).toMatch(c.expect.reason);
    }
  });
  return results.length;
}

interface Raw {
  status: number;
  body: string;
  closed: boolean;
}

/**
 * A raw exchange: pieces written with pauses between them; the first response read (its headers only, for
 * HEAD), or none at close. untilClose: wait for the server to close the connection too.
 */
function raw(pieces: readonly (string | Buffer)[], pauseMs: number, untilClose = false, to = port): Promise<Raw> {
  const head = String(pieces[0]).startsWith('HEAD ');
  return new Promise((resolve) => {
    const socket = connect(to, '127.0.0.1');
    let data = Buffer.alloc(0);
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      // Interim answers (100 Continue) come before the answer.
      const text = data.toString('latin1').replace(/^(HTTP\/1\.1 1\d\d [^\r]*\r\n\r\n)+/, '');
      const m = /^HTTP\/1\.1 (\d{3}) /.exec(text);
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: m ? Number(m[1]) : 0, body: split < 0 ? '' : text.slice(split + 4), closed });
      socket.destroy();
    };
    socket.on('data', (d: Buffer) => {
      data = Buffer.concat([data, d]);
      const text = data.toString('latin1').replace(/^(HTTP\/1\.1 1\d\d [^\r]*\r\n\r\n)+/, '');
      const split = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)\r\n/i.exec(text);
      if (untilClose || split < 0) return;
      if (head || (length && text.length >= split + 4 + Number(length[1]))) done();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      done();
    });
    let k = 0;
    const next = () => {
      if (socket.destroyed) return;
      if (k < pieces.length) {
        socket.write(pieces[k++] as string | Buffer);
        timer = setTimeout(next, pauseMs);
      }
    };
    socket.once('connect', next);
  });
}

const clearError = (r: Raw) => {
  const body = r.body.replace(/^[0-9a-f]+\r\n/, ''); // a chunked body's first size line
  const error = (JSON.parse(body.slice(0, body.lastIndexOf('}') + 1)) as { error: string }).error;
  expect(error.length).toBeGreaterThan(3);
  return error;
};

describe('tally serve, fuzzed', () => {
  it(
    'answers random bodies under any content type, whole or chunked: verdicts per item, or 400/413 with a message',
    async () => {
      await fuzzBatches(
        fc.array(bodyCase, { minLength: 1, maxLength: 96, size: 'max' }),
        async (batch) => {
          const counts = await Promise.all(batch.map(checkBody));
          lines += counts.reduce((a, b) => a + b, 0);
        },
        // No shrinking: a batch of concurrent requests shrinks slowly; the failing batch is reported as it is.
        { numRuns: fuzzRuns(300), endOnFailure: true },
      );
    },
    LONG,
  );

  it(
    'bad methods and paths, garbage, huge headers: a 4xx with a message, never a crash',
    async () => {
      const method = fc.oneof(
        fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'CONNECT', 'POST', 'BREW'),
        fc.stringMatching(/^[A-Z]{1,12}$/),
      );
      const path = fc.oneof(
        fc.constantFrom('/verify', '/healthz', '/metrics', '/', '//verify', '/verify/', '/VERIFY', '/verify?x=1', '*'),
        fc.webPath(),
        fc.stringMatching(/^\/[\x21-\x7e]{0,40}$/),
      );
      const request = fc.oneof(
        {
          arbitrary: fc
            .tuple(
              method,
              path,
              fc.constantFrom('', 'Content-Type: \u0000\u00ff garbage\r\n', 'Expect: 100-continue\r\n'),
            )
            .map(([m, p, h]) => [`${m} ${p} HTTP/1.1\r\nHost: x\r\n${h}\r\n`]),
          weight: 4,
        },
        {
          arbitrary: fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => [Buffer.from(b), '\r\n\r\n']),
          weight: 2,
        },
        {
          arbitrary: fc
            .integer({ min: 17, max: 40 })
            .map((k) => [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(k << 10)}\r\n\r\n`]),
          weight: 1,
        },
        {
          // Both Content-Length and Transfer-Encoding, or a bad chunk size: refused by the HTTP parser.
          arbitrary: fc.constantFrom(
            ['POST /verify HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
            ['POST /verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'],
            ['POST /verify HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
            ['POST /verify HTTP/1.0\r\n\r\n'],
          ),
          weight: 1,
        },
      );
      await fuzzBatches(
        fc.array(request, { minLength: 1, maxLength: 32 }),
        async (batch) => {
          const answers = await Promise.all(batch.map((pieces) => raw(pieces, 0)));
          for (const [i, r] of answers.entries()) {
            const first = String(batch[i]?.[0]);
            const known = /^(GET|HEAD) \/(healthz|metrics)(\?|$| )/.test(first) && !first.includes('X-Big');
            if (r.status === 200 && (known || first.startsWith('POST /verify'))) continue;
            if (first.startsWith('HEAD ') && r.status === 0) continue;
            expect(r.status, first.slice(0, 80)).toBeGreaterThanOrEqual(400);
            expect(r.status, first.slice(0, 80)).toBeLessThan(500);
            if (!first.startsWith('HEAD ')) clearError(r);
          }
        },
        { numRuns: Math.max(10, Math.round(fuzzRuns(300) / 5)) },
      );
    },
    LONG,
  );

  it(
    'oversized bodies get 413, declared or not, whole or chunked',
    async () => {
      const good = Buffer.from(`${GOOD_LINES.join('\n')}\n`);
      await fuzzBatches(
        fc.array(
          fc.record({
            extra: fc.integer({ min: 1, max: 3 << 20 }),
            items: fc.boolean(),
            pieces: fc.integer({ min: 1, max: 4 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (batch) => {
          await Promise.all(
            batch.map(async ({ extra, items, pieces }) => {
              // Too many bytes, or (items) few bytes but more lines than maxItems.
              const body = items
                ? Buffer.alloc(OPTIONS.maxItems + 1 + (extra % 1000), '\n')
                : Buffer.concat([good, Buffer.alloc(OPTIONS.maxBodyBytes + extra - good.length, 'x')]);
              const r = await post(body, 'application/x-ndjson', pieces);
              expect(r.status).toBe(413);
              expect((r.json as { error: string }).error).toMatch(/exceeds|more than/);
            }),
          );
        },
        { numRuns: Math.max(5, Math.round(fuzzRuns(300) / 40)) },
      );
    },
    LONG,
  );

  it(
    'slow clients: headers trickled, bodies that stall or never finish, a body trickled past the request timeout — 408',
    async () => {
      const head = 'POST /verify HTTP/1.1\r\nHost: x\r\n';
      const client = fc.oneof(
        // Headers one line at a time, never finished: the headers timeout.
        fc
          .integer({ min: 5, max: 12 })
          .map((n) => ({ pieces: [head, ...Array.from({ length: n }, (_, i) => `X-${i}: y\r\n`)], pause: 100 })),
        // Nothing at all after connecting.
        fc.constant({ pieces: [''], pause: 0 }),
        // A chunked body that stops: the body idle timeout.
        fc.constantFrom(...GOOD_LINES, ...BROKEN_LINES).map((l) => ({
          pieces: [`${head}Transfer-Encoding: chunked\r\n\r\n${(l.length + 1).toString(16)}\r\n${l}\n\r\n`],
          pause: 0,
        })),
        // A declared length never reached.
        fc.integer({ min: 10, max: 10_000 }).map((n) => ({
          pieces: [`${head}Content-Length: ${n}\r\n\r\n${'x'.repeat(n >> 1)}`],
          pause: 0,
        })),
        // A body trickled a byte at a time, each within the idle timeout, past the request timeout.
        fc.constant({
          pieces: [`${head}Transfer-Encoding: chunked\r\n\r\n`, ...Array.from({ length: 40 }, () => '1\r\n \r\n')],
          pause: 100,
        }),
      );
      const slow = await startServer(OPTIONS);
      const slowPort = Number(new URL(slow.url).port);
      await fuzzBatches(
        fc.array(client, { minLength: 1, maxLength: 24 }),
        async (batch) => {
          const answers = await Promise.all(batch.map((c) => raw(c.pieces, c.pause, true, slowPort)));
          for (const r of answers) {
            expect(r.status).toBe(408);
            expect(r.closed).toBe(true);
            expect(clearError(r)).toMatch(/timeout|stalled/);
          }
        },
        { numRuns: Math.max(3, Math.round(fuzzRuns(300) / 60)) },
      );
      expect((await fetch(`${slow.url}/healthz`)).status).toBe(200);
      await slow.close();
    },
    LONG,
  );

  it('valid lines in a mixed body keep their verdicts; /metrics adds up', async () => {
    const own = await startServer({ ...OPTIONS, port: 0 });
    try {
      const body = [...GOOD_LINES, 'garbage', ...BROKEN_LINES, '', '{"scheme":"rsa"}'];
      const r = await fetch(`${own.url}/verify`, { method: 'POST', body: body.join('\r\n') });
      const { results } = (await r.json()) as { results: Verdict[] };
      expect(results.map((v) => v.valid)).toEqual(body.map((_, i) => i < GOOD_LINES.length));
      await fetch(`${own.url}/verify`, { method: 'PUT' });
      await fetch(`${own.url}/verify`, { method: 'POST', body: 'x'.repeat(OPTIONS.maxBodyBytes + 1) });
      const metrics = await (await fetch(`${own.url}/metrics`)).text();
      const count = (re: RegExp) => Number(re.exec(metrics)?.[1] ?? 0);
      expect(count(/tally_items_total\{verdict="valid"\} (\d+)/)).toBe(GOOD_LINES.length);
      expect(count(/tally_items_total\{verdict="invalid"\} (\d+)/)).toBe(BROKEN_LINES.length);
      expect(count(/tally_items_total\{verdict="malformed"\} (\d+)/)).toBe(3);
      expect(count(/tally_verify_requests_total\{code="200"\} (\d+)/)).toBe(1);
      expect(count(/tally_verify_requests_total\{code="413"\} (\d+)/)).toBe(1);
      expect(count(/tally_requests_total\{code="405"\} (\d+)/)).toBe(1);
    } finally {
      await own.close();
    }
  });
});
