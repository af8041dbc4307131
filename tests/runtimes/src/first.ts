// Start-up: what a program does between importing @tallyio/verifier and its first verdict.
import { createVerifier } from '@tallyio/verifier';
import { decodeItem, type HexItem } from './inputs.js';

export async function firstVerification(item: HexItem): Promise<boolean> {
  const v = await createVerifier({ scheme: 'bip340' });
  const { signature, message, publicKey } = decodeItem(item);
  const ok = v.verify(signature, message, publicKey);
  v.close();
  return ok;
}
