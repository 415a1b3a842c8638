import { growFloat64, growInt32 } from '../../graph/growable.js';
import type { ListedSet } from '../../graph/listed.js';
import { Stamps } from '../../graph/stamps.js';
import { E_DST, E_NEXT_IN, E_NEXT_OUT, E_SRC, E_TIME, EDGE_STRIDE as ES, EDGE_STRIDE_F64 as EF } from '../../graph/transfer-graph.js';
import { isSuperNode, listStart, LISTED_WINDOW, type PatternGraph } from './context.js';

/**
 * Distance to listed accounts: the fewest hops from an account to any listed account over the
 * transfer edges of the listed window (t − W, t], in either direction, the current transfer
 * included. 0 when the account itself is listed; `maxHops + 1` when none is within `maxHops`
 * (so a larger value is always farther). `near(hops)` turns it into "closer is larger":
 * 1 / (1 + hops) within reach, else 0.
 *
 * Each account keeps `contact`: the time of its latest transfer with a listed account, kept
 * exact as transfers arrive and as accounts are listed or unlisted. An account is one hop from
 * a listed account exactly when its contact lies in the window, so the breadth-first search
 * stops one level short: it expands accounts up to `maxHops − 2` hops out and reads the
 * contact of those one hop further. It stops at the first level that reaches a listed account.
 * No path runs through a super-node (it is neither expanded nor does its contact count); the
 * account searched from may be one, and its own contact counts. The search stops after
 * `maxVisits` edges; a skipped super-node or the cap marks it truncated (`cut`). With no listed
 * account at all it costs nothing.
 */
export class ListedDistance {
  private readonly seen = new Stamps();
  private queue = new Int32Array(64);
  private contact = new Float64Array(0);
  /** Whether the last `hops` call was cut by a cap. */
  cut = false;

  constructor(
    private readonly p: PatternGraph,
    private readonly listed: ListedSet,
    /** Aggregate window index of the listed window. */
    private readonly k: number,
    private readonly windowMs: number,
    readonly maxHops: number,
  ) {}

  ensureAccounts(n: number): void {
    this.seen.ensure(n);
    this.contact = growFloat64(this.contact, n, -Infinity);
  }

  near(hops: number): number {
    return hops <= this.maxHops ? 1 / (1 + hops) : 0;
  }

  /** Records transfer s → r at t (after it joined the graph). */
  onTransfer(s: number, r: number, t: number): void {
    const l = this.listed;
    if (l.accountCount === 0) return;
    if (l.isAccountListed(r) && !(this.contact[s] >= t)) this.contact[s] = t;
    if (l.isAccountListed(s) && !(this.contact[r] >= t)) this.contact[r] = t;
  }

  /**
   * Brings the contacts up to date after `account` was listed or unlisted: its partners in the
   * window (as far back as any later window can reach) get their contact raised, or recomputed
   * from their own transfers when the account left the lists.
   */
  onListingChange(account: number): void {
    const p = this.p;
    const rec = p.graph.rec;
    const tf = p.graph.recF;
    const listed = this.listed.isAccountListed(account);
    for (let dir = 0; dir < 2; dir++) {
      const next = dir === 0 ? E_NEXT_OUT : E_NEXT_IN;
      const other = dir === 0 ? E_DST : E_SRC;
      const w = dir === 0 ? p.outW : p.inW;
      for (let x = w.ptr(account * w.stride + this.k); x !== -1; x = rec[x * ES + next]) {
        const v = rec[x * ES + other];
        const tx = tf[x * EF + E_TIME];
        if (listed) {
          if (!(this.contact[v] >= tx)) this.contact[v] = tx;
          if (v !== account && this.listed.isAccountListed(v) && !(this.contact[account] >= tx)) this.contact[account] = tx;
        } else this.recompute(v);
      }
    }
    if (!listed) this.recompute(account);
  }

  private recompute(v: number): void {
    const p = this.p;
    const rec = p.graph.rec;
    const tf = p.graph.recF;
    let c = -Infinity;
    for (let dir = 0; dir < 2; dir++) {
      const next = dir === 0 ? E_NEXT_OUT : E_NEXT_IN;
      const other = dir === 0 ? E_DST : E_SRC;
      const w = dir === 0 ? p.outW : p.inW;
      for (let x = w.ptr(v * w.stride + this.k); x !== -1; x = rec[x * ES + next]) {
        if (this.listed.isAccountListed(rec[x * ES + other]) && tf[x * EF + E_TIME] > c) c = tf[x * EF + E_TIME];
      }
    }
    this.contact[v] = c;
  }

  /** Hops from `start` to the nearest listed account as of transfer `e` at time `t`. */
  hops(start: number, e: number, t: number): number {
    this.cut = false;
    const none = this.maxHops + 1;
    const listed = this.listed;
    if (listed.accountCount === 0) return none;
    if (listed.isAccountListed(start)) return 0;
    const cutoff = t - this.windowMs;
    if (this.contact[start] > cutoff) return 1;
    const p = this.p;
    const rec = p.graph.rec;
    const tf = p.graph.recF;
    const k = this.k;
    this.seen.next();
    this.seen.add(start);
    this.queue[0] = start;
    let head = 0;
    let tail = 1;
    let visits = 0;
    // Expanding depth d reaches accounts at d + 1, whose contact tells whether d + 2 reaches a listed one.
    for (let depth = 0; depth + 2 <= this.maxHops && head < tail; depth++) {
      const end = tail;
      const last = depth + 3 > this.maxHops;
      for (; head < end; head++) {
        const v = this.queue[head];
        if (isSuperNode(p, v, LISTED_WINDOW)) {
          this.cut = true;
          continue;
        }
        for (let dir = 0; dir < 2; dir++) {
          const next = dir === 0 ? E_NEXT_OUT : E_NEXT_IN;
          const other = dir === 0 ? E_DST : E_SRC;
          for (let x = listStart(p, dir === 0 ? p.outW : p.inW, v, k, cutoff); x !== -1 && x <= e; x = rec[x * ES + next]) {
            if (++visits > p.maxVisits) {
              this.cut = true;
              return none;
            }
            const tx = tf[x * EF + E_TIME];
            if (!(tx > cutoff && tx <= t)) continue;
            const u = rec[x * ES + other];
            if (!this.seen.add(u)) continue;
            if (this.contact[u] > cutoff) {
              // Through a super-node no path counts (its contact stands for expanding it).
              if (!isSuperNode(p, u, LISTED_WINDOW)) return depth + 2;
              this.cut = true;
              continue;
            }
            if (!last) {
              if (tail === this.queue.length) this.queue = growInt32(this.queue, tail + 1);
              this.queue[tail++] = u;
            }
          }
        }
      }
    }
    return none;
  }
}
