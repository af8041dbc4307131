// The CLI end to end, run as a process from dist/: every input form, malformed lines of every kind (each
// reported with its line number while the run goes on), empty input, stdin, exit codes, gen → verify, demo.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { genLine } from '../src/gen.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tally-cli-'));
const tally = (args: string[], input?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { input: input ?? '', encoding: 'utf8', timeout: 120_000 });

const bipSk = schnorr.utils.randomSecretKey();
const edSk = ed25519.utils.randomSecretKey();
const good = {
  bip340: genLine('bip340', bipSk, 1, false),
  ed25519: genLine('ed25519', edSk, 2, false),
  strict: genLine('ed25519-strict', edSk, 3, false),
  nostr: genLine('nostr', bipSk, 4, false),
  relay3: genLine('relay', bipSk, 5, false),
  relay2: JSON.stringify(['EVENT', JSON.parse(genLine('nostr', bipSk, 6, false))]),
};
const nostr = JSON.parse(good.nostr);
const bad: [string, string][] = [
  [genLine('bip340', bipSk, 7, true), 'bad-signature'],
  [genLine('ed25519', edSk, 8, true), 'bad-signature'],
  ['{"scheme":"bip340",', 'malformed JSON'],
  ['{"scheme":"rsa","publicKey":"00","message":"","signature":"00"}', 'unknown scheme'],
  [JSON.stringify({ ...JSON.parse(good.bip340), message: 'zz' }), 'bad hex in message'],
  [JSON.stringify({ ...JSON.parse(good.bip340), publicKey: 'ab' }), 'bad length: publicKey'],
  [JSON.stringify({ ...nostr, content: `${nostr.content}!` }), 'id mismatch'],
  [JSON.stringify({ ...nostr, sig: 'x' }), 'event sig'],
  ['["REQ","sub",{}]', 'relay message'],
  ['42', 'not a JSON object'],
  ['', 'empty line'],
  ['{"hello":"world"}', 'unknown item'],
];

describe('tally verify', () => {
  it('answers every line in order, with reasons and line numbers, and exits 1 on any bad line', () => {
    const lines = [...Object.values(good), ...bad.map(([l]) => l), good.bip340];
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = tally(['verify', file, '--json']);
    expect(r.status).toBe(1);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(lines.length);
    expect(out.map((o) => o.line)).toEqual(lines.map((_, i) => i + 1));
    const goodCount = Object.keys(good).length;
    for (let i = 0; i < goodCount; i++) expect(out[i]).toEqual({ line: i + 1, valid: true });
    bad.forEach(([, reason], k) => {
      expect(out[goodCount + k].valid).toBe(false);
      expect(out[goodCount + k].reason).toContain(reason);
    });
    expect(out[lines.length - 1]).toEqual({ line: lines.length, valid: true });
    expect(r.stderr).toMatch(/7 valid, 2 invalid, 10 malformed/);
  });

  it('reads stdin, exits 0 when all are valid, and handles empty input', () => {
    const r = tally(['verify', '--json'], `${good.nostr}\n${good.ed25519}\n`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    const empty = tally(['verify', '-', '--json'], '');
    expect(empty.status).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('0 lines');
  });

  it('exits 2 on usage and I/O errors', () => {
    expect(tally(['verify', join(dir, 'missing.ndjson')]).status).toBe(2);
    expect(tally(['verify', '--threads', 'zero']).status).toBe(2);
    expect(tally(['frobnicate']).status).toBe(2);
  });

  it('gen → verify: the planted invalid items come back invalid, also with worker threads', () => {
    const corpus = execFileSync(
      process.execPath,
      [CLI, 'gen', '--scheme', 'relay', '--count', '300', '--invalid-rate', '0.1', '--keys', '4'],
      {
        encoding: 'utf8',
      },
    );
    const lines = corpus.trim().split('\n');
    expect(lines).toHaveLength(300);
    const single = tally(['verify', '--json'], corpus);
    const threaded = tally(['verify', '--json', '--threads', '2'], corpus);
    expect(threaded.stdout).toBe(single.stdout);
    const invalid = single.stdout
      .trim()
      .split('\n')
      .filter((l) => l.includes('"valid":false')).length;
    expect(invalid).toBeGreaterThan(5);
    expect(invalid).toBeLessThan(80);
  });
});

describe('tally demo', () => {
  it('verifies the embedded corpus and pinpoints exactly the planted items', () => {
    const r = tally(['demo']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('invalid items pinpointed (6)');
    expect(r.stdout).toMatch(/cheaters named: (signer \d+) \(planted: \1\)/);
    expect(r.stdout).toMatch(/all shares valid: true; aggregate signature valid: true \(BIP340 schnorr.verify: true\)/);
    expect(r.stdout).toContain('every planted bad item was found, and nothing else');
  });
});
