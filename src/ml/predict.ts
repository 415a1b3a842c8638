// Inference over the flat forest: margin (log-odds) and probability for one row or a batch.

import type { Forest, GbdtModel, PackedForest } from './types.js';

/** Logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Sum of tree outputs plus `baseScore` for the row starting at `x[offset]` (model feature order). */
export function predictMargin(model: GbdtModel, x: ArrayLike<number>, offset = 0): number {
  return forestMargin(model.forest, model.baseScore, x, offset);
}

/** Margin of one row over a bare forest (packed, branch-free traversal; any values incl. NaN). */
export function forestMargin(forest: Forest, baseScore: number, x: ArrayLike<number>, offset = 0): number {
  const pk = forest.packed;
  const span = pk.featureSpan;
  if (offset < 0 || offset + span > x.length) {
    throw new RangeError(`row at offset ${offset} needs ${span} features but x holds ${x.length} values`);
  }
  const row = pk.row;
  const MAX = Number.MAX_VALUE;
  for (let f = 0; f < span; f++) {
    const v = x[offset + f];
    if (v !== v) {
      row[f] = Infinity;
      row[span + f] = -Infinity;
    } else {
      const c = v > MAX ? MAX : v < -MAX ? -MAX : v;
      row[f] = c;
      row[span + f] = c;
    }
  }
  return baseScore + packedSum(pk, row);
}

/** Node-by-node traversal honouring each split's NaN direction (any input). */
export function plainMargin(forest: Forest, baseScore: number, x: ArrayLike<number>, offset = 0): number {
  const { roots, feature, threshold, left, right, defaultLeft, value } = forest;
  let s = baseScore;
  for (let t = 0; t < forest.nTrees; t++) {
    let n = roots[t];
    let f = feature[n];
    while (f >= 0) {
      const v = x[offset + f];
      n = v <= threshold[n] || (v !== v && defaultLeft[n] === 1) ? left[n] : right[n];
      f = feature[n];
    }
    s += value[n];
  }
  return s;
}

/**
 * Sum of tree outputs for a prepared row (see PackedForest). Going right is the sign bit of
 * `threshold - v`, read through an Int32Array view of a scratch Float64Array, so there is no
 * data-dependent branch; eight independent trees per step keep the CPU busy.
 */
function packedSum(pk: PackedForest, x: Float64Array): number {
  const { roots, depth, slot: FE, threshold: TH, child: CH, value: VA } = pk;
  const sf = pk.scratch;
  const si = pk.scratchBits;
  const h = pk.hiWord;
  const T = roots.length;
  let s = 0;
  let t = 0;
  for (; t + 8 <= T; t += 8) {
    let a = roots[t];
    let b = roots[t + 1];
    let c = roots[t + 2];
    let d = roots[t + 3];
    let e = roots[t + 4];
    let f = roots[t + 5];
    let g = roots[t + 6];
    let k = roots[t + 7];
    let steps = depth[t];
    for (let u = 1; u < 8; u++) if (depth[t + u] > steps) steps = depth[t + u];
    for (; steps > 0; steps--) {
      sf[0] = TH[a] - x[FE[a]];
      sf[1] = TH[b] - x[FE[b]];
      sf[2] = TH[c] - x[FE[c]];
      sf[3] = TH[d] - x[FE[d]];
      sf[4] = TH[e] - x[FE[e]];
      sf[5] = TH[f] - x[FE[f]];
      sf[6] = TH[g] - x[FE[g]];
      sf[7] = TH[k] - x[FE[k]];
      a = CH[a] + (si[h] >>> 31);
      b = CH[b] + (si[2 + h] >>> 31);
      c = CH[c] + (si[4 + h] >>> 31);
      d = CH[d] + (si[6 + h] >>> 31);
      e = CH[e] + (si[8 + h] >>> 31);
      f = CH[f] + (si[10 + h] >>> 31);
      g = CH[g] + (si[12 + h] >>> 31);
      k = CH[k] + (si[14 + h] >>> 31);
    }
    s += VA[a] + VA[b] + VA[c] + VA[d] + VA[e] + VA[f] + VA[g] + VA[k];
  }
  for (; t < T; t++) {
    let i = roots[t];
    for (let steps = depth[t]; steps > 0; steps--) {
      sf[0] = TH[i] - x[FE[i]];
      i = CH[i] + (si[h] >>> 31);
    }
    s += VA[i];
  }
  return s;
}

/** Probability of the positive class for one row. */
export function predictProba(model: GbdtModel, x: ArrayLike<number>, offset = 0): number {
  return sigmoid(forestMargin(model.forest, model.baseScore, x, offset));
}

function rowCount(model: GbdtModel, X: ArrayLike<number>, rows: number | undefined): number {
  const d = model.featureNames.length;
  const n = rows ?? (d === 0 ? 0 : Math.floor(X.length / d));
  if (n * d > X.length) throw new RangeError(`X holds ${X.length} values, fewer than ${n} rows × ${d} features`);
  return n;
}

/** Margins of `rows` row-major rows (default: as many as `X` holds). */
export function predictMarginBatch(model: GbdtModel, X: ArrayLike<number>, rows?: number): Float64Array {
  const n = rowCount(model, X, rows);
  const d = model.featureNames.length;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[r] = forestMargin(model.forest, model.baseScore, X, r * d);
  return out;
}

/** Probabilities of `rows` row-major rows (default: as many as `X` holds). */
export function predictBatch(model: GbdtModel, X: ArrayLike<number>, rows?: number): Float64Array {
  const out = predictMarginBatch(model, X, rows);
  for (let r = 0; r < out.length; r++) out[r] = sigmoid(out[r]);
  return out;
}
