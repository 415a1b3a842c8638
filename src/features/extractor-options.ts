import type { Transaction } from '../domain/transaction.js';
import type { ListedSet } from '../graph/listed.js';

/**
 * Scores the counterparty names a transaction carries (`from_name`, `to_name`) against the name
 * lists: writes `from_screen_score` and `to_screen_score` at out[offset], out[offset + 1].
 */
export interface CounterpartyScorer {
  write(tx: Transaction, out: Float64Array, offset: number): void;
}

export interface FeatureExtractorOptions {
  /** Counterparty name screening; without it (or for a transaction without names) both scores are 0. */
  counterparties?: CounterpartyScorer;
  /**
   * The listed accounts and identifiers the pattern features look for. Default: a new empty
   * set, reachable as `extractor.listed`. A set serves one extractor.
   */
  listed?: ListedSet;
  /**
   * Drop transfer edges no feature can read any more (default true): whenever the graph has
   * grown to twice the edges the last compaction kept. Features are identical either way; off
   * only for tests that compare the two.
   */
  compaction?: boolean;
  /**
   * Keep edges less than this old relative to either account's last activity, beyond what the
   * features read (for readers that walk an account's lists from their head, e.g. case evidence).
   */
  retainMs?: number;
}
