import { growFloat64, growInt32 } from '../../graph/growable.js';
import { NodeTable } from '../../graph/node-table.js';
import { E_DST, E_NEXT_IN, E_NEXT_OUT, E_SRC, EDGE_STRIDE as ES, E_TIME, EDGE_STRIDE_F64 as EF } from '../../graph/transfer-graph.js';
import { CYCLE_WINDOW, isSuperNode, listStart, type PatternGraph } from './context.js';

/** Label fields of an account in the search table. */
const EA1 = 0;
const EA2 = 1;
const BOUND = 2;
const LEVEL = 3;
const SLOT = 4;
const STRIDE = 5;
const INITIAL = [Infinity, Infinity, -Infinity, -1, -1];
/** The bound that marks a super-node met by the backward search (never a meeting point). */
const HUB = Infinity;

/**
 * Temporal cycles closed by a transfer s → r at time t: a path r → … → s of earlier transfers
 * with non-decreasing times, all in (t − W, t], so that money the receiver sent out came back
 * to the sender, who now pays the receiver again. A cycle's length counts the closing transfer:
 * r → s then s → r is a cycle of length 2; the longest counted is `maxLength` (L).
 *
 * - `cycle_len`: the shortest such cycle, 2..L; 0 when there is none.
 * - `cycle_count`: how many distinct accounts the receiver paid from which money returned to
 *   the sender within L (cycles counted by their first hop out of the receiver).
 *
 * Bidirectional search. Forward from r, up to F = min(2, L − 1) hops over out-edges, each
 * account gets the earliest time money from r can arrive there in 1 and in 2 hops (`EA1`,
 * `EA2`). Backward from s, up to B = L − 1 − F hops over in-edges, breadth-first, each account
 * gets its bound: the latest time money may leave it and still reach s in time. A path meets
 * where arrival ≤ bound: an account at backward depth d with EA1 ≤ bound closes a cycle of
 * length d + 2, with EA2 ≤ bound one of length d + 3. An account is expanded again only when a
 * level improves its bound, so every path is represented by a dominating one. Both sides prune
 * by the other's extremes: no cycle edge is earlier than r's first payment in the window, nor
 * later than s's last receipt. Neither search passes through r or s (no simple cycle does).
 * Super-nodes are neither labelled nor expanded, and a search stops after `maxVisits` edges;
 * either counts it as truncated. Labels live in a small table (`NodeTable`), not per account.
 */
export class CycleSearch {
  private readonly table = new NodeTable(STRIDE, INITIAL, 2048);
  /** Distinct first hops (accounts r paid in the window), in order of first payment. */
  private hops = new Int32Array(64);
  private hopCount = 0;
  private cur = new Int32Array(64);
  private curBound = new Float64Array(64);
  private nxt = new Int32Array(64);
  private nxtBound = new Float64Array(64);
  /** List walks in progress, advanced together so their memory loads overlap. */
  private chainAt = new Int32Array(64);
  private chainNode = new Int32Array(64);
  private chainTime = new Float64Array(64);
  private visits = 0;
  private cut = false;
  private shortest = 0;
  /** Earliest payment of r and latest receipt of s in the window: the time span of any cycle. */
  private lo = 0;
  private hi = 0;

  constructor(
    private readonly p: PatternGraph,
    /** Aggregate window index of the cycle window. */
    private readonly k: number,
    private readonly windowMs: number,
    private readonly maxLength: number,
  ) {}

  /** Writes cycle_len, cycle_count at out[o], out[o+1] for transfer `e`; returns 1 when cut. */
  compute(s: number, r: number, e: number, t: number, out: Float64Array, o: number): number {
    out[o] = 0;
    out[o + 1] = 0;
    if (s === r) return 0;
    const p = this.p;
    const g = p.graph;
    if (isSuperNode(p, r, CYCLE_WINDOW)) return 1;
    // The last payment s received bounds every cycle edge (in time-ordered graphs).
    const last = g.tailIn[s];
    this.hi = !g.timeOrdered ? t : last === -1 || last >= e ? -Infinity : g.time(last);
    if (!(this.hi > t - this.windowMs)) return 0;
    this.visits = 0;
    this.cut = false;
    this.shortest = 0;
    this.table.clear();
    const twoHops = this.maxLength >= 3;
    if (this.forward(s, r, e, t, twoHops)) {
      this.backward(s, r, e, t, twoHops);
      if (this.shortest > 0) {
        out[o] = this.shortest;
        out[o + 1] = Math.max(1, this.firstHops(s, r, e, t, twoHops));
      }
    }
    return this.cut ? 1 : 0;
  }

  /** Forward labels from r; false when r paid no one who could be on a cycle. */
  private forward(s: number, r: number, e: number, t: number, twoHops: boolean): boolean {
    const p = this.p;
    const g = p.graph;
    const rec = g.rec;
    const tf = g.recF;
    const table = this.table;
    const cutoff = t - this.windowMs;
    const hi = this.hi;
    let lo = Infinity;
    this.hopCount = 0;
    for (let x = listStart(p, p.outW, r, this.k, cutoff); x !== -1 && x < e; x = rec[x * ES + E_NEXT_OUT]) {
      this.visits++;
      const tx = tf[x * EF + E_TIME];
      if (!(tx > cutoff && tx <= hi)) continue;
      const v = rec[x * ES + E_DST];
      if (v === r) continue;
      if (v !== s && isSuperNode(p, v, CYCLE_WINDOW)) {
        this.cut = true;
        continue;
      }
      const i = table.insert(v) * STRIDE;
      if (table.created) {
        if (this.hopCount === this.hops.length) this.hops = growInt32(this.hops, this.hopCount + 1);
        this.hops[this.hopCount++] = v;
      }
      if (tx < table.vals[i + EA1]) table.vals[i + EA1] = tx;
      if (tx < lo) lo = tx;
    }
    this.lo = lo;
    if (lo === Infinity) return false;
    if (!twoHops) return true;
    // Second hop, from each first hop but the sender (a path through s is no simple cycle). The
    // first hops' lists are walked together, one edge of each in turn (see `addChain`).
    let n = 0;
    for (let h = 0; h < this.hopCount; h++) {
      const v = this.hops[h];
      if (v === s) continue;
      const from = table.vals[table.find(v) * STRIDE + EA1];
      const x = listStart(p, p.outW, v, this.k, from);
      if (x !== -1 && x < e) n = this.addChain(n, x, v, from);
    }
    const ordered = g.timeOrdered;
    while (n > 0) {
      for (let q = 0; q < n; ) {
        const y = this.chainAt[q];
        if (++this.visits > p.maxVisits) {
          this.cut = true;
          return true;
        }
        let next = rec[y * ES + E_NEXT_OUT];
        const ty = tf[y * EF + E_TIME];
        const from = this.chainTime[q];
        if (ty > hi) {
          if (ordered) next = -1;
        } else if (ty >= from && ty > cutoff) {
          const u = rec[y * ES + E_DST];
          const v = this.chainNode[q];
          if (u !== r && u !== v && (u === s || !isSuperNode(p, u, CYCLE_WINDOW))) {
            const i = table.insert(u) * STRIDE;
            if (ty < table.vals[i + EA2]) table.vals[i + EA2] = ty;
          }
        }
        if (next === -1 || next >= e) n = this.dropChain(q, n);
        else this.chainAt[q++] = next;
      }
    }
    return true;
  }

  /** Appends a chain (a list walk at edge x, for account v, with time t); returns the new count. */
  private addChain(n: number, x: number, v: number, t: number): number {
    if (n === this.chainAt.length) {
      this.chainAt = growInt32(this.chainAt, n + 1);
      this.chainNode = growInt32(this.chainNode, n + 1);
      this.chainTime = growFloat64(this.chainTime, n + 1);
    }
    this.chainAt[n] = x;
    this.chainNode[n] = v;
    this.chainTime[n] = t;
    return n + 1;
  }

  /** Removes chain q (the last one takes its place); returns the new count. */
  private dropChain(q: number, n: number): number {
    n--;
    this.chainAt[q] = this.chainAt[n];
    this.chainNode[q] = this.chainNode[n];
    this.chainTime[q] = this.chainTime[n];
    return n;
  }

  /** Backward breadth-first search from s, meeting the forward labels as it goes. */
  private backward(s: number, r: number, e: number, t: number, twoHops: boolean): void {
    const p = this.p;
    const g = p.graph;
    const rec = g.rec;
    const tf = g.recF;
    const ordered = g.timeOrdered;
    const table = this.table;
    const lo = this.lo;
    const cutoff = t - this.windowMs;
    const depth = this.maxLength - 1 - (twoHops ? 2 : 1);
    const is = table.insert(s) * STRIDE;
    table.vals[is + BOUND] = t;
    this.meet(is, 0, t);
    if (depth === 0) return;
    if (isSuperNode(p, s, CYCLE_WINDOW)) {
      this.cut = true;
      return;
    }
    this.cur[0] = s;
    this.curBound[0] = t;
    let n = 1;
    search: for (let d = 0; d < depth && n > 0; d++) {
      let m = 0;
      let c = 0;
      for (let q = 0; q < n; q++) {
        const x = listStart(p, p.inW, this.cur[q], this.k, lo);
        if (x !== -1 && x < e) c = this.addChain(c, x, this.cur[q], this.curBound[q]);
      }
      while (c > 0) {
        for (let q = 0; q < c; ) {
          const x = this.chainAt[q];
          if (++this.visits > p.maxVisits) {
            this.cut = true;
            break search;
          }
          let next = rec[x * ES + E_NEXT_IN];
          const tx = tf[x * EF + E_TIME];
          if (tx > this.chainTime[q]) {
            if (ordered) next = -1;
          } else if (tx >= lo && tx > cutoff) {
            const u = rec[x * ES + E_SRC];
            if (u !== r && u !== s) m = this.reach(u, tx, d, depth, m);
          }
          if (next === -1 || next >= e) c = this.dropChain(q, c);
          else this.chainAt[q++] = next;
        }
      }
      const nodes = this.cur;
      this.cur = this.nxt;
      this.nxt = nodes;
      const bounds = this.curBound;
      this.curBound = this.nxtBound;
      this.nxtBound = bounds;
      n = m;
    }
  }

  /**
   * The backward search reached u by a transfer at tx from an account at depth d: improves u's
   * bound, meets the forward labels and queues u for the next level; returns the queue length.
   */
  private reach(u: number, tx: number, d: number, depth: number, m: number): number {
    const table = this.table;
    const i = table.insert(u) * STRIDE;
    const vals = table.vals;
    if (vals[i + BOUND] >= tx) return m;
    if (isSuperNode(this.p, u, CYCLE_WINDOW)) {
      vals[i + BOUND] = HUB;
      this.cut = true;
      return m;
    }
    vals[i + BOUND] = tx;
    this.meet(i, d + 1, tx);
    if (d + 1 === depth) return m;
    if (vals[i + LEVEL] !== d) {
      vals[i + LEVEL] = d;
      vals[i + SLOT] = m;
      if (m === this.nxt.length) this.growNext();
      this.nxt[m] = u;
      this.nxtBound[m++] = tx;
    } else this.nxtBound[vals[i + SLOT]] = tx;
    return m;
  }

  /** Checks where the account at table offset i, at backward depth d with bound b, meets the forward labels. */
  private meet(i: number, d: number, b: number): void {
    const vals = this.table.vals;
    const len = vals[i + EA1] <= b ? d + 2 : vals[i + EA2] <= b ? d + 3 : 0;
    if (len > 0 && (this.shortest === 0 || len < this.shortest)) this.shortest = len;
  }

  /**
   * Distinct first hops out of r on a cycle: accounts r paid that meet the backward labels
   * themselves, or that pay, no earlier than r paid them, an account that does.
   */
  private firstHops(s: number, r: number, e: number, t: number, twoHops: boolean): number {
    const p = this.p;
    const rec = p.graph.rec;
    const tf = p.graph.recF;
    const table = this.table;
    const cutoff = t - this.windowMs;
    let count = 0;
    for (let h = 0; h < this.hopCount; h++) {
      const v = this.hops[h];
      const iv = table.find(v) * STRIDE;
      const from = table.vals[iv + EA1];
      const bound = table.vals[iv + BOUND];
      if (from <= bound && bound !== HUB) {
        count++;
        continue;
      }
      if (!twoHops || v === s) continue;
      for (let y = listStart(p, p.outW, v, this.k, from); y !== -1 && y < e; y = rec[y * ES + E_NEXT_OUT]) {
        if (++this.visits > p.maxVisits) {
          this.cut = true;
          return count;
        }
        const ty = tf[y * EF + E_TIME];
        if (!(ty >= from && ty > cutoff && ty <= this.hi)) continue;
        const u = rec[y * ES + E_DST];
        if (u === r || u === v) continue;
        const iu = table.find(u);
        if (iu === -1) continue;
        const bu = table.vals[iu * STRIDE + BOUND];
        if (ty <= bu && bu !== HUB) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  private growNext(): void {
    const a = new Int32Array(this.nxt.length * 2);
    a.set(this.nxt);
    this.nxt = a;
    const b = new Float64Array(this.nxtBound.length * 2);
    b.set(this.nxtBound);
    this.nxtBound = b;
  }
}
