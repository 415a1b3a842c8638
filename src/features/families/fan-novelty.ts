import { E_DST, E_NEXT_IN, E_NEXT_OUT, E_SRC, EDGE_STRIDE as ES, E_TIME, EDGE_STRIDE_F64 as EF } from '../../graph/transfer-graph.js';
import { windowLabel } from '../config.js';
import type { WindowAggregates } from '../windows.js';
import type { FeatureFamily, TransferContext } from './family.js';
import type { PairHistory } from './pair-history.js';

const DAY = 86_400_000;

export function fanNoveltyNames(windowsMs: readonly number[]): string[] {
  return [
    ...windowsMs.flatMap((w) => {
      const l = windowLabel(w);
      return [`from_new_payees_${l}`, `from_new_payers_${l}`, `to_new_payers_${l}`, `to_new_payees_${l}`];
    }),
    'from_out_burst', 'to_in_burst',
  ];
}

/**
 * Fans to and from new counterparties. A fan-out that launders pays accounts the payer never
 * paid before, in a burst; an ordinary busy account pays its usual payees at its usual rate.
 *
 * Per window W (e.g. 1, 7 and 30 days), with this transfer included, the transfers in (t − W, t]
 * that were the first of their pair:
 * - `from_new_payees_W`: sent by the payer; `from_new_payers_W`: received by the payer (a hub
 *   that gathered from new sources and now scatters);
 * - `to_new_payers_W`: received by the payee (fan-in); `to_new_payees_W`: sent by the payee.
 * And two rates, scale-free:
 * - `from_out_burst`, `to_in_burst`: transfers in the last day over the account's mean daily
 *   count in the longest window, over the days it has been watched there (how many times its
 *   own usual rate).
 *
 * The counts walk the account's list from the window's oldest live edge; an account with more
 * than `maxDegree` transfers in the window is a super-node: -1 is written and the walk counted
 * as truncated.
 */
export class FanNovelty implements FeatureFamily {
  readonly id = 'fan-novelty';
  readonly names: readonly string[];
  private readonly k: number[];
  private readonly kDay: number;
  private readonly kLong: number;
  private readonly longDays: number;

  constructor(
    private readonly windowsMs: readonly number[],
    aggregateWindows: readonly number[],
    longestMs: number,
    private readonly pairs: PairHistory,
    private readonly maxDegree: number,
  ) {
    this.names = fanNoveltyNames(windowsMs);
    this.k = windowsMs.map((w) => aggregateWindows.indexOf(w));
    this.kDay = aggregateWindows.indexOf(DAY);
    this.kLong = aggregateWindows.indexOf(longestMs);
    this.longDays = longestMs / DAY;
    if (this.k.some((k) => k < 0) || this.kDay < 0 || this.kLong < 0) throw new Error('fan-novelty: its windows must be aggregate windows');
  }

  ensureAccounts(): void {}

  write(c: TransferContext, out: Float64Array, o: number): number {
    const W = this.windowsMs.length;
    this.countNew(c, c.outW, c.s, E_NEXT_OUT, out, o);
    this.countNew(c, c.inW, c.s, E_NEXT_IN, out, o + 1);
    this.countNew(c, c.inW, c.r, E_NEXT_IN, out, o + 2);
    this.countNew(c, c.outW, c.r, E_NEXT_OUT, out, o + 3);
    let cut = 0;
    for (let q = 0; q < 4 * W; q++) if (out[o + q] < 0) cut++;
    out[o + 4 * W] = burst(c.outW, c.s, this.kDay, this.kLong, this.observedDays(c, c.s));
    out[o + 4 * W + 1] = burst(c.inW, c.r, this.kDay, this.kLong, this.observedDays(c, c.r));
    return cut;
  }

  /**
   * Days of the long window the account has been watched (at least one): an account seen for a
   * week has a week's usual rate, not a thirtieth of a week's count.
   */
  private observedDays(c: TransferContext, account: number): number {
    const seen = c.graph.firstSeen[account];
    const span = Number.isNaN(seen) ? 0 : c.t - seen;
    return Math.max(1, Math.min(this.longDays, span / DAY));
  }

  /**
   * First-time-pair transfers in the account's list within each window, up to edge e, written at
   * out[o + 4j] for window j; -1 for a window in which the account is a super-node. One walk
   * from the oldest edge of the widest window that is not a super-node window serves them all.
   */
  private countNew(c: TransferContext, w: WindowAggregates, account: number, next: number, out: Float64Array, o: number): void {
    const base = account * w.stride;
    const g = c.graph;
    const rec = g.rec;
    const tf = g.recF;
    let start = -1;
    for (let j = 0; j < this.k.length; j++) {
      const i = base + this.k[j];
      if (w.count(i) > this.maxDegree) out[o + 4 * j] = -1;
      else {
        out[o + 4 * j] = 0;
        const ptr = w.ptr(i);
        if (ptr !== -1 && (start === -1 || ptr < start)) start = ptr;
      }
    }
    if (start === -1) return;
    const t = c.t;
    for (let x = start; x !== -1 && x <= c.e; x = rec[x * ES + next]) {
      if (this.pairs.pairOrdinal(x) !== 0 || rec[x * ES + E_SRC] === rec[x * ES + E_DST]) continue;
      const tx = tf[x * EF + E_TIME];
      for (let j = 0; j < this.k.length; j++) {
        if (out[o + 4 * j] >= 0 && tx > t - this.windowsMs[j] && tx <= t) out[o + 4 * j]++;
      }
    }
  }
}

/** Transfers in the last day over the mean daily count of the long window over the days watched. */
function burst(w: WindowAggregates, account: number, kDay: number, kLong: number, days: number): number {
  const base = account * w.stride;
  const day = w.count(base + kDay);
  const long = w.count(base + kLong);
  return day / Math.max(1, long / days);
}
