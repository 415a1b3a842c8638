import type { Transaction } from '../domain/transaction.js';
import type { Interner } from '../graph/interner.js';
import type { ListedSet } from '../graph/listed.js';

/**
 * Scores the counterparty names a transaction carries (`from_name`, `to_name`) against the name
 * lists: writes `from_screen_score` and `to_screen_score` at out[offset], out[offset + 1].
 */
export interface CounterpartyScorer {
  write(tx: Transaction, out: Float64Array, offset: number): void;
}

/**
 * The search features (`FeatureExtractor.searchSlots`) of each transaction, computed elsewhere in
 * the order the transactions are applied (a search worker on a second thread).
 */
export interface PrecomputedSearches {
  /**
   * Writes the search features of `tx`, the next transaction applied, at `slots` of `out`;
   * returns how many of those searches a cap cut short. Throws when `tx` is not the transaction
   * the values were computed for.
   */
  take(tx: Transaction, out: Float64Array, slots: Int32Array): number;
}

/**
 * Rows a batch run applies between two waits for its precomputed searches (`SearchFeed.ready`):
 * one wait per step, not per row.
 */
export const SEARCH_READY_STEP = 4096;

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
  /**
   * The account interner to use (default a new, empty one): a batch run may pass one that already
   * holds every account of its file, and give each transaction's ids to `applyDense`, which then
   * skips two lookups. Accounts are then known by name before their first transaction.
   */
  accounts?: Interner;
  /** Take the search features from here instead of computing them (see `PrecomputedSearches`). */
  precomputed?: PrecomputedSearches;
  /**
   * Compute the search features only, with the state they need (a search worker): the other
   * slots of the vector are left as they were, `search_truncated` counts the searches' cuts.
   */
  searchesOnly?: boolean;
}
