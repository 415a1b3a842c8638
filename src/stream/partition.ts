import type { Transaction } from '../domain/transaction.js';

/** FNV-1a over the UTF-16 code units of a string: stable across processes, versions and machines. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Which of `partitions` workers decides a transaction: by its paying account. */
export function partitionOf(tx: Pick<Transaction, 'from'>, partitions: number): number {
  return fnv1a(tx.from) % partitions;
}

/** Checks a worker's `--partitions N --partition I` pair. */
export function checkPartition(partitions: number, partition: number): void {
  if (!Number.isSafeInteger(partitions) || partitions < 1 || partitions > 4096) throw new Error('--partitions must be a whole number from 1 to 4096');
  if (!Number.isSafeInteger(partition) || partition < 0 || partition >= partitions) {
    throw new Error(`--partition must be a whole number from 0 to ${partitions - 1} (--partitions ${partitions})`);
  }
}
