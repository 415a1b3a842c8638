// Per-prediction explanations: path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, algorithm 2).
// For every tree, the Shapley values of the "conditional expectation along the tree" game, where
// features outside a coalition follow both children weighted by training cover. Summed over
// trees, the values plus the bias (baseScore + expected tree output) equal the margin exactly.
// `shapValues`/`explain` use the precomputed per-leaf tables of shap-tables.ts when the forest
// has them (the same numbers, O(depth) per leaf) and this recursive algorithm otherwise.

import { tableShap } from './shap-tables.js';
import type { Forest, GbdtModel } from './types.js';

export interface ShapResult {
  /** baseScore + the cover-weighted expected output of every tree. */
  bias: number;
  /** One value per model feature; `bias + Σ values` is the margin of the row. */
  values: Float64Array;
}

export interface Contribution {
  feature: string;
  /** Contribution to the margin (log-odds). */
  contribution: number;
  /** The row's value of the feature. */
  value: number;
}

/** The unique path of algorithm 2 as struct-of-arrays; a frame starts at an offset into them. */
interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

function newPath(maxDepth: number): Path {
  const size = ((maxDepth + 3) * (maxDepth + 4)) / 2 + 2;
  return { feature: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size), weight: new Float64Array(size) };
}

function extendPath(p: Path, b: number, depth: number, zeroFraction: number, oneFraction: number, feature: number): void {
  const W = p.weight;
  p.feature[b + depth] = feature;
  p.zero[b + depth] = zeroFraction;
  p.one[b + depth] = oneFraction;
  W[b + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    W[b + i + 1] += (oneFraction * W[b + i] * (i + 1)) / (depth + 1);
    W[b + i] = (zeroFraction * W[b + i] * (depth - i)) / (depth + 1);
  }
}

function unwindPath(p: Path, b: number, depth: number, index: number): void {
  const W = p.weight;
  const one = p.one[b + index];
  const zero = p.zero[b + index];
  let nextOne = W[b + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = W[b + i];
      W[b + i] = (nextOne * (depth + 1)) / ((i + 1) * one);
      nextOne = tmp - (W[b + i] * zero * (depth - i)) / (depth + 1);
    } else {
      W[b + i] = (W[b + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[b + i] = p.feature[b + i + 1];
    p.zero[b + i] = p.zero[b + i + 1];
    p.one[b + i] = p.one[b + i + 1];
  }
}

/** Total weight of the path with element `index` unwound, without modifying it. */
function unwoundPathSum(p: Path, b: number, depth: number, index: number): number {
  const W = p.weight;
  const one = p.one[b + index];
  const zero = p.zero[b + index];
  let nextOne = W[b + depth];
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (nextOne * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      nextOne = W[b + i] - tmp * zero * ((depth - i) / (depth + 1));
    } else if (zero !== 0) {
      total += W[b + i] / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

interface Walk {
  forest: Forest;
  x: ArrayLike<number>;
  offset: number;
  phi: Float64Array;
  path: Path;
}

function recurse(w: Walk, node: number, depth: number, parentBase: number, zeroFraction: number, oneFraction: number, feature: number): void {
  const { forest, path: p } = w;
  const b = parentBase + depth + 1;
  for (let i = 0; i <= depth; i++) {
    p.feature[b + i] = p.feature[parentBase + i];
    p.zero[b + i] = p.zero[parentBase + i];
    p.one[b + i] = p.one[parentBase + i];
    p.weight[b + i] = p.weight[parentBase + i];
  }
  extendPath(p, b, depth, zeroFraction, oneFraction, feature);
  const split = forest.feature[node];
  if (split < 0) {
    const leaf = forest.value[node];
    for (let i = 1; i <= depth; i++) {
      const s = unwoundPathSum(p, b, depth, i);
      w.phi[p.feature[b + i]] += s * (p.one[b + i] - p.zero[b + i]) * leaf;
    }
    return;
  }
  const v = w.x[w.offset + split];
  const goLeft = v <= forest.threshold[node] || (v !== v && forest.defaultLeft[node] === 1);
  const hot = goLeft ? forest.left[node] : forest.right[node];
  const cold = goLeft ? forest.right[node] : forest.left[node];
  const cover = forest.cover[node];
  const hotZero = cover > 0 ? forest.cover[hot] / cover : 0.5;
  const coldZero = cover > 0 ? forest.cover[cold] / cover : 0.5;
  let incomingZero = 1;
  let incomingOne = 1;
  // a feature already on the path is unwound and re-added with the combined fractions
  let k = 0;
  for (; k <= depth; k++) if (p.feature[b + k] === split) break;
  let d = depth;
  if (k !== depth + 1) {
    incomingZero = p.zero[b + k];
    incomingOne = p.one[b + k];
    unwindPath(p, b, d, k);
    d -= 1;
  }
  recurse(w, hot, d + 1, b, hotZero * incomingZero, incomingOne, split);
  recurse(w, cold, d + 1, b, coldZero * incomingZero, 0, split);
}

/** Adds the TreeSHAP values of every tree (recursive algorithm 2) for the row at `x[offset]` into `phi`. */
export function forestShap(forest: Forest, x: ArrayLike<number>, offset: number, phi: Float64Array): void {
  const w: Walk = { forest, x, offset, phi, path: newPath(forest.maxDepth) };
  for (let t = 0; t < forest.nTrees; t++) recurse(w, forest.roots[t], 0, 0, 1, 1, -1);
}

/** SHAP values of one row (model feature order): `bias + Σ values` equals `predictMargin`. */
export function shapValues(model: GbdtModel, x: ArrayLike<number>, offset = 0): ShapResult {
  const d = model.featureNames.length;
  if (offset < 0 || offset + d > x.length) throw new RangeError(`row at offset ${offset} needs ${d} features but x holds ${x.length} values`);
  // index -1 (the root's placeholder) is never credited, so phi needs exactly d slots
  const values = new Float64Array(d);
  const tables = model.forest.shap;
  if (tables !== null) tableShap(model.forest, tables, x, offset, values);
  else forestShap(model.forest, x, offset, values);
  return { bias: model.baseScore + model.forest.expected, values };
}

/** The `top` features with the largest |contribution| to this row's margin (TreeSHAP). */
export function explain(model: GbdtModel, x: ArrayLike<number>, top = 5, offset = 0): Contribution[] {
  const { values } = shapValues(model, x, offset);
  const order: number[] = [];
  for (let f = 0; f < values.length; f++) if (values[f] !== 0) order.push(f);
  order.sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]) || a - b);
  return order.slice(0, Math.max(0, top)).map((f) => ({ feature: model.featureNames[f], contribution: values[f], value: x[offset + f] }));
}
