import { growFloat64, growInt32 } from '../../graph/growable.js';
import type { FeatureFamily, TransferContext } from './family.js';

export const PAIR_HISTORY_NAMES = ['pair_count', 'pair_sum', 'pair_last_s', 'pair_first', 'pair_reverse_count', 'pair_amount_ratio'] as const;

/**
 * Pair history: how this payer has paid this payee before. On busy data the first payment
 * between two accounts is the strongest single sign of layering (money routed through
 * accounts that never dealt with each other), and a repeat payment of the usual amount the
 * strongest sign of ordinary business.
 *
 * - `pair_count`, `pair_sum`: earlier s → r transfers and their amount.
 * - `pair_last_s`: seconds since the latest of them (-1 when none).
 * - `pair_first`: 1 when this is the pair's first transfer.
 * - `pair_reverse_count`: earlier r → s transfers.
 * - `pair_amount_ratio`: this amount over the pair's earlier mean (0 when none).
 *
 * State is per edge (the ordinal of the edge within its pair and the running sum), reached
 * through the graph's pair links: 12 bytes per transfer, O(1) per transaction.
 */
export class PairHistory implements FeatureFamily {
  readonly id = 'pair-history';
  readonly names = PAIR_HISTORY_NAMES;
  /** Per edge: earlier transfers of its pair, and their amount plus its own. */
  private ordinal = new Int32Array(0);
  private running = new Float64Array(0);

  ensureAccounts(): void {}

  write(c: TransferContext, out: Float64Array, o: number): number {
    const { e, prevPair: prev, graph: g } = c;
    if (e >= this.ordinal.length) {
      this.ordinal = growInt32(this.ordinal, e + 1);
      this.running = growFloat64(this.running, e + 1);
    }
    const count = prev === -1 ? 0 : this.ordinal[prev] + 1;
    const sum = prev === -1 ? 0 : this.running[prev];
    this.ordinal[e] = count;
    this.running[e] = sum + c.amount;
    const rev = c.s === c.r ? -1 : g.lastPairEdge.get(c.r, c.s);
    out[o] = count;
    out[o + 1] = sum;
    out[o + 2] = prev === -1 ? -1 : Math.max(0, c.t - g.time(prev)) / 1000;
    out[o + 3] = prev === -1 ? 1 : 0;
    out[o + 4] = rev === -1 || rev >= e ? 0 : this.ordinal[rev] + 1;
    out[o + 5] = count === 0 || sum <= 0 ? 0 : c.amount / (sum / count);
    return 0;
  }

  get bytesPerEdge(): number {
    return 12;
  }
}
