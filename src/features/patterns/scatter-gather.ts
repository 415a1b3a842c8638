import { growFloat64, growInt32, growUint8 } from '../../graph/growable.js';
import { Stamps } from '../../graph/stamps.js';
import { E_DST, E_NEXT_IN, E_NEXT_OUT, E_NEXT_PAIR, E_SRC, EDGE_STRIDE as ES, E_TIME, EDGE_STRIDE_F64 as EF } from '../../graph/transfer-graph.js';
import { isSuperNode, listStart, type PatternGraph } from './context.js';

/** One window of the search: its aggregate window index, length and super-node bit. */
export interface ScatterWindow {
  k: number;
  ms: number;
  superBit: number;
}

/** Most windows one search serves (a bit each in the per-account masks). */
const MAX_WINDOWS = 8;

/**
 * Scatter-gather: money split over intermediates that all pay one receiver, over several
 * windows at once.
 *
 * For a transfer s → r at time t, per window W, with only earlier transfers:
 * - `sg_paths`: time-respecting two-hop paths s → x → r (x not s or r) with both transfers in
 *   (t − W, t] and s → x no later than x → r; one path per pair of transfers.
 * - `sg_intermediates`: distinct such x.
 * - `sg_source_intermediates`: the closing view. Among the accounts q that paid the sender in
 *   the window, the largest number of distinct accounts y (the sender included, through this
 *   transfer) with q → y then y → r in time order, all in the window. A source that fanned out to
 *   five accounts which each paid the receiver reads 5 on each of the five closing transfers.
 *
 * Both walk only the sender's and receiver's window lists (merged by time) and the out-lists of
 * the sender's sources. A super-node endpoint, source or intermediate (by the window's own bit)
 * is skipped and the search counts as truncated, as does one that examined more than
 * `maxVisits` edges; a cut `sg_paths` search leaves `sg_source_intermediates` at 0.
 *
 * One walk serves every window (written for speed: the 24-hour, 7-day and 30-day searches were
 * three walks over nested stretches of the same lists, about a fifth of feature time). The walk
 * covers the longest window; each edge counts for the windows it falls in. The longest window's
 * figures are exactly those of a search of that window alone, and so are the shorter ones'
 * whenever the walk stayed within `maxVisits` (a shorter search visits a subset of its edges);
 * when it did not, the shorter windows are searched again on their own, so every window reads
 * what its own search would, caps included.
 */
export class ScatterGather {
  /** Per window j: sg_paths, sg_intermediates, sg_source_intermediates at 3j .. 3j + 2. */
  readonly results: Float64Array;
  /** Per window j: how many of its two searches were cut (0–2). */
  readonly cuts: Int32Array;
  private readonly windows: readonly ScatterWindow[];
  /** Intermediates x paid by s so far in the merge; per window the number of such transfers. */
  private readonly paid = new Stamps();
  private paidCount = new Int32Array(0);
  /** Per account: bit j set once it counted in window j's `sg_intermediates` (valid while `paid` marks it). */
  private counted: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  /** Accounts y that paid r in the longest window, with the time of their latest such transfer. */
  private readonly payer = new Stamps();
  private payerTime = new Float64Array(0);
  /** Accounts y counted for the current source q, per window bit. */
  private readonly seen = new Stamps();
  private seenMask: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  private readonly cutoff: Float64Array;
  private readonly pathsCut: Uint8Array;
  private readonly sourcesCut: Uint8Array;
  private readonly best: Int32Array;
  private readonly n: Int32Array;
  /** The transfer the results are for (a second ask for it reads them again). */
  private lastEdge = -1;
  private lastTime = NaN;

  constructor(
    private readonly p: PatternGraph,
    windows: readonly ScatterWindow[],
  ) {
    if (windows.length === 0 || windows.length > MAX_WINDOWS) throw new Error(`scatter-gather: 1 to ${MAX_WINDOWS} windows`);
    this.windows = windows;
    const w = windows.length;
    this.results = new Float64Array(3 * w);
    this.cuts = new Int32Array(w);
    this.cutoff = new Float64Array(w);
    this.pathsCut = new Uint8Array(w);
    this.sourcesCut = new Uint8Array(w);
    this.best = new Int32Array(w);
    this.n = new Int32Array(w);
  }

  ensureAccounts(n: number): void {
    this.paid.ensure(n);
    this.paidCount = growInt32(this.paidCount, n * this.windows.length);
    this.counted = growUint8(this.counted, n);
    this.payer.ensure(n);
    this.payerTime = growFloat64(this.payerTime, n);
    this.seen.ensure(n);
    this.seenMask = growUint8(this.seenMask, n);
  }

  /**
   * Computes every window's figures for transfer `e` (s → r at t, already in the graph) into
   * `results` and `cuts`; a repeated call for the same transfer returns at once.
   */
  compute(s: number, r: number, e: number, t: number): void {
    if (e === this.lastEdge && t === this.lastTime) return;
    this.lastEdge = e;
    this.lastTime = t;
    this.results.fill(0);
    this.cuts.fill(0);
    if (s === r) return;
    let mask = 0;
    for (let j = 0; j < this.windows.length; j++) {
      const bit = this.windows[j].superBit;
      if (isSuperNode(this.p, s, bit) || isSuperNode(this.p, r, bit)) this.cuts[j] = 2;
      else mask |= 1 << j;
    }
    // Longest window first; when the walk is cut by the cap, the shorter ones again on their own.
    while (mask !== 0) {
      const capped = this.search(s, r, e, t, mask);
      if (!capped) break;
      mask &= ~(1 << this.longest(mask));
    }
  }

  /** Forgets the last transfer's results (a compaction renumbers edges: an index may return). */
  forget(): void {
    this.lastEdge = -1;
    this.lastTime = NaN;
  }

  /** Index of the longest window in `mask`. */
  private longest(mask: number): number {
    let m = -1;
    for (let j = 0; j < this.windows.length; j++) if (mask & (1 << j) && (m === -1 || this.windows[j].ms > this.windows[m].ms)) m = j;
    return m;
  }

  /**
   * One walk over the longest window of `mask`, writing the figures of the windows in `mask`;
   * true when the cap cut it (then only the longest window's figures are final).
   */
  private search(s: number, r: number, e: number, t: number, mask: number): boolean {
    const top = this.longest(mask);
    const W = this.windows.length;
    for (let j = 0; j < W; j++) {
      this.cutoff[j] = t - this.windows[j].ms;
      this.pathsCut[j] = 0;
      this.sourcesCut[j] = 0;
      if (mask & (1 << j)) this.results.fill(0, 3 * j, 3 * j + 3);
    }
    const capped = this.paths(s, r, e, t, mask, top);
    let need = 0;
    for (let j = 0; j < W; j++) {
      if (!(mask & (1 << j))) continue;
      if (this.pathsCut[j] || (capped && j === top)) this.cuts[j] = 2;
      else need |= 1 << j;
    }
    if (capped) return true;
    const rerun = need !== 0 && this.sources(s, r, e, t, need, top);
    for (let j = 0; j < W; j++) if (need & (1 << j)) this.cuts[j] = this.sourcesCut[j] ? 1 : 0;
    return rerun;
  }

  /** Merges s's out-list and r's in-list in time order over the longest window; true when capped. */
  private paths(s: number, r: number, e: number, t: number, mask: number, top: number): boolean {
    const p = this.p;
    const rec = p.graph.rec;
    const tf = p.graph.recF;
    const W = this.windows.length;
    const cutoff = this.cutoff[top];
    const k = this.windows[top].k;
    this.paid.next();
    this.payer.next();
    let a = listStart(p, p.outW, s, k, cutoff);
    let b = listStart(p, p.inW, r, k, cutoff);
    let ta = 0;
    let tb = 0;
    let visits = 0;
    const res = this.results;
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
      if (a === -1 && b === -1) return false;
      if (++visits > p.maxVisits) return true;
      if (b === -1 || (a !== -1 && ta <= tb)) {
        // s → x: ties go first, since s → x at the same time as x → r is in order.
        const x = rec[a * ES + E_DST];
        if (x !== r && x !== s) {
          if (this.paid.add(x)) {
            this.paidCount.fill(0, x * W, x * W + W);
            this.counted[x] = 0;
          }
          for (let j = 0; j < W; j++) {
            if (!(mask & (1 << j)) || !(ta > this.cutoff[j])) continue;
            if (isSuperNode(p, x, this.windows[j].superBit)) this.pathsCut[j] = 1;
            else this.paidCount[x * W + j]++;
          }
        }
        a = rec[a * ES + E_NEXT_OUT];
      } else {
        const y = rec[b * ES + E_SRC];
        if (y !== s && y !== r) {
          if (this.payer.add(y) || this.payerTime[y] < tb) this.payerTime[y] = tb;
          if (this.paid.has(y)) {
            for (let j = 0; j < W; j++) {
              const c = this.paidCount[y * W + j];
              if (c === 0 || !(mask & (1 << j))) continue;
              res[3 * j] += c;
              if (!(this.counted[y] & (1 << j))) {
                this.counted[y] |= 1 << j;
                res[3 * j + 1]++;
              }
            }
          }
        }
        b = rec[b * ES + E_NEXT_IN];
      }
    }
  }

  /**
   * sg_source_intermediates of the windows in `need`, from the payer marks `paths` left; true
   * when the shorter windows must be searched again. The cap counts what the longest window's
   * own search would examine (`visits`: a source that is a super-node in it is not walked
   * there); `all` counts every edge, and past the cap the shorter windows' figures are not final.
   */
  private sources(s: number, r: number, e: number, t: number, need: number, top: number): boolean {
    const p = this.p;
    const rec = p.graph.rec;
    const tf = p.graph.recF;
    const W = this.windows.length;
    const cutoff = this.cutoff[top];
    const k = this.windows[top].k;
    // The sender is an intermediate too, through this transfer.
    if (this.payer.add(s) || this.payerTime[s] < t) this.payerTime[s] = t;
    const best = this.best;
    const n = this.n;
    best.fill(0);
    let visits = 0;
    let all = 0;
    let capped = false;
    const topBit = 1 << top;
    for (let c = listStart(p, p.inW, s, k, cutoff); c !== -1 && c < e; c = rec[c * ES + E_NEXT_IN]) {
      all++;
      if (++visits > p.maxVisits) {
        // Cut before a source was counted: a search alone leaves the figure at 0.
        if (need & topBit) this.sourcesCut[top] = 1;
        return true;
      }
      const tc = tf[c * EF + E_TIME];
      if (!(tc > cutoff && tc <= t)) continue;
      const q = rec[c * ES + E_SRC];
      // One pass per source: its latest transfer to s stands for it.
      if (q === s || q === r || rec[c * ES + E_NEXT_PAIR] !== -1) continue;
      let active = 0;
      for (let j = 0; j < W; j++) {
        if (!(need & (1 << j)) || !(tc > this.cutoff[j])) continue;
        if (isSuperNode(p, q, this.windows[j].superBit)) this.sourcesCut[j] = 1;
        else active |= 1 << j;
      }
      if (active === 0) continue;
      this.seen.next();
      n.fill(0);
      const counts = (active & topBit) !== 0;
      for (let d = listStart(p, p.outW, q, k, cutoff); d !== -1 && d < e; d = rec[d * ES + E_NEXT_OUT]) {
        if (++all > p.maxVisits && !counts) break;
        if (counts && ++visits > p.maxVisits) {
          capped = true;
          break;
        }
        const td = tf[d * EF + E_TIME];
        if (!(td > cutoff && td <= t)) continue;
        const y = rec[d * ES + E_DST];
        if (y === q || y === r || !this.payer.has(y) || td > this.payerTime[y]) continue;
        if (this.seen.add(y)) this.seenMask[y] = 0;
        const py = this.payerTime[y];
        for (let j = 0; j < W; j++) {
          const bit = 1 << j;
          if (!(active & bit) || !(td > this.cutoff[j]) || !(py > this.cutoff[j]) || this.seenMask[y] & bit) continue;
          this.seenMask[y] |= bit;
          n[j]++;
        }
      }
      for (let j = 0; j < W; j++) if (n[j] > best[j]) best[j] = n[j];
      if (capped) break;
    }
    for (let j = 0; j < W; j++) if (need & (1 << j)) this.results[3 * j + 2] = best[j];
    if (capped) this.sourcesCut[top] = 1;
    return capped || all > p.maxVisits;
  }
}
