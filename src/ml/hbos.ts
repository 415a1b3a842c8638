// Histogram-based outlier score (HBOS, Goldstein & Dengel 2012): per feature, how rare this
// value's bin was in the history; the score is the sum of −log of those bin frequencies, so a
// transaction that is rare on several independent counts scores high. Fast (one histogram per
// feature), explainable (each feature's term is its contribution) and, unlike an isolation
// forest, not diluted when the rare sign sits in one binary feature among many.

export interface Hbos {
  features: number;
  /** Per feature: ascending upper bin edges (values ≤ edges[k] fall in bin k; above the last → last bin). */
  edges: number[][];
  /** Per feature: −log(frequency) of each bin, smoothed. */
  cost: number[][];
  /** Per feature: the smallest value seen. */
  min: number[];
}

/** Bins per feature at most: quantile edges over the distinct values. */
const BINS = 20;

/** Fits the histograms on row-major `X` (rows × features). */
export function trainHbos(X: Float64Array, rows: number, features: number): Hbos {
  if (rows < 1) throw new RangeError('HBOS needs at least one row');
  const edges: number[][] = [];
  const cost: number[][] = [];
  const min: number[] = [];
  const col = new Float64Array(rows);
  for (let j = 0; j < features; j++) {
    for (let r = 0; r < rows; r++) col[r] = X[r * features + j];
    col.sort();
    // Edges at quantiles, deduplicated: discrete features get one bin per value.
    const e: number[] = [];
    for (let k = 1; k <= BINS; k++) {
      const v = col[Math.min(rows - 1, Math.max(0, Math.floor((k * rows) / BINS) - 1))];
      if (e.length === 0 || v > e[e.length - 1]) e.push(v);
    }
    const counts = new Float64Array(e.length);
    let b = 0;
    for (let r = 0; r < rows; r++) {
      while (col[r] > e[b] && b < e.length - 1) b++;
      counts[b]++;
    }
    cost.push(Array.from(counts, (c) => -Math.log((c + 1) / (rows + e.length))));
    edges.push(e);
    min.push(col[0]);
  }
  return { features, edges, cost, min };
}

function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The outlier score of a row: Σ −log frequency of its bins, less each feature's cheapest bin
 * (so an ordinary row scores near 0). A value beyond the history's range costs as much as the
 * rarest bin. With `credit`, each feature's term is added to it.
 */
export function hbosScore(m: Hbos, row: ArrayLike<number>, credit?: Float64Array): number {
  let s = 0;
  for (let j = 0; j < m.features; j++) {
    const e = m.edges[j];
    const c = m.cost[j];
    const v = row[j];
    let term = c[binOf(e, v)];
    if (v > e[e.length - 1] || v < m.min[j]) {
      for (const x of c) if (x > term) term = x;
    }
    let floor = Infinity;
    for (const x of c) if (x < floor) floor = x;
    term -= floor;
    if (credit) credit[j] += term;
    s += term;
  }
  return s;
}
