import type { Transaction } from '../../domain/transaction.js';
import type { TransferGraph } from '../../graph/transfer-graph.js';
import type { WindowAggregates } from '../windows.js';

/**
 * What a feature family reads about the transfer being applied: the transaction, its payer `s` and payee `r`
 * (dense account ids), its edge `e` (already the newest edge of the graph), time `t` in epoch
 * ms, amount in base-currency major units, and the previous edge of the same ordered pair
 * (-1 when this is the pair's first transfer) with its time. `outW`/`inW` are the live window aggregates,
 * already expired to `t` for both accounts.
 */
export interface TransferContext {
  /** The transaction itself, for the facts it carries beyond the transfer. */
  tx: Transaction;
  s: number;
  r: number;
  e: number;
  t: number;
  amount: number;
  /** The previous edge of the pair: -1 when none, PAIR_GONE when compacted away (then only `prevTime` tells its time). */
  prevPair: number;
  /** Time of the pair's previous transfer (NaN when none). */
  prevTime: number;
  /** The graph's dense id of the pair (s, r). */
  pair: number;
  /** Seconds since the payer was first seen, before this transfer (0 when it is new). */
  payerAgeS: number;
  /** The payee was never seen before this transfer. */
  payeeNew: boolean;
  graph: TransferGraph;
  outW: WindowAggregates;
  inW: WindowAggregates;
}

/**
 * A feature family owns its feature names and writes exactly that slice of the vector. The
 * catalog lays families out one after another; the extractor calls each in order, once per
 * transaction, after the transfer edge was added. A family keeps its own per-account state in
 * typed arrays sized by `ensureAccounts`, and must be causal: only the past and this transfer.
 */
export interface FeatureFamily {
  readonly id: string;
  readonly names: readonly string[];
  ensureAccounts(n: number): void;
  /** Writes names.length values at out[offset…]; returns how many of its searches a cap cut short. */
  write(ctx: TransferContext, out: Float64Array, offset: number): number;
  /** Bytes the family keeps per transfer edge, when it keeps any. */
  readonly bytesPerEdge?: number;
  /** Bytes the family keeps per distinct payer→payee pair, when it keeps any. */
  readonly bytesPerPair?: number;
}

/**
 * Features that must never be model inputs: absolute time (a model would learn the calendar), the
 * counterparty screening scores (they depend on the name lists loaded, not on the history), and
 * running base rates over the whole history (they drift with how long the engine has watched).
 * `cycle_new_len` too: a training slice holds a few dozen such loops at most, and measured as a
 * model input it lowered test F1 on AMLSim's busy set (0.668 → 0.642) and the rings found with the
 * model (instance recall 0.742 → 0.710); rules use it, and a model's alerts still carry the loop.
 */
export const RULE_ONLY_FEATURES: ReadonlySet<string> = new Set(['observed_s', 'from_screen_score', 'to_screen_score', 'cycle_new_len', 'cycle_new_rate']);
