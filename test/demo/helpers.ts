/** Shared fixtures for the demo generator tests: small banks, generated once per test file. */
import type { Transaction } from '../../src/domain/transaction.js';
import type { Bank, PatternName } from '../../src/demo/types.js';

export const SMALL = { seed: 20260101, accounts: 800, targetTransactions: 20_000 } as const;

/** Labelled transactions grouped by instance id. */
export function byInstance(bank: Bank, pattern?: PatternName): Map<string, Transaction[]> {
  const out = new Map<string, Transaction[]>();
  for (const tx of bank.transactions) {
    const label = bank.labels.get(tx.id);
    if (!label || (pattern && label.pattern !== pattern)) continue;
    const list = out.get(label.instance) ?? [];
    list.push(tx);
    out.set(label.instance, list);
  }
  return out;
}
