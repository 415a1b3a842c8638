import { growFloat64, growInt32 } from '../../graph/growable.js';
import { E_NEXT_IN, E_NEXT_OUT, EDGE_STRIDE, E_TIME, EDGE_STRIDE_F64 as EF, type TransferGraph } from '../../graph/transfer-graph.js';
import type { WindowAggregates } from '../windows.js';

/** Marks an edge that a later edge of the same list dominates (amount at least as large). */
const DOMINATED = -2;
/** Per account and direction: window-maximum edge, its time, its amount, stack top. */
const FRONT = 0;
const FRONT_TIME = 1;
const FRONT_AMOUNT = 2;
const TOP = 3;
const FIELDS = 4;
/** Offset of the in-direction fields; an account's block is 2 * FIELDS float64 (one cache line). */
const IN = FIELDS;

/**
 * Sliding-window maximum of transfer amounts, per account, of out- and of in-transfers in one
 * window, O(1) amortised per transfer. Each account and direction keeps a monotonic stack of
 * candidate edges (amounts strictly decreasing in list order) chained through `prevOut` /
 * `prevIn`; a new edge pops every candidate it equals or exceeds and marks it dominated. The
 * window maximum is the first non-dominated edge still in the window: `front` only moves
 * forward along the account's list, skipping expired and dominated edges, so every edge is
 * passed once. The front's time and amount sit in the account's block, so expiring an account
 * with nothing to expire reads one cache line. Costs 4 bytes per edge per direction.
 *
 * Assumes edges arrive in time order (as the windows do); out-of-order edges may make the
 * maximum of an older stretch read low.
 */
export class WindowMax {
  /** Per edge: the previous candidate in its account's stack, -1 at the bottom, or DOMINATED. */
  private prevOut = new Int32Array(0);
  private prevIn = new Int32Array(0);
  private block = new Float64Array(0);
  private accounts = 0;

  constructor(
    private readonly graph: TransferGraph,
    private readonly windowMs: number,
  ) {}

  ensureAccounts(n: number): void {
    if (n <= this.accounts) return;
    const old = this.block.length;
    this.block = growFloat64(this.block, n * 2 * FIELDS);
    for (let i = old; i < this.block.length; i += FIELDS) {
      this.block[i + FRONT] = -1;
      this.block[i + TOP] = -1;
    }
    this.accounts = this.block.length / (2 * FIELDS);
  }

  /** Moves both of the account's maxima past edges that left the window as of `t`. */
  expire(account: number, t: number): void {
    const o = account * 2 * FIELDS;
    const edge = t - this.windowMs;
    if (this.block[o + FRONT] !== -1 && this.block[o + FRONT_TIME] <= edge) this.advance(o, E_NEXT_OUT, this.prevOut, edge);
    if (this.block[o + IN + FRONT] !== -1 && this.block[o + IN + FRONT_TIME] <= edge) this.advance(o + IN, E_NEXT_IN, this.prevIn, edge);
  }

  private advance(o: number, next: number, prev: Int32Array, edge: number): void {
    const rec = this.graph.rec;
    const tf = this.graph.recF;
    let f = this.block[o + FRONT];
    while (f !== -1 && (prev[f] === DOMINATED || tf[f * EF + E_TIME] <= edge)) f = rec[f * EDGE_STRIDE + next];
    this.setFront(o, f);
  }

  private setFront(o: number, f: number): void {
    this.block[o + FRONT] = f;
    if (f !== -1) {
      this.block[o + FRONT_TIME] = this.graph.time(f);
      this.block[o + FRONT_AMOUNT] = this.graph.amounts[f];
    }
  }

  /** Adds edge `e` (s → r), the newest of s's out-list and of r's in-list. */
  add(s: number, r: number, e: number): void {
    if (this.prevOut.length <= e) {
      this.prevOut = growInt32(this.prevOut, e + 1);
      this.prevIn = growInt32(this.prevIn, this.prevOut.length);
    }
    this.push(s * 2 * FIELDS, this.prevOut, e);
    this.push(r * 2 * FIELDS + IN, this.prevIn, e);
  }

  private push(o: number, prev: Int32Array, e: number): void {
    const amount = this.graph.amounts;
    const a = amount[e];
    const block = this.block;
    let top = block[o + TOP];
    while (top !== -1 && amount[top] <= a) {
      const below = prev[top];
      prev[top] = DOMINATED;
      top = below;
    }
    prev[e] = top;
    block[o + TOP] = e;
    // The front (the window maximum) was popped exactly when the new amount reaches it.
    if (block[o + FRONT] === -1 || block[o + FRONT_AMOUNT] <= a) this.setFront(o, e);
  }

  /**
   * Renumbers edges after a compaction (`map`: old → new, -1 dropped; `edges`: survivors). A
   * front (and every stack entry from it up) lies at or after the pattern window's pointer, so it
   * survives; a stack entry below the front is never a maximum again and only stops a pop early,
   * so the stack is cut where it reaches a dropped edge (and emptied when the window is).
   */
  renumber(map: Int32Array, edges: number): void {
    const block = this.block;
    for (let o = 0; o < this.accounts * 2 * FIELDS; o += FIELDS) {
      const f = block[o + FRONT];
      if (f !== -1) block[o + FRONT] = map[f];
      const top = block[o + TOP];
      if (top !== -1) block[o + TOP] = f === -1 ? -1 : map[top];
    }
    for (const prev of [this.prevOut, this.prevIn]) {
      for (let x = 0, n = Math.min(map.length, prev.length); x < n; x++) {
        const y = map[x];
        if (y === -1) continue;
        const v = prev[x];
        prev[y] = v >= 0 ? map[v] : v;
      }
      prev.fill(0, edges, Math.min(map.length, prev.length));
    }
  }

  /** The largest out-transfer amount in the account's window (0 when empty), as of its last `expire`. */
  maxOut(account: number): number {
    const o = account * 2 * FIELDS;
    return this.block[o + FRONT] === -1 ? 0 : this.block[o + FRONT_AMOUNT];
  }

  maxIn(account: number): number {
    const o = account * 2 * FIELDS + IN;
    return this.block[o + FRONT] === -1 ? 0 : this.block[o + FRONT_AMOUNT];
  }

  get bytesPerEdge(): number {
    return 8;
  }

  get bytes(): number {
    return this.prevOut.byteLength + this.prevIn.byteLength + this.block.byteLength;
  }
}

/** Mean and population standard deviation from count, sum and sum of squares. */
function meanStd(out: Float64Array, o: number, n: number, sum: number, sumsq: number): void {
  if (n <= 0) {
    out[o] = 0;
    out[o + 2] = 0;
    return;
  }
  const mean = sum / n;
  out[o] = mean;
  if (n === 1) {
    out[o + 2] = 0;
    return;
  }
  const v = sumsq / n - mean * mean;
  // Rounding can leave a tiny negative (or, for equal amounts, tiny positive) variance.
  out[o + 2] = v > mean * mean * 1e-12 ? Math.sqrt(v) : 0;
}

/**
 * Writes the six flow statistics (catalog's FLOW_METRICS: out mean, max, std, in mean, max, std) of `account` in aggregate window `k` at `out[o..o+5]`.
 * Windows must have been expired to the transaction time and the transaction added.
 */
export function writeFlowStats(
  out: Float64Array,
  o: number,
  account: number,
  k: number,
  outW: WindowAggregates,
  inW: WindowAggregates,
  max: WindowMax,
): void {
  const i = account * outW.stride + k;
  meanStd(out, o, outW.count(i), outW.sum(i), outW.sumsq(i));
  out[o + 1] = max.maxOut(account);
  meanStd(out, o + 3, inW.count(i), inW.sum(i), inW.sumsq(i));
  out[o + 4] = max.maxIn(account);
}
