export declare const RECORD_BYTES: number;
export declare const CHECKSUM_SEED: number;
export declare function wordOf(n: number, k: number): number;
export declare function writeRecord(words: Uint32Array, at: number, n: number): void;
export declare function isRecord(words: Uint32Array, at: number, n: number): boolean;
export declare function checksum(h: number, words: Uint32Array, at: number): number;
export declare function produceRecords(
  q: { tryEnqueue(record: Uint8Array): boolean; waitNotFull(): unknown },
  count: number,
  label?: (n: number) => number,
): { checksum: number; fullWaits: number };
export declare function sleep(ms: number): void;
