// Isolation forest (Liu, Ting & Zhou 2008) on typed arrays: random axis-parallel splits isolate
// unusual rows in few steps. Written here because the JS implementations on npm keep an object
// per node and per row and train far too slowly at our sizes (see STACK.md on JS ML libraries).

import { createRng } from './prng.js';

export interface IsolationForestOptions {
  /** Trees. Default 100. */
  trees?: number;
  /** Rows drawn (without replacement) per tree. Default 256. */
  sampleSize?: number;
  seed?: number;
}

/** A trained forest: nodes of all trees in flat arrays; a leaf has feature −1. */
export interface IsolationForest {
  features: number;
  sampleSize: number;
  /** Start node of each tree. */
  roots: number[];
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  /** Rows that reached a leaf (for the unbuilt subtree's expected depth). */
  size: number[];
}

const EULER = 0.5772156649;

/** Average path length of an unsuccessful search in a binary search tree of n nodes. */
export function averagePath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
}

/** Trains on row-major `X` (rows × features). Deterministic for a seed. */
export function trainIsolationForest(X: Float64Array, rows: number, features: number, options: IsolationForestOptions = {}): IsolationForest {
  if (rows < 2) throw new RangeError('an isolation forest needs at least 2 rows');
  if (X.length !== rows * features) throw new RangeError(`X has ${X.length} values, expected ${rows} × ${features}`);
  const trees = options.trees ?? 100;
  const sampleSize = Math.min(options.sampleSize ?? 256, rows);
  const rng = createRng(options.seed ?? 1);
  const heightLimit = Math.ceil(Math.log2(Math.max(2, sampleSize)));
  const f: IsolationForest = { features, sampleSize, roots: [], feature: [], threshold: [], left: [], right: [], size: [] };
  const idx = new Int32Array(sampleSize);
  const all = new Int32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  for (let t = 0; t < trees; t++) {
    // Partial Fisher–Yates: the first sampleSize entries become the sample.
    for (let i = 0; i < sampleSize; i++) {
      const j = i + Math.floor(rng() * (rows - i));
      const tmp = all[i];
      all[i] = all[j];
      all[j] = tmp;
      idx[i] = all[i];
    }
    f.roots.push(grow(f, X, features, idx, 0, sampleSize, 0, heightLimit, rng));
  }
  return f;
}

function grow(f: IsolationForest, X: Float64Array, d: number, idx: Int32Array, lo: number, hi: number, depth: number, limit: number, rng: () => number): number {
  const node = f.feature.length;
  f.feature.push(-1);
  f.threshold.push(0);
  f.left.push(-1);
  f.right.push(-1);
  f.size.push(hi - lo);
  if (depth >= limit || hi - lo <= 1) return node;
  // A random feature that varies in this node (a few tries), split uniformly in its range.
  for (let attempt = 0; attempt < 8; attempt++) {
    const q = Math.floor(rng() * d);
    let min = Infinity;
    let max = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = X[idx[i] * d + q];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(max > min)) continue;
    const split = min + rng() * (max - min);
    let a = lo;
    let b = hi - 1;
    while (a <= b) {
      if (X[idx[a] * d + q] < split) a++;
      else {
        const tmp = idx[a];
        idx[a] = idx[b];
        idx[b] = tmp;
        b--;
      }
    }
    if (a === lo || a === hi) continue;
    f.feature[node] = q;
    f.threshold[node] = split;
    f.left[node] = grow(f, X, d, idx, lo, a, depth + 1, limit, rng);
    f.right[node] = grow(f, X, d, idx, a, hi, depth + 1, limit, rng);
    return node;
  }
  return node;
}

/**
 * Anomaly score in (0, 1): 2^(−mean path length / c(sampleSize)); about 0.5 for ordinary rows,
 * towards 1 for rows isolated in few splits. When `credit` is given, each feature's share of
 * the isolating splits (weighted by how early they came) is added to it.
 */
export function isolationScore(f: IsolationForest, row: ArrayLike<number>, credit?: Float64Array): number {
  let total = 0;
  for (const root of f.roots) {
    let n = root;
    let depth = 0;
    while (f.feature[n] >= 0) {
      const q = f.feature[n];
      if (credit) credit[q] += 1 / (depth + 1);
      n = row[q] < f.threshold[n] ? f.left[n] : f.right[n];
      depth++;
    }
    total += depth + averagePath(f.size[n]);
  }
  return Math.pow(2, -total / f.roots.length / averagePath(f.sampleSize));
}
