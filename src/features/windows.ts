import { growFloat64, growInt32 } from '../graph/growable.js';
import {
  E_FLAGS, E_NEXT_IN, E_NEXT_OUT, E_NEXT_PAIR, EDGE_NEAR_THRESHOLD, EDGE_NEW_PAIR, EDGE_STRIDE, E_TIME, EDGE_STRIDE_F64 as EF, type TransferGraph,
} from '../graph/transfer-graph.js';

/** Int32 fields of one (account, window) slot. */
const PTR = 0;
const COUNT = 1;
const UNIQ = 2;
const NEAR = 3;
/** Transfers in the window that were the first of their pair (EDGE_NEW_PAIR). */
const NEWP = 4;
const NI = 5;
/** Float64 fields of one slot: sum, sum of squares, time of the oldest live edge. */
const SUM = 0;
const SUMSQ = 1;
const HEAD = 2;
const NF = 3;

/**
 * Sliding-window aggregates of one direction (out or in) for every account and window:
 * count, sum, sum of squares, distinct counterparties and near-threshold count. Each (account,
 * window) keeps a pointer to its oldest live edge in the account's linked list; expiring walks
 * forward from there, so every edge enters and leaves each window once — O(1) amortised per
 * transfer.
 *
 * Distinct counterparties: an edge leaving the window drops its counterparty only when no
 * later edge of the same pair exists (`nextPair` is -1); an edge entering adds one when the
 * pair's previous edge is absent or already expired (its index is below the window pointer).
 * Expiry runs before the new edge is linked, so a pair whose last edge just expired is seen
 * as gone and then counted again by the new edge.
 *
 * Layout: an account's windows are adjacent, and a slot's fields are interleaved (four int32
 * in `ints`, three float64 in `nums`, the time of the oldest live edge among them), so that
 * reading or expiring an account's windows touches a few cache lines instead of one per field
 * and per edge. Slot index i = account * stride + k; read fields with the accessors.
 */
export class WindowAggregates {
  readonly windows: Float64Array;
  /** Windows per account: the state of (account a, window k) is slot a * stride + k. */
  readonly stride: number;
  private ints = new Int32Array(0);
  private nums = new Float64Array(0);
  private capacity = 0;

  constructor(
    windowsMs: readonly number[],
    readonly graph: TransferGraph,
    private readonly direction: 'out' | 'in',
  ) {
    this.windows = Float64Array.from(windowsMs);
    this.stride = windowsMs.length;
  }

  ensureAccounts(n: number): void {
    if (n <= this.capacity) return;
    const accounts = Math.max(n, this.capacity * 2, 16);
    const slots = accounts * this.stride;
    const old = this.ints.length;
    this.ints = growInt32(this.ints, slots * NI);
    for (let i = old; i < this.ints.length; i += NI) this.ints[i + PTR] = -1;
    this.nums = growFloat64(this.nums, slots * NF);
    this.capacity = Math.floor(this.ints.length / NI / this.stride);
  }

  /** Oldest edge still in the slot's window as of the account's last expiry, or -1. */
  ptr(i: number): number {
    return this.ints[i * NI + PTR];
  }

  count(i: number): number {
    return this.ints[i * NI + COUNT];
  }

  uniq(i: number): number {
    return this.ints[i * NI + UNIQ];
  }

  near(i: number): number {
    return this.ints[i * NI + NEAR];
  }

  /** Transfers in the window that opened a new payer→payee link. */
  newPairs(i: number): number {
    return this.ints[i * NI + NEWP];
  }

  sum(i: number): number {
    return this.nums[i * NF + SUM];
  }

  sumsq(i: number): number {
    return this.nums[i * NF + SUMSQ];
  }

  /** Drops edges of `account` that fell out of each window as of time `t`. */
  expire(account: number, t: number): void {
    const g = this.graph;
    const rec = g.rec;
    const tf = g.recF;
    const amounts = g.amounts;
    const next = this.direction === 'out' ? E_NEXT_OUT : E_NEXT_IN;
    const ints = this.ints;
    const nums = this.nums;
    const base = account * this.stride;
    for (let k = 0; k < this.stride; k++) {
      const ii = (base + k) * NI;
      const fi = (base + k) * NF;
      let p = ints[ii + PTR];
      const edge = t - this.windows[k];
      if (p === -1 || nums[fi + HEAD] > edge) continue;
      let count = ints[ii + COUNT];
      let uniq = ints[ii + UNIQ];
      let near = ints[ii + NEAR];
      let newp = ints[ii + NEWP];
      let sum = nums[fi + SUM];
      let sumsq = nums[fi + SUMSQ];
      let head = 0;
      while (p !== -1) {
        const o = p * EDGE_STRIDE;
        head = tf[p * EF + E_TIME];
        if (head > edge) break;
        const a = amounts[p];
        count--;
        sum -= a;
        sumsq -= a * a;
        if (rec[o + E_NEXT_PAIR] === -1) uniq--;
        const f = rec[o + E_FLAGS];
        if (f & EDGE_NEAR_THRESHOLD) near--;
        if (f & EDGE_NEW_PAIR) newp--;
        p = rec[o + next];
      }
      ints[ii + PTR] = p;
      ints[ii + COUNT] = count;
      ints[ii + UNIQ] = uniq;
      ints[ii + NEAR] = near;
      ints[ii + NEWP] = newp;
      if (p === -1) {
        // An empty window sums to exactly 0, whatever rounding left.
        nums[fi + SUM] = 0;
        nums[fi + SUMSQ] = 0;
      } else {
        nums[fi + SUM] = sum;
        nums[fi + SUMSQ] = sumsq;
        nums[fi + HEAD] = head;
      }
    }
  }

  /** Adds edge `e` (already linked into the graph) whose pair's previous edge was `prevPair`. */
  add(account: number, e: number, prevPair: number): void {
    const g = this.graph;
    const amount = g.amount(e);
    const time = g.time(e);
    const flags = g.flags(e);
    const near = flags & EDGE_NEAR_THRESHOLD ? 1 : 0;
    const newp = flags & EDGE_NEW_PAIR ? 1 : 0;
    const ints = this.ints;
    const nums = this.nums;
    const base = account * this.stride;
    for (let k = 0; k < this.stride; k++) {
      const ii = (base + k) * NI;
      const fi = (base + k) * NF;
      if (ints[ii + PTR] === -1) {
        ints[ii + PTR] = e;
        nums[fi + HEAD] = time;
      }
      ints[ii + COUNT]++;
      nums[fi + SUM] += amount;
      nums[fi + SUMSQ] += amount * amount;
      ints[ii + NEAR] += near;
      ints[ii + NEWP] += newp;
      if (prevPair === -1 || prevPair < ints[ii + PTR]) ints[ii + UNIQ]++;
    }
  }

  /**
   * Lowers `from[a]` to the first edge any window of account a still holds (for a compaction:
   * every walk of a's list in this direction starts at one of these pointers or later).
   */
  lowestLive(from: Int32Array, accounts: number): void {
    const ints = this.ints;
    const stride = this.stride;
    for (let a = 0; a < accounts; a++) {
      let m = from[a];
      for (let i = a * stride * NI, end = i + stride * NI; i < end; i += NI) {
        const p = ints[i + PTR];
        if (p !== -1 && p < m) m = p;
      }
      from[a] = m;
    }
  }

  /** Renumbers the window pointers after a compaction (`map`: old edge → new; pointers always survive). */
  renumber(map: Int32Array): void {
    const ints = this.ints;
    for (let i = 0; i < ints.length; i += NI) {
      const p = ints[i + PTR];
      if (p !== -1) ints[i + PTR] = map[p];
    }
  }

  /** Bytes of per-account state. */
  get bytes(): number {
    return this.ints.byteLength + this.nums.byteLength;
  }
}
