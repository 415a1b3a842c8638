import { RING_METRICS } from './ring-membership.js';
import { makeFeatureSchema, type FeatureSchema } from '../domain/feature-schema.js';
import type { Transaction } from '../domain/transaction.js';
import { windowLabel, type FeatureConfig } from './config.js';
import { familyFeatureNames } from './families/index.js';

/** Windowed metrics per side and window, in this order. */
export const WINDOW_METRICS = ['out_count', 'out_sum', 'out_uniq', 'in_count', 'in_sum', 'in_uniq', 'near_count', 'in_near_count'] as const;
/** Per-side account metrics after the windowed ones. */
export const ACCOUNT_METRICS = ['age_s', 'new', 'dormant_s', 'day_cash', 'day_domestic', 'day_cross_border'] as const;
/** Transaction-level features, after both sides. */
export const TRANSACTION_METRICS = [
  'amount', 'is_cash', 'is_cross_border', 'from_legal', 'to_legal', 'threshold', 'threshold_ratio',
  'near_threshold', 'hour_of_day', 'device_accounts', 'phone_accounts', 'ip_accounts', 'observed_s',
] as const;
/** Flow statistics per side in the pattern window: amounts of out and in transfers. */
export const FLOW_METRICS = ['out_mean', 'out_max', 'out_std', 'in_mean', 'in_max', 'in_std'] as const;
/**
 * Graph-pattern metrics per side: flow statistics in the pattern window (suffixed with its
 * label, e.g. `from_out_max_24h`), then pass-through and distance to listed accounts.
 */
export const PATTERN_SIDE_METRICS = ['passthrough', 'listed_hops', 'listed_near'] as const;
/** Transaction-level graph-pattern features, last in the vector. */
export const PATTERN_METRICS = [
  'sg_paths', 'sg_intermediates', 'sg_source_intermediates', 'cycle_len', 'cycle_count', 'identifier_listed',
  'search_truncated',
] as const;

/**
 * Counterparty name screening, last in the vector: the best list match of the payer's and the
 * payee's names (0 when the transaction carries no name or nothing matches). Rule-only.
 */
export const SCREEN_METRICS = ['from_screen_score', 'to_screen_score'] as const;

export const SIDES = ['from', 'to'] as const;

/** Text fields of the transaction a rule may compare with strings. */
export const TEXT_FIELDS: ReadonlyMap<string, (tx: Transaction) => string> = new Map<string, (tx: Transaction) => string>([
  ['channel', (tx) => tx.channel],
  ['currency', (tx) => tx.currency],
  ['country', (tx) => tx.country ?? ''],
  ['from_type', (tx) => tx.from_type],
  ['to_type', (tx) => tx.to_type],
  ['purpose', (tx) => tx.purpose ?? ''],
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
  /** Offset of side s's pattern block: FLOW_METRICS then PATTERN_SIDE_METRICS. */
  patternSide: [number, number];
  patternSideSize: number;
  /** Offset of the transaction-level pattern block (PATTERN_METRICS). */
  pattern: number;
  /** Offset of the ring block (RING_METRICS). */
  ring: number;
  /** Offset of the first feature family (see `families/`); families follow one another. */
  families: number;
  /** Offset of the counterparty screening block (SCREEN_METRICS), after the families. */
  screen: number;
  size: number;
}

export function featureLayout(config: FeatureConfig): FeatureLayout {
  const windows = config.windowsMs.length;
  const sideSize = windows * WINDOW_METRICS.length + ACCOUNT_METRICS.length;
  const tx = 2 * sideSize;
  const patternSideSize = FLOW_METRICS.length + PATTERN_SIDE_METRICS.length;
  const p0 = tx + TRANSACTION_METRICS.length;
  const pattern = p0 + 2 * patternSideSize;
  return {
    windows, side: [0, sideSize], sideSize, tx, patternSide: [p0, p0 + patternSideSize], patternSideSize, pattern,
    ring: pattern + PATTERN_METRICS.length,
    families: pattern + PATTERN_METRICS.length + RING_METRICS.length,
    screen: pattern + PATTERN_METRICS.length + RING_METRICS.length + familyFeatureNames(config).length,
    size: pattern + PATTERN_METRICS.length + RING_METRICS.length + familyFeatureNames(config).length + SCREEN_METRICS.length,
  };
}

/** Feature names in vector order: `from_out_sum_24h`, …, `to_age_s`, …, `amount`, …, `from_out_max_24h`, …, `cycle_len`, …. */
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
  const p = windowLabel(config.patternWindowMs);
  for (const s of SIDES) {
    for (const m of FLOW_METRICS) names.push(`${s}_${m}_${p}`);
    for (const m of PATTERN_SIDE_METRICS) names.push(`${s}_${m}`);
  }
  for (const m of PATTERN_METRICS) names.push(m);
  for (const m of RING_METRICS) names.push(m);
  names.push(...familyFeatureNames(config));
  names.push(...SCREEN_METRICS);
  return names;
}

export function featureSchema(config: FeatureConfig): FeatureSchema {
  return makeFeatureSchema(featureNames(config), TEXT_FIELDS);
}
