// Best split of one node from its histogram. With score(G, H) = G² / (H + λ) the gain of a split
// is ½·(score(left) + score(right) − score(node)), XGBoost's formula; a split is taken only when
// its gain exceeds `minSplitGain` and both children meet the minimum hessian and row counts.
// NaN rows are tried on both sides; "all values left, NaN right" is a candidate too.

import type { BinnedData } from './binning.js';

export interface SplitConstraints {
  lambda: number;
  minChildWeight: number;
  minSamplesLeaf: number;
  minSplitGain: number;
}

export interface SplitInfo {
  feature: number;
  /** Rows with bin <= `bin` go left (value bins only). */
  bin: number;
  /** Whether NaN rows go left. */
  nanLeft: boolean;
  gain: number;
  leftG: number;
  leftH: number;
  leftCount: number;
  rightG: number;
  rightH: number;
  rightCount: number;
}

/** Score of a node with gradient sum `g` and hessian sum `h`. */
export function nodeScore(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

/** Optimal leaf weight −G / (H + λ) (before the learning rate). */
export function leafWeight(g: number, h: number, lambda: number): number {
  return -g / (h + lambda);
}

/**
 * Scans the active features of a node's histogram and returns the best split, or null when no
 * admissible split has gain above `minSplitGain`. Ties keep the earliest feature, then bin, so
 * the result is deterministic.
 */
export function findBestSplit(
  hist: Float64Array,
  data: BinnedData,
  active: Int32Array,
  G: number,
  H: number,
  C: number,
  c: SplitConstraints,
): SplitInfo | null {
  const lambda = c.lambda;
  const minH = c.minChildWeight;
  const minC = c.minSamplesLeaf;
  const parentScore = nodeScore(G, H, lambda);
  let best: SplitInfo | null = null;
  let bestGain = Math.max(c.minSplitGain, 0);
  for (let a = 0; a < active.length; a++) {
    const f = active[a];
    const nb = data.numBins[f];
    const off = data.histOffset[f] * 3;
    const nanK = off + nb * 3;
    const nanG = hist[nanK];
    const nanH = hist[nanK + 1];
    const nanC = hist[nanK + 2];
    const hasNan = nanC > 0;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    const last = hasNan ? nb - 1 : nb - 2;
    for (let b = 0; b <= last; b++) {
      const k = off + b * 3;
      gl += hist[k];
      hl += hist[k + 1];
      cl += hist[k + 2];
      if (cl === 0) continue;
      // NaN to the right
      {
        const gr = G - gl;
        const hr = H - hl;
        const cr = C - cl;
        if (cl >= minC && cr >= minC && hl >= minH && hr >= minH) {
          const gain = 0.5 * (nodeScore(gl, hl, lambda) + nodeScore(gr, hr, lambda) - parentScore);
          if (gain > bestGain) {
            bestGain = gain;
            best = { feature: f, bin: b, nanLeft: false, gain, leftG: gl, leftH: hl, leftCount: cl, rightG: gr, rightH: hr, rightCount: cr };
          }
        }
      }
      // NaN to the left (only meaningful below the last value bin)
      if (hasNan && b < nb - 1) {
        const gL = gl + nanG;
        const hL = hl + nanH;
        const cL = cl + nanC;
        const gr = G - gL;
        const hr = H - hL;
        const cr = C - cL;
        if (cL >= minC && cr >= minC && hL >= minH && hr >= minH) {
          const gain = 0.5 * (nodeScore(gL, hL, lambda) + nodeScore(gr, hr, lambda) - parentScore);
          if (gain > bestGain) {
            bestGain = gain;
            best = { feature: f, bin: b, nanLeft: true, gain, leftG: gL, leftH: hL, leftCount: cL, rightG: gr, rightH: hr, rightCount: cr };
          }
        }
      }
    }
  }
  return best;
}
