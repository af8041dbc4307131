// A piscina task for the parallel suite: verify one chunk of items (cloned into the worker by postMessage).
import { type BatchItem, createVerifier, type Verifier } from '@tallyio/verifier';

const verifiers = new Map<string, Promise<Verifier>>();

export default async function verifyChunk(task: { scheme: 'bip340' | 'ed25519'; items: BatchItem[] }): Promise<number> {
  let v = verifiers.get(task.scheme);
  if (!v) {
    v = createVerifier({ scheme: task.scheme, maxBatch: 1024 });
    verifiers.set(task.scheme, v);
  }
  return (await v).verifyBatch(task.items).invalid.length;
}
