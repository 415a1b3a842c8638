import type { Transaction } from './transaction.js';

/**
 * What a rule may read: numeric features by name (an index into the per-transaction
 * Float64Array) and a few text fields of the transaction itself (channel, currency, …).
 */
export interface FeatureSchema {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly text: ReadonlyMap<string, (tx: Transaction) => string>;
}

export function makeFeatureSchema(
  names: readonly string[],
  text: ReadonlyMap<string, (tx: Transaction) => string>,
): FeatureSchema {
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (index.has(n)) throw new Error(`duplicate feature name ${n}`);
    index.set(n, i);
  });
  return { names, index, text };
}
