// Quantile binning: every feature is cut once into at most `maxBins - 1` value bins plus one bin
// for NaN, and the whole dataset becomes a column-major Uint8Array of bin indices.
//
// Bin b of a feature holds the values v with edges[b-1] < v <= edges[b]; the last edge is
// +Infinity. Edges lie halfway between neighbouring distinct training values, so a split
// "bin <= b" is the raw-value test "x <= edges[b]". NaN always maps to bin `numBins` (one past the
// last value bin), whether or not the feature had NaN in training.

export interface BinnedData {
  rows: number;
  features: number;
  /** Column-major: the bin of row r, feature f is `bins[f * rows + r]`. */
  bins: Uint8Array;
  /** Upper edges of the value bins of each feature (last = +Infinity). */
  edges: Float64Array[];
  /** Number of value bins per feature (the NaN bin is index `numBins[f]`). */
  numBins: Int32Array;
  /** Rows with NaN per feature. */
  nanCount: Int32Array;
  /** Start of each feature's slots in a histogram; feature f has `numBins[f] + 1` slots. */
  histOffset: Int32Array;
  /** Total histogram slots over all features. */
  totalSlots: number;
}

function midpoint(a: number, b: number): number {
  let m = a + (b - a) / 2;
  if (!Number.isFinite(m)) m = a / 2 + b / 2;
  if (!(m >= a && m < b)) m = a;
  return m;
}

/**
 * Upper bin edges for one feature's values (NaN ignored): every distinct value gets its own bin
 * when there are at most `maxValueBins` of them, otherwise bins hold roughly equal numbers of
 * rows, a heavy single value being a bin of its own. Always ends with +Infinity.
 */
export function computeBinEdges(values: ArrayLike<number>, maxValueBins: number): Float64Array {
  if (!(maxValueBins >= 1)) throw new RangeError(`maxValueBins must be >= 1, got ${maxValueBins}`);
  const sorted = Float64Array.from(values).sort(); // NaN sorts last
  let n = sorted.length;
  while (n > 0 && Number.isNaN(sorted[n - 1])) n--;
  if (n === 0) return Float64Array.of(Infinity);
  // distinct values and their counts
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i];
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const d = distinct.length;
  const edges: number[] = [];
  if (d <= maxValueBins) {
    for (let i = 0; i < d - 1; i++) edges.push(midpoint(distinct[i], distinct[i + 1]));
  } else {
    let remaining = n;
    let binsLeft = maxValueBins;
    let acc = 0;
    for (let i = 0; i < d - 1 && binsLeft > 1; i++) {
      acc += counts[i];
      const target = remaining / binsLeft;
      // close the bin when it is full, or before a value heavy enough to fill a bin alone
      if (acc >= target || counts[i + 1] >= target) {
        edges.push(midpoint(distinct[i], distinct[i + 1]));
        remaining -= acc;
        binsLeft--;
        acc = 0;
      }
    }
  }
  edges.push(Infinity);
  return Float64Array.from(edges);
}

/** The bin of value `v` given a feature's edges (NaN → `edges.length`). */
export function binOf(edges: Float64Array, v: number): number {
  if (v !== v) return edges.length;
  let lo = 0;
  let hi = edges.length - 1; // the last edge is +Infinity, so the answer is <= hi
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Bins a row-major matrix; `maxBins` counts the NaN bin, so at most `maxBins - 1` value bins. */
export function binDataset(X: Float64Array, rows: number, features: number, maxBins = 255): BinnedData {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 256) {
    throw new RangeError(`maxBins must be an integer in 2…256, got ${maxBins}`);
  }
  if (X.length !== rows * features) {
    throw new RangeError(`X has ${X.length} values, expected rows × features = ${rows * features}`);
  }
  const bins = new Uint8Array(rows * features);
  const edges: Float64Array[] = [];
  const numBins = new Int32Array(features);
  const nanCount = new Int32Array(features);
  const histOffset = new Int32Array(features);
  const column = new Float64Array(rows);
  let slots = 0;
  for (let f = 0; f < features; f++) {
    for (let r = 0; r < rows; r++) column[r] = X[r * features + f];
    const e = computeBinEdges(column, maxBins - 1);
    edges.push(e);
    numBins[f] = e.length;
    histOffset[f] = slots;
    slots += e.length + 1;
    const base = f * rows;
    let nan = 0;
    for (let r = 0; r < rows; r++) {
      const b = binOf(e, column[r]);
      if (b === e.length) nan++;
      bins[base + r] = b;
    }
    nanCount[f] = nan;
  }
  return { rows, features, bins, edges, numBins, nanCount, histOffset, totalSlots: slots };
}
