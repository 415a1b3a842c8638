import { growFloat64, growInt32 } from '../graph/growable.js';
import { EDGE_NEAR_THRESHOLD, type TransferGraph } from '../graph/transfer-graph.js';

/**
 * Sliding-window aggregates of one direction (out or in) for every account and window:
 * count, sum, distinct counterparties and near-threshold count. Each (account, window) keeps
 * a pointer to its oldest live edge in the account's linked list; expiring walks forward from
 * there, so every edge enters and leaves each window once — O(1) amortised per transfer.
 *
 * Distinct counterparties: an edge leaving the window drops its counterparty only when no
 * later edge of the same pair exists (`nextPair` is -1); an edge entering adds one when the
 * pair's previous edge is absent or already expired (its index is below the window pointer).
 * Expiry runs before the new edge is linked, so a pair whose last edge just expired is seen
 * as gone and then counted again by the new edge.
 */
export class WindowAggregates {
  readonly windows: Float64Array;
  private readonly w: number;
  ptr = new Int32Array(0);
  count = new Int32Array(0);
  sum = new Float64Array(0);
  uniq = new Int32Array(0);
  near = new Int32Array(0);
  private capacity = 0;

  constructor(
    windowsMs: readonly number[],
    private readonly graph: TransferGraph,
    private readonly direction: 'out' | 'in',
  ) {
    this.windows = Float64Array.from(windowsMs);
    this.w = windowsMs.length;
  }

  ensureAccounts(n: number): void {
    if (n <= this.capacity) return;
    const size = Math.max(n, this.capacity * 2, 16) * this.w;
    this.ptr = growInt32(this.ptr, size, -1);
    this.count = growInt32(this.count, size);
    this.sum = growFloat64(this.sum, size);
    this.uniq = growInt32(this.uniq, size);
    this.near = growInt32(this.near, size);
    this.capacity = size / this.w;
  }

  /** Drops edges of `account` that fell out of each window as of time `t`. */
  expire(account: number, t: number): void {
    const g = this.graph;
    const time = g.time;
    const next = this.direction === 'out' ? g.nextOut : g.nextIn;
    const base = account * this.w;
    for (let k = 0; k < this.w; k++) {
      const i = base + k;
      let p = this.ptr[i];
      if (p === -1) continue;
      const edge = t - this.windows[k];
      while (p !== -1 && time[p] <= edge) {
        this.count[i]--;
        this.sum[i] -= g.amount[p];
        if (g.nextPair[p] === -1) this.uniq[i]--;
        if (g.flags[p] & EDGE_NEAR_THRESHOLD) this.near[i]--;
        p = next[p];
      }
      this.ptr[i] = p;
      if (p === -1) this.sum[i] = 0; // an empty window sums to exactly 0, whatever rounding left
    }
  }

  /** Adds edge `e` (already linked into the graph) whose pair's previous edge was `prevPair`. */
  add(account: number, e: number, prevPair: number): void {
    const g = this.graph;
    const amount = g.amount[e];
    const near = g.flags[e] & EDGE_NEAR_THRESHOLD ? 1 : 0;
    const base = account * this.w;
    for (let k = 0; k < this.w; k++) {
      const i = base + k;
      if (this.ptr[i] === -1) this.ptr[i] = e;
      this.count[i]++;
      this.sum[i] += amount;
      this.near[i] += near;
      if (prevPair === -1 || prevPair < this.ptr[i]) this.uniq[i]++;
    }
  }

  /** Bytes of per-account state. */
  get bytes(): number {
    return this.ptr.byteLength + this.count.byteLength + this.sum.byteLength + this.uniq.byteLength + this.near.byteLength;
  }
}
