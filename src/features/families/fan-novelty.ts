import { windowLabel } from '../config.js';
import type { WindowAggregates } from '../windows.js';
import type { FeatureFamily, TransferContext } from './family.js';

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
 * The counts are kept by the window aggregates (a transfer that opens a new link carries the
 * EDGE_NEW_PAIR flag and enters and leaves each window once), so they cost O(1) and need no cap.
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
    this.countNew(c.outW, c.s, out, o);
    this.countNew(c.inW, c.s, out, o + 1);
    this.countNew(c.inW, c.r, out, o + 2);
    this.countNew(c.outW, c.r, out, o + 3);
    out[o + 4 * W] = burst(c.outW, c.s, this.kDay, this.kLong, this.observedDays(c, c.s));
    out[o + 4 * W + 1] = burst(c.inW, c.r, this.kDay, this.kLong, this.observedDays(c, c.r));
    return 0;
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

  /** First-time-pair transfers of the account's list in each window (kept by the window aggregates), at out[o + 4j]. */
  private countNew(w: WindowAggregates, account: number, out: Float64Array, o: number): void {
    const base = account * w.stride;
    for (let j = 0; j < this.k.length; j++) out[o + 4 * j] = w.newPairs(base + this.k[j]);
  }
}

/** Transfers in the last day over the mean daily count of the long window over the days watched. */
function burst(w: WindowAggregates, account: number, kDay: number, kLong: number, days: number): number {
  const base = account * w.stride;
  const day = w.count(base + kDay);
  const long = w.count(base + kLong);
  return day / Math.max(1, long / days);
}
