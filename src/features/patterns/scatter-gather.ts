import { growFloat64, growInt32 } from '../../graph/growable.js';
import { Stamps } from '../../graph/stamps.js';
import { E_DST, E_NEXT_IN, E_NEXT_OUT, E_NEXT_PAIR, E_SRC, EDGE_STRIDE as ES, E_TIME, EDGE_STRIDE_F64 as EF } from '../../graph/transfer-graph.js';
import { isSuperNode, listStart, PATTERN_WINDOW, type PatternGraph } from './context.js';

/**
 * Scatter-gather: money split over intermediates that all pay one receiver.
 *
 * For a transfer s → r at time t, with W the pattern window and only earlier transfers:
 * - `sg_paths`: time-respecting two-hop paths s → x → r (x not s or r) with both transfers in
 *   (t − W, t] and s → x no later than x → r; one path per pair of transfers.
 * - `sg_intermediates`: distinct such x.
 * - `sg_source_intermediates`: the closing view. Among the accounts q that paid the sender in
 *   the window, the largest number of distinct accounts y (the sender included, through this
 *   transfer) with q → y then y → r in time order, all in the window. A source that fanned out to
 *   five accounts which each paid the receiver reads 5 on each of the five closing transfers.
 *
 * Both walk only the sender's and receiver's window lists (merged by time) and the out-lists of
 * the sender's sources. A super-node endpoint, source or intermediate is skipped and the
 * search counts as truncated, as does one that examined more than `maxVisits` edges.
 */
export class ScatterGather {
  /** Intermediates x paid by s so far in the merge, with the number of such transfers. */
  private readonly paid = new Stamps();
  private paidCount = new Int32Array(0);
  /** Intermediates already counted in `sg_intermediates`. */
  private readonly counted = new Stamps();
  /** Accounts y that paid r in the window, with the time of their latest such transfer. */
  private readonly payer = new Stamps();
  private payerTime = new Float64Array(0);
  /** Accounts y counted for the current source q. */
  private readonly seen = new Stamps();

  constructor(
    private readonly p: PatternGraph,
    /** Aggregate window index of the pattern window. */
    private readonly k: number,
    private readonly windowMs: number,
    /** The super-node bit of this search's window (see `SuperNodes`). */
    private readonly superBit = PATTERN_WINDOW,
  ) {}

  ensureAccounts(n: number): void {
    this.paid.ensure(n);
    this.paidCount = growInt32(this.paidCount, n);
    this.counted.ensure(n);
    this.payer.ensure(n);
    this.payerTime = growFloat64(this.payerTime, n);
    this.seen.ensure(n);
  }

  /**
   * Writes sg_paths, sg_intermediates, sg_source_intermediates at out[o..o+2] for transfer
   * `e` (s → r at t, already in the graph); returns how many of its two searches were cut.
   */
  compute(s: number, r: number, e: number, t: number, out: Float64Array, o: number): number {
    out[o] = 0;
    out[o + 1] = 0;
    out[o + 2] = 0;
    if (s === r) return 0;
    const p = this.p;
    if (isSuperNode(p, s, this.superBit) || isSuperNode(p, r, this.superBit)) return 2;
    const cut = this.paths(s, r, e, t, out, o);
    return (cut ? 1 : 0) + (cut || this.sources(s, r, e, t, out, o) ? 1 : 0);
  }

  /** Merges s's out-list and r's in-list in time order; true when cut by a cap. */
  private paths(s: number, r: number, e: number, t: number, out: Float64Array, o: number): boolean {
    const p = this.p;
    const rec = p.graph.rec;
    const tf = p.graph.recF;
    const cutoff = t - this.windowMs;
    this.paid.next();
    this.counted.next();
    this.payer.next();
    let a = listStart(p, p.outW, s, this.k, cutoff);
    let b = listStart(p, p.inW, r, this.k, cutoff);
    let ta = 0;
    let tb = 0;
    let paths = 0;
    let mids = 0;
    let visits = 0;
    let cut = false;
    for (;;) {
      for (; a !== -1 && a < e; a = rec[a * ES + E_NEXT_OUT]) {
        ta = tf[a * EF + E_TIME];
        if (ta > cutoff && ta <= t) break;
        visits++;
      }
      for (; b !== -1 && b < e; b = rec[b * ES + E_NEXT_IN]) {
        tb = tf[b * EF + E_TIME];
        if (tb > cutoff && tb <= t) break;
        visits++;
      }
      if (a >= e) a = -1;
      if (b >= e) b = -1;
      if (a === -1 && b === -1) break;
      if (++visits > p.maxVisits) {
        cut = true;
        break;
      }
      if (b === -1 || (a !== -1 && ta <= tb)) {
        // s → x: ties go first, since s → x at the same time as x → r is in order.
        const x = rec[a * ES + E_DST];
        if (x !== r && x !== s) {
          if (isSuperNode(p, x, this.superBit)) cut = true;
          else {
            if (this.paid.add(x)) this.paidCount[x] = 0;
            this.paidCount[x]++;
          }
        }
        a = rec[a * ES + E_NEXT_OUT];
      } else {
        const y = rec[b * ES + E_SRC];
        if (y !== s && y !== r) {
          if (this.payer.add(y) || this.payerTime[y] < tb) this.payerTime[y] = tb;
          if (this.paid.has(y)) {
            paths += this.paidCount[y];
            if (this.counted.add(y)) mids++;
          }
        }
        b = rec[b * ES + E_NEXT_IN];
      }
    }
    out[o] = paths;
    out[o + 1] = mids;
    return cut;
  }

  /** sg_source_intermediates, from the payer marks `paths` left; true when cut by a cap. */
  private sources(s: number, r: number, e: number, t: number, out: Float64Array, o: number): boolean {
    const p = this.p;
    const rec = p.graph.rec;
    const tf = p.graph.recF;
    const cutoff = t - this.windowMs;
    // The sender is an intermediate too, through this transfer.
    if (this.payer.add(s) || this.payerTime[s] < t) this.payerTime[s] = t;
    let best = 0;
    let visits = 0;
    let cut = false;
    for (let c = listStart(p, p.inW, s, this.k, cutoff); c !== -1 && c < e; c = rec[c * ES + E_NEXT_IN]) {
      if (++visits > p.maxVisits) return true;
      const tc = tf[c * EF + E_TIME];
      if (!(tc > cutoff && tc <= t)) continue;
      const q = rec[c * ES + E_SRC];
      // One pass per source: its latest transfer to s stands for it.
      if (q === s || q === r || rec[c * ES + E_NEXT_PAIR] !== -1) continue;
      if (isSuperNode(p, q, this.superBit)) {
        cut = true;
        continue;
      }
      this.seen.next();
      let n = 0;
      for (let d = listStart(p, p.outW, q, this.k, cutoff); d !== -1 && d < e; d = rec[d * ES + E_NEXT_OUT]) {
        if (++visits > p.maxVisits) {
          cut = true;
          break;
        }
        const td = tf[d * EF + E_TIME];
        if (!(td > cutoff && td <= t)) continue;
        const y = rec[d * ES + E_DST];
        if (y !== q && y !== r && this.payer.has(y) && td <= this.payerTime[y] && this.seen.add(y)) n++;
      }
      if (n > best) best = n;
      if (cut && visits > p.maxVisits) break;
    }
    out[o + 2] = best;
    return cut;
  }
}
