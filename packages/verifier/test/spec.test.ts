// The one spec of shared records and codes (scripts/spec): docs/reasons.md holds its table, and the public reason
// arrays are the generated ones.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIP340_REASONS, ED25519_REASONS, ITEM_REASONS } from '../src/index.js';

const emit = fileURLToPath(new URL('../../../scripts/spec/emit.ts', import.meta.url));
const docs = readFileSync(new URL('../../../docs/reasons.md', import.meta.url), 'utf8');

describe('spec of records and codes', () => {
  it("docs/reasons.md holds the spec's table of codes and reasons", () => {
    const table = execFileSync(process.execPath, ['--import', 'tsx', emit, '--reasons'], { encoding: 'utf8' });
    expect(table).toContain('| @tallyio/verifier | Bip340Code | 4 | S_NOT_BELOW_N | `s>=n` |');
    expect(docs).toContain(table);
  });

  it('the public reason arrays are the generated ones', () => {
    expect(BIP340_REASONS[1]).toBe('bad-signature');
    expect(ED25519_REASONS[2]).toBe('s>=l');
    expect(ITEM_REASONS).toEqual(['bad-item', 'bad-type', 'bad-length', 'worker-failed', 'message-too-large']);
  });
});
