import type { TransferColumns } from './entity-graph.js';

/**
 * Transfers as a temporal out-edge CSR for path search: account v's transfers are edges
 * `offsets[v] .. offsets[v+1]`, sorted by time (then transaction index), each with its
 * target, time, amount and the index of the transaction behind it in the caller's arrays.
 *
 * A `reversed` graph holds every transfer backwards (dst → src) with its time negated, so a
 * time-respecting forward search on it is a backward search on the original ("where did this
 * money come from"); `paths.ts` turns its results back the right way round.
 */
export interface TemporalGraph {
  readonly nodeCount: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly times: Float64Array;
  readonly amounts: Float64Array;
  readonly tx: Int32Array;
  readonly reversed: boolean;
  /** Account names by id (optional, for output). */
  readonly names?: readonly string[];
  /** Transaction ids by transaction index (optional, for output). */
  readonly txIds?: readonly string[];
}

export interface TemporalGraphOptions {
  reversed?: boolean;
  /** The caller's transaction index of each transfer (default: its position in the columns). */
  txIndex?: Int32Array;
  names?: readonly string[];
  txIds?: readonly string[];
}

/** Builds the temporal CSR of `transfers` over accounts 0..n-1 (O(m) for time-ordered input). */
export function temporalGraphFromTransfers(n: number, transfers: TransferColumns, options: TemporalGraphOptions = {}): TemporalGraph {
  const m = transfers.count ?? transfers.src.length;
  const reversed = options.reversed ?? false;
  const from = reversed ? transfers.dst : transfers.src;
  const to = reversed ? transfers.src : transfers.dst;
  const sign = reversed ? -1 : 1;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const v = from[e];
    if (v < 0 || v >= n || to[e] < 0 || to[e] >= n) throw new RangeError(`transfer ${e} has an account outside 0..${n - 1}`);
    offsets[v + 1]++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, n);
  // Stable bucket by source; reversed graphs fill from the last transfer back, so rows of a
  // time-ordered input come out ordered by negated time as well.
  const order = new Int32Array(m);
  if (reversed) {
    for (let i = 0; i < n; i++) fill[i] = offsets[i + 1];
    for (let e = m - 1; e >= 0; e--) order[--fill[from[e]]] = e;
  } else {
    for (let e = 0; e < m; e++) order[fill[from[e]]++] = e;
  }
  const timeOf = (e: number): number => sign * transfers.time[e];
  for (let v = 0; v < n; v++) {
    const a = offsets[v];
    const b = offsets[v + 1];
    let sorted = true;
    for (let p = a + 1; p < b && sorted; p++) {
      const t0 = timeOf(order[p - 1]);
      const t1 = timeOf(order[p]);
      if (t1 < t0 || (t1 === t0 && order[p] < order[p - 1])) sorted = false;
    }
    if (!sorted) order.subarray(a, b).sort((x, y) => timeOf(x) - timeOf(y) || x - y);
  }
  const targets = new Int32Array(m);
  const times = new Float64Array(m);
  const amounts = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    const e = order[p];
    targets[p] = to[e];
    times[p] = timeOf(e);
    amounts[p] = transfers.amount[e];
  }
  const txIndex = options.txIndex;
  const tx = txIndex ? order.map((e) => txIndex[e]) : order;
  return { nodeCount: n, offsets, targets, times, amounts, tx, reversed, names: options.names, txIds: options.txIds };
}

/** First edge of row v with time ≥ t (binary search; rows are time-sorted). */
export function firstEdgeAtOrAfter(g: TemporalGraph, v: number, t: number): number {
  let lo = g.offsets[v];
  let hi = g.offsets[v + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (g.times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
