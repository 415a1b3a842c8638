import { makeFeatureSchema, type FeatureSchema } from '../domain/feature-schema.js';
import type { Transaction } from '../domain/transaction.js';
import { windowLabel, type FeatureConfig } from './config.js';

/** Windowed metrics per side and window, in this order. */
export const WINDOW_METRICS = ['out_count', 'out_sum', 'out_uniq', 'in_count', 'in_sum', 'in_uniq', 'near_count'] as const;
/** Per-side account metrics after the windowed ones. */
export const ACCOUNT_METRICS = ['age_s', 'new', 'dormant_s', 'day_cash', 'day_domestic', 'day_cross_border'] as const;
/** Transaction-level features, after both sides. */
export const TRANSACTION_METRICS = [
  'amount', 'is_cash', 'is_cross_border', 'from_legal', 'to_legal', 'threshold', 'threshold_ratio',
  'near_threshold', 'hour_of_day', 'device_accounts', 'phone_accounts', 'ip_accounts', 'observed_s',
] as const;

export const SIDES = ['from', 'to'] as const;

/** Text fields of the transaction a rule may compare with strings. */
export const TEXT_FIELDS: ReadonlyMap<string, (tx: Transaction) => string> = new Map<string, (tx: Transaction) => string>([
  ['channel', (tx) => tx.channel],
  ['currency', (tx) => tx.currency],
  ['country', (tx) => tx.country ?? ''],
  ['from_type', (tx) => tx.from_type],
  ['to_type', (tx) => tx.to_type],
]);

/** Where each family starts in the feature vector; the extractor writes by these offsets. */
export interface FeatureLayout {
  windows: number;
  /** Offset of side s (0 from, 1 to): windowed block then account block. */
  side: [number, number];
  /** Size of one side's block. */
  sideSize: number;
  /** Offset of the transaction-level block. */
  tx: number;
  size: number;
}

export function featureLayout(config: FeatureConfig): FeatureLayout {
  const windows = config.windowsMs.length;
  const sideSize = windows * WINDOW_METRICS.length + ACCOUNT_METRICS.length;
  return { windows, side: [0, sideSize], sideSize, tx: 2 * sideSize, size: 2 * sideSize + TRANSACTION_METRICS.length };
}

/** Feature names in vector order: `from_out_sum_24h`, …, `to_age_s`, …, `amount`, …. */
export function featureNames(config: FeatureConfig): string[] {
  const names: string[] = [];
  for (const s of SIDES) {
    for (const w of config.windowsMs) {
      const label = windowLabel(w);
      for (const m of WINDOW_METRICS) names.push(`${s}_${m}_${label}`);
    }
    for (const m of ACCOUNT_METRICS) names.push(`${s}_${m}`);
  }
  for (const m of TRANSACTION_METRICS) names.push(m);
  return names;
}

export function featureSchema(config: FeatureConfig): FeatureSchema {
  return makeFeatureSchema(featureNames(config), TEXT_FIELDS);
}
