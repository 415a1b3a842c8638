import type { Transaction } from '../../src/domain/transaction.js';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { createRng } from '../../src/ml/prng.js';

export const T0 = Date.UTC(2026, 0, 5, 2, 0, 0); // 10:00 Beijing time
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let seq = 0;
/** A transaction with defaults; amount in CNY major units for readability. */
export function tx(from: string, to: string, at: number, yuan: number, extra: Partial<Transaction> = {}): Transaction {
  return {
    id: `t${++seq}`, time: at, from, to, amount: Math.round(yuan * 100), currency: 'CNY',
    channel: 'transfer', from_type: 'natural', to_type: 'natural', ...extra,
  };
}

/** Runs transactions through a fresh extractor; returns a reader of the last vector by name. */
export function run(txs: Transaction[], config: Partial<FeatureConfig> = {}): {
  ex: FeatureExtractor;
  f: (name: string) => number;
  all: Array<(name: string) => number>;
} {
  const ex = new FeatureExtractor({ ...DEFAULT_FEATURE_CONFIG, ...config });
  const all: Array<(name: string) => number> = [];
  for (const t of txs) {
    const v = ex.newVector();
    ex.apply(t, v);
    all.push((name: string) => {
      const i = ex.names.indexOf(name);
      if (i < 0) throw new Error(`no feature ${name}`);
      return v[i];
    });
  }
  return { ex, f: all[all.length - 1], all };
}

/** Runs transactions through an existing extractor; returns a reader of each vector by name. */
export function feed(ex: FeatureExtractor, txs: Transaction[]): Array<(name: string) => number> {
  return txs.map((t) => {
    const v = ex.newVector();
    ex.apply(t, v);
    return (name: string) => {
      const i = ex.names.indexOf(name);
      if (i < 0) throw new Error(`no feature ${name}`);
      return v[i];
    };
  });
}

/** Deterministic pseudo-random numbers in [0, 1) for property tests (the engine's own mulberry32). */
export const prng = createRng;
