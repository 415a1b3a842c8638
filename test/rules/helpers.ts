import { makeFeatureSchema, type FeatureSchema } from '../../src/domain/feature-schema.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { featureSchema, TEXT_FIELDS } from '../../src/features/catalog.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';

/** The engine's own feature names and text fields with the default windows. */
export function featureNames(): string[] {
  return [...defaultSchema.names];
}

const defaultSchema = featureSchema(DEFAULT_FEATURE_CONFIG);
export const TEXT = TEXT_FIELDS;

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
