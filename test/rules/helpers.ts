import { makeFeatureSchema, type FeatureSchema } from '../../src/domain/feature-schema.js';
import type { Transaction } from '../../src/domain/transaction.js';

/** Feature names as the brief lists them, built independently of src/features. */
export function featureNames(): string[] {
  const names: string[] = [];
  for (const s of ['from', 'to']) {
    for (const w of ['1h', '24h', '7d', '30d']) {
      for (const m of ['out_count', 'out_sum', 'out_uniq', 'in_count', 'in_sum', 'in_uniq', 'near_count']) names.push(`${s}_${m}_${w}`);
    }
    for (const m of ['age_s', 'new', 'dormant_s', 'day_cash', 'day_domestic', 'day_cross_border']) names.push(`${s}_${m}`);
  }
  names.push(
    'amount', 'is_cash', 'is_cross_border', 'from_legal', 'to_legal', 'threshold', 'threshold_ratio',
    'near_threshold', 'hour_of_day', 'device_accounts', 'phone_accounts', 'ip_accounts',
  );
  return names;
}

export const TEXT = new Map<string, (tx: Transaction) => string>([
  ['channel', (tx) => tx.channel],
  ['currency', (tx) => tx.currency],
  ['country', (tx) => tx.country ?? ''],
  ['from_type', (tx) => tx.from_type],
  ['to_type', (tx) => tx.to_type],
]);

export function fullSchema(): FeatureSchema {
  return makeFeatureSchema(featureNames(), TEXT);
}

/** A small schema for language tests. */
export function smallSchema(): FeatureSchema {
  return makeFeatureSchema(['amount', 'from_out_sum_24h', 'from_in_sum_24h', 'is_cash', 'from_new', 'zero'], TEXT);
}

/** A vector of the schema's size with the named values set; unknown names throw. */
export function vector(schema: FeatureSchema, values: Record<string, number> = {}): Float64Array {
  const v = new Float64Array(schema.names.length);
  for (const [name, value] of Object.entries(values)) {
    const i = schema.index.get(name);
    if (i === undefined) throw new Error(`test uses unknown feature ${name}`);
    v[i] = value;
  }
  return v;
}

export function tx(overrides: Partial<Transaction> = {}): Transaction {
  return {
    id: 't1', time: Date.UTC(2024, 0, 2, 3, 4, 5), from: 'A', to: 'B', amount: 100_00, currency: 'CNY',
    channel: 'transfer', from_type: 'natural', to_type: 'natural', ...overrides,
  };
}
